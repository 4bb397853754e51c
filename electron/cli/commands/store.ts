/**
 * store list / import / remove, chain show: issue 4's CLI contract over electron/core/stores.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { CertwizError } from '../../../shared/errors';
import { chainFor } from '../../core/stores/chain-request';
import { commonName } from '../../core/stores/classify';
import { describeOutcome, installFiles, STORE_NAMES, type InstallFile } from '../../core/stores/install';
import { openStore } from '../../core/stores/open';
import { rootNeedsConfirmationError } from '../../core/stores/placement';
import type { CertStore, RootTrust, StoreCertificate } from '../../core/stores/types';
import type { CliContext } from '../context';
import { getPfxPassword, PFX_PASSWORD_ENV } from '../password';

async function open(ctx: CliContext): Promise<CertStore> {
  return openStore(ctx.opt('store'), { password: process.env.CERTWIZ_STORE_PASSWORD || undefined });
}

function readFile(path: string): InstallFile {
  if (!existsSync(path) || !statSync(path).isFile()) throw new CertwizError('FILE_NOT_FOUND', `The file "${path}" does not exist.`, { file: path });
  return { name: basename(path), bytes: new Uint8Array(readFileSync(path)) };
}

function row(e: StoreCertificate) {
  return {
    sha1: e.sha1,
    sha256: e.sha256,
    subject: e.subject,
    issuer: e.issuer,
    serialNumber: e.serialNumber,
    notAfter: e.notAfter,
    location: e.location,
    trust: e.trust,
    hasKey: e.hasKey ?? null,
  };
}

/**
 * `store list --store app` (issue 4: SPEC `app` is one of the stores): Certwiz's own store holds
 * installed certificates with their keys (Personal) and the chain kept with each (Intermediate /
 * Trusted Root by shape, never trusted by anything), listed in the same rows as the OS stores.
 */
async function appRows(ctx: CliContext): Promise<ReturnType<typeof row>[]> {
  const rows = new Map<string, ReturnType<typeof row>>();
  for (const e of await ctx.core()['certs:list']({})) {
    if (!e.certificate) continue;
    const c = e.certificate;
    rows.set(c.sha256, { sha1: c.sha1, sha256: c.sha256, subject: c.subject, issuer: c.issuer, serialNumber: c.serialNumber, notAfter: c.notAfter, location: 'personal', trust: 'none', hasKey: true });
    for (const ca of e.chain ?? []) {
      if (rows.has(ca.sha256)) continue;
      const location = ca.selfSigned ? 'root' : 'intermediate';
      rows.set(ca.sha256, { sha1: ca.sha1, sha256: ca.sha256, subject: ca.subject, issuer: ca.issuer, serialNumber: ca.serialNumber, notAfter: ca.notAfter, location, trust: 'none', hasKey: false });
    }
  }
  return [...rows.values()];
}

export async function storeList(ctx: CliContext): Promise<void> {
  const isApp = ctx.opt('store')?.trim().toLowerCase() === 'app';
  const store = isApp ? undefined : await open(ctx);
  const label = store?.label ?? 'the Certwiz store';
  const list = store ? (await store.list()).map(row) : await appRows(ctx);
  const crls = store ? await store.listCrls() : [];
  ctx.emit({ store: label, certificates: list, crls: crls.map((c) => ({ issuer: c.issuer })) });
  ctx.say(`${label}: ${list.length} certificate(s)`);
  for (const e of list) {
    const key = e.hasKey === null ? 'key ?' : e.hasKey ? 'key' : '   ';
    ctx.say(`  ${e.sha1}  ${e.location.padEnd(12)} ${e.trust.padEnd(8)} ${key}  ${commonName(e.subject)}`);
  }
  if (crls.length) ctx.say(`Revocation lists: ${crls.map((c) => c.issuer).join(', ')}`);
}

export async function storeImport(ctx: CliContext): Promise<void> {
  const files = ctx.inv.positionals.map(readFile);
  const rootTrust = ctx.opt('root-trust') ?? 'tls';
  if (rootTrust !== 'tls' && rootTrust !== 'all') throw new CertwizError('USAGE', '--root-trust must be tls or all.');
  const level = ctx.opt('security-level');
  if (level !== undefined && level !== 'high' && level !== 'medium') throw new CertwizError('USAGE', '--security-level must be high or medium.');
  const store = await open(ctx);
  const report = await installFiles(files, store, {
    trustRoot: ctx.inv.values['trust-root'] === true,
    rootTrust: rootTrust as RootTrust,
    removeOld: ctx.inv.values['remove-old'] === true,
    pfxPassword: (name) => storePfxPassword(ctx, name),
    pfx: { exportable: ctx.inv.values.exportable === true, securityLevel: level as 'high' | 'medium' | undefined },
  });
  for (const old of report.oldSubCas) {
    const removed = report.removedOld.includes(old);
    ctx.note(
      removed
        ? `Removed the old Sub CA "${commonName(old.installed.subject)}" (SHA-1 ${old.installed.sha1}).`
        : `An old Sub CA "${commonName(old.installed.subject)}" (SHA-1 ${old.installed.sha1}) is still installed; remove it with --remove-old.`,
    );
  }
  for (const fl of report.flagged) ctx.note(`Warning: the CA certificate "${commonName(fl.subject)}" is ${fl.status}.`);
  for (const o of report.files) ctx.say(describeOutcome(o));
  // Held roots first (exit 5), else the first file that failed; the JSON carries it too, so
  // --json stays one object that says both what was placed and why the call failed.
  const failed = report.files.find((o) => o.error)?.error;
  const error =
    report.needsConfirmation.length > 0
      ? rootNeedsConfirmationError(report.needsConfirmation)
      : failed
        ? new CertwizError(failed.code, failed.message, failed.params)
        : undefined;
  ctx.emit({
    ...(error ? { error: error.toInfo() } : {}),
    store: store.label,
    files: report.files,
    needsConfirmation: report.needsConfirmation,
    removedOld: report.removedOld.map((o) => o.installed.sha256),
    oldSubCas: report.oldSubCas.map((o) => ({ sha1: o.installed.sha1, sha256: o.installed.sha256, subject: o.installed.subject })),
    flagged: report.flagged,
  });
  if (error) throw error;
}

/**
 * A PFX file's password in `store import`: --pfx-password-file or CERTWIZ_PFX_PASSWORD (empty =
 * the empty password) as in `pfx import`; else, as documented before those existed here, the key
 * password (CERTWIZ_KEY_PASSWORD / --key-password-file); else a prompt.
 */
function storePfxPassword(ctx: CliContext, name: string): Promise<string> {
  const prompt = `Password of "${name}"`;
  const file = ctx.opt('pfx-password-file');
  if (file !== undefined || process.env[PFX_PASSWORD_ENV] !== undefined) return getPfxPassword(prompt, { file });
  return ctx.password('key', prompt).catch((e: unknown) => {
    if (e instanceof CertwizError && e.code === 'PASSWORD_REQUIRED' && ctx.opt('key-password-file') === undefined) {
      throw new CertwizError('PASSWORD_REQUIRED', `"${name}" is a PFX file: set ${PFX_PASSWORD_ENV} or use --pfx-password-file, or run on a terminal.`, {
        variable: PFX_PASSWORD_ENV,
      });
    }
    throw e;
  });
}

export async function storeRemove(ctx: CliContext): Promise<void> {
  if (!ctx.opt('store')) throw new CertwizError('USAGE', 'store remove needs --store SPEC (removing from the wrong store is not undone).');
  const store = await open(ctx);
  const thumb = ctx.inv.positionals[0];
  await store.remove(thumb);
  ctx.emit({ store: store.label, removed: thumb.toLowerCase() });
  ctx.say(`Removed ${thumb} from ${store.label}.`);
}

export async function chainShow(ctx: CliContext): Promise<void> {
  const [first, ...more] = ctx.inv.positionals;
  const store = await open(ctx);
  // The first word is a thumbprint (the store's, else one kept in Certwiz), an id from
  // `certwiz list`, or a file (a missing one named like a file is FILE_NOT_FOUND).
  const isFile = existsSync(first) || /[./\\]/.test(first);
  const ref = isFile ? {} : /^[0-9a-f:\s]{40,95}$/i.test(first) ? { thumbprint: first } : { id: first };
  const files = (isFile ? [first, ...more] : more).map(readFile);
  const { target, report } = await chainFor({ store, installed: await store.list(), keystore: isFile ? undefined : ctx.core().keystore, ...ref, files });
  ctx.emit({ target: { subject: target.subject, sha256: target.sha256 }, ...report });
  report.paths.forEach((p, n) => {
    ctx.say(`Path ${n + 1}${p.trusted ? ' (trusted)' : p.complete ? ' (not trusted)' : ' (incomplete)'}:`);
    p.links.forEach((l, depth) => {
      const where =
        l.source.kind === 'store' ? STORE_NAMES[l.source.location] : l.source.kind === 'file' ? (l.source.fileName ? `file ${l.source.fileName}` : 'kept in Certwiz') : 'this certificate';
      const flags = [l.validity !== 'valid' ? l.validity : '', l.revocation === 'revoked' ? 'REVOKED' : ''].filter(Boolean).join(', ');
      ctx.say(`${'  '.repeat(depth + 1)}${commonName(l.subject)}  [${where}]${flags ? ` ${flags}` : ''}`);
    });
    for (const pr of p.problems) ctx.say(`    - ${pr.message}`);
  });
}

/**
 * `certwiz pfx import FILE --store SPEC` (issue 4 CLI contract: "the PFX issue's import, now to
 * any store"). pfx.ts hands over its own file reader and PFX-password lookup, so both paths ask
 * the same way. A root inside the PFX is trusted only with --trust-root.
 */
export async function pfxImportToStore(
  ctx: CliContext,
  spec: string,
  readPfxFile: (path: string) => Promise<Uint8Array>,
  pfxPassword: (ctx: CliContext, prompt: string, confirm: boolean) => Promise<string>,
): Promise<void> {
  const level = ctx.opt('security-level');
  if (level !== undefined && level !== 'high' && level !== 'medium') throw new CertwizError('USAGE', '--security-level must be high or medium.');
  const store = await openStore(spec, { password: process.env.CERTWIZ_STORE_PASSWORD || undefined });
  const bytes = await readPfxFile(ctx.inv.positionals[0]);
  const password = await pfxPassword(ctx, 'Password of the PFX file', false);
  const placed = await store.importPfx(new Uint8Array(bytes), password, {
    exportable: ctx.inv.values.exportable === true,
    securityLevel: level as 'high' | 'medium' | undefined,
    trustRoot: ctx.inv.values['trust-root'] === true,
  });
  ctx.emit({ store: store.label, placed });
  for (const p of placed) {
    ctx.say(`${commonName(p.subject)} → ${p.location === 'crl' ? 'revocation lists' : STORE_NAMES[p.location]} (SHA-256 ${p.sha256})`);
  }
}
