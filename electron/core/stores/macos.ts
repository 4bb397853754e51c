/**
 * macOS keychains through `/usr/bin/security`: the login keychain, and the System keychain with
 * an administrator's consent.
 *
 * Mapping of the guides' stores: Personal = an identity (certificate + key) in the keychain;
 * Intermediate = a certificate in the keychain (`add-certificates`); Trusted Root = a
 * certificate with a trust setting (`add-trusted-cert -r trustRoot`; `-d` = admin trust domain,
 * for the System keychain). Keychains hold no CRLs: macOS fetches revocation itself, so a CRL is
 * refused with a sentence saying so. A PFX is imported with `security import -f pkcs12` WITHOUT
 * `-P`: macOS then asks for the PFX password in its own secure dialog, so the password never
 * appears on a command line (`-P` would show it in `ps`). `-x` (non-extractable) unless the user
 * asked for an exportable key. System-keychain writes run through `osascript … with
 * administrator privileges`, which shows macOS's admin prompt ("ask for elevation").
 * Not run on macOS here: unit-tested on the exact command lines and recorded outputs.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { CertwizError } from '../../../shared/errors';
import { certFacts, commonName, storeCertificate } from './classify';
import { runTool } from './exec';
import type { Runner } from './windows';
import type { CertImportOptions, CertStore, PfxImportOptions, Placed, StoreCertificate, StoreCrl } from './types';

export type MacKeychain = 'login' | 'system';
export const SECURITY = '/usr/bin/security';
export const SYSTEM_KEYCHAIN = '/Library/Keychains/System.keychain';

export function keychainPath(keychain: MacKeychain, home: string): string {
  return keychain === 'system' ? SYSTEM_KEYCHAIN : join(home, 'Library', 'Keychains', 'login.keychain-db');
}

/** `security find-certificate -a -Z -p`: hash lines, then the PEM, per certificate. */
export function parseFindCertificate(stdout: string): { sha1?: string; sha256?: string; der: Uint8Array }[] {
  const out: { sha1?: string; sha256?: string; der: Uint8Array }[] = [];
  let sha1: string | undefined;
  let sha256: string | undefined;
  let pem: string[] | null = null;
  for (const line of stdout.replace(/\r/g, '').split('\n')) {
    const h = /^SHA-(1|256) hash:\s*([0-9A-Fa-f]+)\s*$/.exec(line.trim());
    if (h) {
      if (h[1] === '1') sha1 = h[2].toLowerCase();
      else sha256 = h[2].toLowerCase();
      continue;
    }
    if (line.startsWith('-----BEGIN CERTIFICATE-----')) {
      pem = [];
      continue;
    }
    if (line.startsWith('-----END CERTIFICATE-----') && pem) {
      out.push({ sha1, sha256, der: new Uint8Array(Buffer.from(pem.join(''), 'base64')) });
      pem = null;
      sha1 = sha256 = undefined;
      continue;
    }
    if (pem) pem.push(line.trim());
  }
  return out;
}

/** `security find-identity`: SHA-1 of every certificate that has its private key here. */
export function parseFindIdentity(stdout: string): Set<string> {
  const out = new Set<string>();
  for (const m of stdout.matchAll(/^\s*\d+\)\s+([0-9A-F]{40})\s+"/gm)) out.add(m[1].toLowerCase());
  return out;
}

/** `security dump-trust-settings [-d]`: the names of certificates with trust settings. */
export function parseTrustSettings(stdout: string): Set<string> {
  const out = new Set<string>();
  for (const m of stdout.matchAll(/^Cert \d+:\s*(.*\S)\s*$/gm)) out.add(m[1]);
  return out;
}

/** An AppleScript string literal for `do shell script`. */
function appleString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function shellQuote(a: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/** argv that runs `security ARGS` as root after macOS's administrator prompt. */
export function elevated(args: string[]): [string, string[]] {
  const cmd = [SECURITY, ...args].map(shellQuote).join(' ');
  return ['/usr/bin/osascript', ['-e', `do shell script ${appleString(cmd)} with administrator privileges`]];
}

/** The exact commands, exported so tests and the helpdesk text show the same lines. */
export const macCommands = {
  list: (kc: string) => ['find-certificate', '-a', '-Z', '-p', kc],
  identities: (kc: string) => ['find-identity', kc],
  trustSettings: (system: boolean) => (system ? ['dump-trust-settings', '-d'] : ['dump-trust-settings']),
  addCertificate: (kc: string, file: string) => ['add-certificates', '-k', kc, file],
  addTrustedRoot: (kc: string, file: string, system: boolean) =>
    system ? ['add-trusted-cert', '-d', '-r', 'trustRoot', '-k', kc, file] : ['add-trusted-cert', '-r', 'trustRoot', '-k', kc, file],
  importPfx: (kc: string, file: string, exportable: boolean) =>
    exportable ? ['import', file, '-k', kc, '-f', 'pkcs12'] : ['import', file, '-k', kc, '-f', 'pkcs12', '-x'],
  deleteCertificate: (kc: string, sha1: string, withTrust: boolean) =>
    withTrust ? ['delete-certificate', '-Z', sha1.toUpperCase(), '-t', kc] : ['delete-certificate', '-Z', sha1.toUpperCase(), kc],
};

export class MacKeychainStore implements CertStore {
  readonly kind = 'macos' as const;
  readonly label: string;
  readonly keychain: string;

  constructor(
    readonly which: MacKeychain,
    home: string,
    private readonly run: Runner = runTool,
    private readonly isRoot: boolean = typeof process.getuid === 'function' && process.getuid() === 0,
  ) {
    this.keychain = keychainPath(which, home);
    this.label = which === 'system' ? 'the System keychain' : 'your login keychain';
  }

  private async security(args: string[], write: boolean): Promise<string> {
    const [cmd, argv] = write && this.which === 'system' && !this.isRoot ? elevated(args) : [SECURITY, args];
    const r = await this.run(cmd, argv, { timeoutMs: 300_000 }); // macOS dialogs wait for the user
    if (r.code !== 0) {
      const text = r.stderr + r.stdout;
      if (/already exists in the keychain|errSecDuplicateItem|-25299/.test(text)) return r.stdout;
      if (/User canceled|-128\b|errAuthorizationCanceled/.test(text)) {
        throw new CertwizError('CANCELLED', 'macOS asked for a confirmation and it was declined; nothing was changed.');
      }
      if (/could not be found|-25300|The specified item could not be found/.test(text)) {
        throw new CertwizError('NOT_FOUND', `The certificate is not in ${this.label}.`, { store: this.label });
      }
      if (/MAC verification failed|passphrase|-25293|-25264/.test(text)) {
        throw new CertwizError('PFX_BAD_PASSWORD', 'The password does not open this PFX file. It was set when the file was exported.');
      }
      if (/No such keychain|-25294/.test(text)) {
        throw new CertwizError('STORE_NOT_FOUND', `${this.label} does not exist.`, { store: this.label });
      }
      if (/write permissions|-61\b|Permission denied|-25308/.test(text)) {
        throw new CertwizError('STORE_READ_ONLY', `${this.label} cannot be changed by this account.`, { store: this.label, reason: 'needs-admin' });
      }
      throw new CertwizError('STORE_TOOL_FAILED', `macOS could not change ${this.label}.`, { store: this.label });
    }
    return r.stdout;
  }

  async list(): Promise<StoreCertificate[]> {
    const certs = parseFindCertificate(await this.security(macCommands.list(this.keychain), false));
    const keys = parseFindIdentity(await this.security(macCommands.identities(this.keychain), false));
    const trusted = parseTrustSettings(await this.security(macCommands.trustSettings(this.which === 'system'), false).catch(() => ''));
    const out: StoreCertificate[] = [];
    for (const c of certs) {
      const f = await certFacts(c.der);
      const isTrusted = trusted.has(commonName(f.subject));
      const hasKey = keys.has(f.sha1);
      out.push(
        storeCertificate(f, {
          location: isTrusted && f.selfSigned ? 'root' : hasKey || !f.isCA ? 'personal' : 'intermediate',
          trust: isTrusted ? 'trusted' : 'none',
          hasKey,
          handle: `${this.keychain}#${f.sha1}`,
        }),
      );
    }
    return out;
  }

  async listCrls(): Promise<StoreCrl[]> {
    return [];
  }

  async importCertificates(certs: { der: Uint8Array; options: CertImportOptions }[]): Promise<Placed[]> {
    const facts = await Promise.all(certs.map((c) => certFacts(c.der)));
    const placed: Placed[] = [];
    try {
      for (const [i, c] of certs.entries()) {
        await withFile(c.der, '.cer', async (file) => {
          const args =
            c.options.location === 'root'
              ? macCommands.addTrustedRoot(this.keychain, file, this.which === 'system')
              : macCommands.addCertificate(this.keychain, file);
          await this.security(args, true);
        });
        placed.push({ sha256: facts[i].sha256, subject: facts[i].subject, location: c.options.location, handle: facts[i].sha1 });
      }
    } catch (e) {
      for (const p of placed.reverse()) {
        await this.security(macCommands.deleteCertificate(this.keychain, p.handle, p.location === 'root'), true).catch(() => undefined);
      }
      throw e;
    }
    return placed;
  }

  async importCrl(): Promise<Placed> {
    throw new CertwizError(
      'WRONG_STORE',
      'macOS keychains do not hold revocation lists; macOS checks revocation itself from the addresses in each certificate.',
      { store: this.label },
    );
  }

  async importPfx(pfx: Uint8Array, _password: string, options: PfxImportOptions = {}): Promise<Placed[]> {
    const before = new Set((await this.list()).map((e) => e.sha256));
    await withFile(pfx, '.p12', (file) => this.security(macCommands.importPfx(this.keychain, file, options.exportable === true), true));
    const added = (await this.list()).filter((e) => !before.has(e.sha256));
    if (options.trustRoot) {
      const roots = added.filter((e) => e.selfSigned);
      if (roots.length) await this.importCertificates(roots.map((r) => ({ der: r.der, options: { location: 'root' as const } })));
    }
    return added.map((a) => ({ sha256: a.sha256, subject: a.subject, location: a.selfSigned && options.trustRoot ? 'root' : a.location, handle: a.sha1 }));
  }

  async remove(thumbprint: string): Promise<void> {
    const t = thumbprint.toLowerCase().replace(/[^0-9a-f]/g, '');
    const hit = (await this.list()).find((e) => e.sha1 === t || e.sha256 === t);
    if (!hit) throw new CertwizError('NOT_FOUND', `No certificate with thumbprint ${t} is in ${this.label}.`, { thumbprint: t });
    await this.security(macCommands.deleteCertificate(this.keychain, hit.sha1, hit.trust === 'trusted'), true);
  }
}

/** `security` reads files; a private temp dir, removed after. Only public data or a PFX (encrypted). */
async function withFile<T>(data: Uint8Array, ext: string, fn: (path: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(join(tmpdir(), 'certwiz-mac-'));
  const file = join(dir, `item${ext}`);
  try {
    await fs.writeFile(file, data, { mode: 0o600 });
    return await fn(file);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

