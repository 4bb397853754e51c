/**
 * The Linux NSS certificate database (Chromium's `~/.pki/nssdb`, Firefox profiles, any DB by path).
 *
 * Driven through Debian's libnss3-tools (certutil, pk12util, crlutil) on a `sql:` (cert9/key4)
 * database, because those tools are what NSS itself ships to change a DB while browsers may have
 * it open (SQLite locking); reimplementing NSS's PKCS#11 objects by hand would be neither smaller
 * nor safer. Issue 4 rules kept here:
 *  - trust flags: roots `C,,` (TLS) or `CT,C,C` only when asked; intermediates `,,`;
 *  - NSS has no per-key "High" level: a DB password protects all keys at once (`pfxSecurityNote`);
 *  - nothing half-done: the DB is checked (exists, writable, unlocked) before any write, and
 *    entries a failed call had already added are removed again. This matters because certutil
 *    on a locked DB adds the certificate and only then fails to set its trust (measured: rc 255
 *    with the certificate left behind).
 * Each certificate gets its own nickname (CN, then CN plus a thumbprint prefix when taken) so a
 * single one can be deleted by nickname even when an old Sub CA shares its subject.
 */
import { promises as fs, constants } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { CertwizError } from '../../../shared/errors';
import { certFacts, commonName, crlFacts, storeCertificate } from './classify';
import { readPfx } from '../pkcs12';
import { runTool, secretPath, type ToolResult } from './exec';
import {
  type NssListRow,
  locationFromTrust,
  nssError,
  parseCertList,
  parseCrlInfo,
  parseCrlList,
  type NssCrlInfo,
  parseKeyList,
  parsePemCerts,
  trustFor,
} from './nss-parse';
import type { CertImportOptions, CertStore, PfxImportOptions, Placed, StoreCertificate, StoreCrl } from './types';

export interface NssStoreOptions {
  /** The DB password, if the DB has one (it unlocks keys and trust changes). */
  password?: string;
  /** Shown in messages; default: the directory. */
  label?: string;
}

/** Why NSS has no "High" per key (issue 4): shown on the security-level step for NSS targets. */
export const NSS_SECURITY_NOTE =
  'This store has no per-key "High" protection. Set a password on the whole database instead; ' +
  'the browser then asks for it before using any key.';

export class NssStore implements CertStore {
  readonly kind = 'nss' as const;
  readonly label: string;
  private readonly db: string;
  private readonly password: string | undefined;

  constructor(readonly dir: string, options: NssStoreOptions = {}) {
    this.db = `sql:${dir}`;
    this.password = options.password;
    this.label = options.label ?? `the NSS database at ${dir}`;
  }

  /** Creates a new DB (empty password unless one is given). Refuses to touch an existing one. */
  static async create(dir: string, options: NssStoreOptions = {}): Promise<NssStore> {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    if (await exists(join(dir, 'cert9.db'))) {
      throw new CertwizError('FILE_EXISTS', `A certificate database already exists at ${dir}.`, { path: dir });
    }
    const store = new NssStore(dir, options);
    const args = ['-N', '-d', store.db];
    const r = options.password
      ? await runTool('certutil', [...args, '-f', secretPath(0)], { secrets: [options.password] })
      : await runTool('certutil', [...args, '--empty-password']);
    if (r.code !== 0) throw store.err(r, 'create the database');
    return store;
  }

  async list(): Promise<StoreCertificate[]> {
    await this.assertExists();
    const r = await this.certutil(['-L']);
    if (r.code !== 0) throw this.err(r, 'list the certificates');
    const rows = parseCertList(r.stdout);
    const keys = await this.keyNicknames().catch((e) => {
      if (e instanceof CertwizError && (e.code === 'STORE_LOCKED' || e.code === 'STORE_PASSWORD_INCORRECT')) return undefined;
      throw e;
    });
    // `-L -n NICK -a` prints every certificate with that nickname's subject, and not always the
    // nickname's own first: with an old and a new Sub CA of the same name (guide 001 D, the
    // 1 May 2025 change) NSS printed the newer one first for both nicknames, so the old one
    // vanished from the list and --remove-old could not find it. Four at a time: the SQLite DB
    // has concurrent readers, and a desktop DB holds tens of certificates.
    const pems = await mapLimit(rows, 4, (row) => this.certutil(['-L', '-n', row.nickname, '-a']));
    const facts = await Promise.all(pems.map((p) => (p.code === 0 ? Promise.all(parsePemCerts(p.stdout).map((d) => certFacts(d))) : [])));
    const owner = attributeCertificates(rows.map((r) => r.nickname), facts);
    const seen = new Set<string>();
    const out: StoreCertificate[] = [];
    for (const [i, row] of rows.entries()) {
      const f = owner[i];
      if (!f || seen.has(f.sha256)) continue;
      seen.add(f.sha256);
      const hasKey = keys === undefined ? undefined : keys.has(row.nickname);
      out.push(storeCertificate(f, { location: locationFromTrust(row.trust, f.isCA, hasKey), trust: row.trust, hasKey, handle: row.nickname }));
    }
    return out;
  }

  async listCrls(): Promise<StoreCrl[]> {
    await this.assertExists();
    const r = await runTool('crlutil', ['-L', '-d', this.db]);
    // crlutil -L on a DB without CRLs prints the header and exits 0; anything else is an error.
    if (r.code !== 0) throw this.err(r, 'list the revocation lists');
    return parseCrlList(r.stdout).map((name) => ({ issuer: name, thisUpdate: '', handle: name }));
  }

  /** The installed CRLs' contents, for revocation in the chain view (NSS checked their signatures). */
  async installedCrls(): Promise<NssCrlInfo[]> {
    const out: NssCrlInfo[] = [];
    for (const c of await this.listCrls()) {
      const r = await runTool('crlutil', ['-L', '-d', this.db, '-n', c.handle]);
      if (r.code === 0) out.push(parseCrlInfo(r.stdout));
    }
    return out;
  }

  /** Adds certificates with their trust; all or none. Already present ones only get their trust set. */
  async importCertificates(certs: { der: Uint8Array; options: CertImportOptions }[]): Promise<Placed[]> {
    const facts = await Promise.all(certs.map((c) => certFacts(c.der))); // all parse, or nothing is written
    await this.assertWritable();
    await this.assertUnlocked();
    const existing = await this.list();
    const nicknames = new Set(existing.map((e) => e.handle));
    const added: string[] = [];
    const retrusted: { nickname: string; trust: string }[] = [];
    const placed: Placed[] = [];
    try {
      for (const [i, { der, options }] of certs.entries()) {
        const f = facts[i];
        const trust = trustFor(options.location, options.rootTrust);
        const present = existing.find((e) => e.sha256 === f.sha256);
        if (present) {
          if (present.trust !== trust && options.location !== 'personal') {
            const r = await this.certutil(['-M', '-n', present.handle, '-t', trust], true);
            if (r.code !== 0) throw this.err(r, 'set the trust');
            retrusted.push({ nickname: present.handle, trust: present.trust });
          }
          placed.push({ sha256: f.sha256, subject: f.subject, location: options.location, handle: present.handle });
          continue;
        }
        let nickname = cleanNickname(options.friendlyName ?? commonName(f.subject));
        if (nicknames.has(nickname)) nickname = `${nickname} [${f.sha1.slice(0, 8)}]`;
        const r = await this.certutil(['-A', '-n', nickname, '-t', trust], true, der);
        if (r.code !== 0) {
          // certutil may have added the certificate before failing on its trust.
          if (await this.hasNickname(nickname)) added.push(nickname);
          throw this.err(r, 'add the certificate');
        }
        added.push(nickname);
        nicknames.add(nickname);
        placed.push({ sha256: f.sha256, subject: f.subject, location: options.location, handle: nickname });
      }
    } catch (e) {
      await this.rollback(added, retrusted);
      throw e;
    }
    return placed;
  }

  /** Installs a CRL/ARL (guide 001 "Installing Authority Revocation List"); its CA must be present. */
  async importCrl(der: Uint8Array): Promise<Placed> {
    const facts = crlFacts(der);
    await this.assertWritable();
    await this.assertUnlocked();
    return withTempFile(facts.der, async (file) => {
      const r = await runTool('crlutil', ['-I', '-t', '1', '-i', file, '-d', this.db, '-f', secretPath(0)], {
        secrets: [this.password ?? ''],
      });
      if (r.code !== 0) throw this.err(r, 'add the revocation list');
      return { sha256: '', subject: facts.issuer, location: 'crl' as const, handle: commonName(facts.issuer) };
    });
  }

  /**
   * Imports a PFX with pk12util (key, certificate, chain). pk12util gives the chain's CA
   * certificates no trust, which is what issue 4 wants: a root becomes trusted only through
   * `importCertificates` with location `root` after the user confirmed it.
   */
  async importPfx(pfx: Uint8Array, password: string, options: PfxImportOptions = {}): Promise<Placed[]> {
    if (options.securityLevel === 'high') {
      throw new CertwizError('INVALID_INPUT', NSS_SECURITY_NOTE, { store: this.label, reason: 'nss-no-per-key-level' });
    }
    await this.assertWritable();
    // Few processes, and independent ones at the same time (issue 4 bench: ≤ 1.0× pk12util +
    // certutil -M): the lock probe (-K) and the nickname rows before the import (-L) are both
    // read-only, so they run side by side; nothing is written unless both succeed.
    const [, beforeRows] = await Promise.all([this.assertUnlocked(), this.rows()]);
    const before = new Set(beforeRows.map((r) => r.nickname));
    const addedRows = async () => (await this.rows()).filter((r) => !before.has(r.nickname));
    try {
      await withTempFile(pfx, async (file) => {
        // pk12util reads an empty -w file as "no password given" and fails; the empty PFX
        // password (CERTWIZ_PFX_PASSWORD="", issue 3) is no secret, so it goes as -W "".
        const pfxPw = password === '' ? ['-W', ''] : ['-w', secretPath(0)];
        const r = await runTool('pk12util', ['-i', file, '-d', this.db, ...pfxPw, '-k', secretPath(1)], {
          secrets: [password, this.password ?? ''],
        });
        if (r.code !== 0) throw this.err(r, 'import the PFX file', true);
      });
    } catch (e) {
      const added = await addedRows().catch(() => []);
      await this.rollback(added.map((a) => a.nickname), [], true);
      throw e;
    }
    // Each added entry is read back, parsed and (the root, when asked) trusted in one pipeline,
    // the entries side by side (as list() does, four at a time): the root's `certutil -M` then
    // overlaps the other read-backs instead of waiting for all of them.
    const added = await addedRows();
    const placed = await mapLimit(added, 4, async (row): Promise<Placed | null> => {
      const pem = await this.certutil(['-L', '-n', row.nickname, '-a']);
      const der = parsePemCerts(pem.stdout)[0];
      if (!der) return null;
      const f = await certFacts(der);
      let trust = row.trust;
      if (options.trustRoot && f.selfSigned && f.isCA) {
        trust = trustFor('root');
        const r = await this.certutil(['-M', '-n', row.nickname, '-t', trust], true);
        if (r.code !== 0) throw this.err(r, 'set the trust');
      }
      return { sha256: f.sha256, subject: f.subject, location: locationFromTrust(trust, f.isCA, undefined), handle: row.nickname };
    });
    const out = placed.filter((p): p is Placed => p !== null);
    if (options.trustRoot && !out.some((p) => p.location === 'root')) out.push(...(await this.trustPresentRoots(pfx, password)));
    return out;
  }

  /**
   * The confirmed root of a PFX that was already in the DB before this import: pk12util leaves
   * an existing entry as it is, so a root that an earlier, unconfirmed import added without trust
   * (`,,`) would stay untrusted however often the user confirmed it (issue 4: the root becomes
   * an anchor once confirmed). Its trust is raised to `C,,`; a root that already carries trust
   * (`C,,` or `CT,C,C`) is left alone, never lowered. Only on this rare path is the PFX read a
   * second time in-process (pkcs12/read.ts; install.ts has already opened it with this password),
   * so a first import still costs pk12util + certutil only (issue 4 bench).
   */
  private async trustPresentRoots(pfx: Uint8Array, password: string): Promise<Placed[]> {
    const roots = [];
    for (const c of readPfx(pfx, password).certificates) {
      const f = await certFacts(c.der);
      if (f.selfSigned && f.isCA) roots.push(f);
    }
    if (roots.length === 0) return [];
    const existing = await this.list();
    const out: Placed[] = [];
    for (const f of roots) {
      const present = existing.find((e) => e.sha256 === f.sha256);
      if (!present) continue;
      if (!/C/.test(present.trust.split(',')[0] ?? '')) {
        const r = await this.certutil(['-M', '-n', present.handle, '-t', trustFor('root')], true);
        if (r.code !== 0) throw this.err(r, 'set the trust');
      }
      out.push({ sha256: f.sha256, subject: f.subject, location: 'root', handle: present.handle });
    }
    return out;
  }

  /** Nicknames and trust flags: one `certutil -L`. */
  private async rows(): Promise<NssListRow[]> {
    const r = await this.certutil(['-L']);
    if (r.code !== 0) throw this.err(r, 'list the certificates');
    return parseCertList(r.stdout);
  }

  /** Deletes one certificate (by SHA-1 or SHA-256); its key, if any, stays (use the app to delete keys). */
  async remove(thumbprint: string): Promise<void> {
    await this.assertWritable();
    await this.assertUnlocked();
    const want = thumbprint.toLowerCase().replace(/[^0-9a-f]/g, '');
    const all = await this.list();
    const target = all.find((e) => e.sha1 === want || e.sha256 === want);
    if (!target) {
      throw new CertwizError('NOT_FOUND', `No certificate with thumbprint ${want} is in ${this.label}.`, { thumbprint: want });
    }
    const r = await this.certutil(['-D', '-n', target.handle], true);
    if (r.code !== 0) throw this.err(r, 'delete the certificate');
    // Guard: a same-subject sibling must survive; put it back if NSS took it instead.
    const after = new Set((await this.list()).map((e) => e.sha256));
    for (const e of all) {
      if (e.sha256 !== target.sha256 && !after.has(e.sha256)) {
        await this.certutil(['-A', '-n', e.handle, '-t', e.trust], true, e.der);
      }
    }
    if (after.has(target.sha256)) {
      throw new CertwizError('STORE_TOOL_FAILED', `NSS did not delete the certificate from ${this.label}.`, { store: this.label });
    }
  }

  // --- checks --------------------------------------------------------------------------------

  async assertExists(): Promise<void> {
    if (!(await exists(join(this.dir, 'cert9.db')))) {
      const legacy = await exists(join(this.dir, 'cert8.db'));
      throw new CertwizError(
        'STORE_NOT_FOUND',
        legacy
          ? `${this.label} uses the old cert8 format, which Certwiz does not change; open it once in a current browser to upgrade it.`
          : `There is no certificate database at ${this.dir}.`,
        { store: this.label },
      );
    }
  }

  /**
   * Read-only = the process may not write, or the files carry no write bit at all. The second
   * test matters when running as root (access(2) then always says yes) and honours an admin who
   * marked the DB read-only on purpose.
   */
  async assertWritable(): Promise<void> {
    await this.assertExists();
    for (const p of [this.dir, join(this.dir, 'cert9.db'), join(this.dir, 'key4.db')]) {
      const st = await fs.stat(p).catch(() => null);
      if (!st) continue;
      const canWrite = await fs.access(p, constants.W_OK).then(() => true, () => false);
      if (!canWrite || (st.mode & 0o222) === 0) {
        throw new CertwizError('STORE_READ_ONLY', `${this.label} is read-only; nothing was changed.`, { store: this.label });
      }
    }
  }

  /** Probes the DB password with `certutil -K`; throws STORE_LOCKED / STORE_PASSWORD_INCORRECT. */
  async assertUnlocked(): Promise<void> {
    await this.keyNicknames();
  }

  private async keyNicknames(): Promise<Set<string>> {
    const r = await this.certutil(['-K'], true);
    // "no keys found" exits 255 as well; only a password error is a failure here.
    const text = r.stdout + r.stderr; // certutil prints some diagnostics on stdout when not on a tty
    if (/SEC_ERROR_BAD_PASSWORD|password file contains no data/.test(text)) {
      throw nssError('SEC_ERROR_BAD_PASSWORD', { label: this.label, passwordGiven: !!this.password, action: 'unlock' });
    }
    if (r.code !== 0 && !/no keys found/.test(text)) throw this.err(r, 'list the keys');
    return new Set(parseKeyList(r.stdout).flatMap((k) => (k.nickname ? [k.nickname] : [])));
  }

  // --- helpers -------------------------------------------------------------------------------

  private certutil(args: string[], withPassword = false, input?: Uint8Array): Promise<ToolResult> {
    const full = [...args, '-d', this.db];
    if (withPassword) full.push('-f', secretPath(0));
    return runTool('certutil', full, { secrets: withPassword ? [this.password ?? ''] : [], input });
  }

  private async hasNickname(nickname: string): Promise<boolean> {
    const r = await this.certutil(['-L']);
    return parseCertList(r.stdout).some((row) => row.nickname === nickname);
  }

  private async rollback(added: string[], retrusted: { nickname: string; trust: string }[], withKeys = false): Promise<void> {
    for (const nickname of added.reverse()) {
      // -F deletes the key with its certificate (a PFX import's half-done key); -D the certificate.
      if (withKeys) await this.certutil(['-F', '-n', nickname], true);
      if (await this.hasNickname(nickname)) await this.certutil(['-D', '-n', nickname], true);
    }
    for (const { nickname, trust } of retrusted) await this.certutil(['-M', '-n', nickname, '-t', trust], true);
  }

  private err(r: ToolResult, action: string, pfx = false): CertwizError {
    return nssError(r.stderr + r.stdout, { label: this.label, passwordGiven: !!this.password, action, pfx });
  }
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** NSS nicknames may not contain ':' (token separator); keep them short and printable. */
function cleanNickname(name: string): string {
  const cleaned = name.replace(/[:\u0000-\u001f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 64);
  return cleaned || 'Certificate';
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(() => true, () => false);
}

/** pk12util and crlutil need a seekable file (a pipe fails with BAD_DER); private dir, 0600, removed after. */
async function withTempFile<T>(data: Uint8Array, fn: (path: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(join(tmpdir(), 'certwiz-nss-'));
  const file = join(dir, 'input');
  try {
    await fs.writeFile(file, data, { mode: 0o600 });
    return await fn(file);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Which certificate each nickname row stands for, given every certificate `-L -n NICK` printed
 * for it (all those of its subject). A nickname Certwiz made unique (`NAME [sha1-prefix]`, see
 * importCertificates) claims the certificate with that SHA-1 first; every other row then takes
 * the first certificate nobody claimed yet, so same-subject siblings each get a row.
 */
export function attributeCertificates<F extends { sha1: string; sha256: string }>(nicknames: readonly string[], printed: readonly (readonly F[])[]): (F | undefined)[] {
  const owner: (F | undefined)[] = nicknames.map(() => undefined);
  const claimed = new Set<string>();
  nicknames.forEach((nick, i) => {
    const prefix = / \[([0-9a-f]{8})\]$/.exec(nick)?.[1];
    const f = prefix ? printed[i].find((c) => c.sha1.startsWith(prefix) && !claimed.has(c.sha256)) : undefined;
    if (f) {
      owner[i] = f;
      claimed.add(f.sha256);
    }
  });
  nicknames.forEach((_, i) => {
    if (owner[i]) return;
    const f = printed[i].find((c) => !claimed.has(c.sha256)) ?? printed[i][0];
    owner[i] = f;
    if (f) claimed.add(f.sha256);
  });
  return owner;
}
