/**
 * pfx export / inspect / import and pem export (issue 3, "CLI contract").
 *
 * Export writes atomically and never over an existing file (core/atomic.ts), then re-reads the
 * file from disk and verifies it (pkcs12/verify.ts); a file that fails is removed and
 * --delete-key deletes the stored key only after a passing verification. The PFX password never
 * comes from an argument: CERTWIZ_PFX_PASSWORD (may be empty), --pfx-password-file, a prompt.
 */
import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import * as crypto from 'node:crypto';
import { CertwizError } from '../../../shared/errors';
import { SECURITY_LEVELS, type SecurityLevel } from '../../../shared/ipc';
import { writeFileAtomic, ensurePrivateDir } from '../../core/atomic';
import { readInputFile } from '../../core/files';
import { encrypt, type KeyRecord } from '../../core/keystore';
import { getPfxPassword } from '../password';
import { inspectPfx, keyEntries, MAX_PFX_BYTES, PFX_PROFILES, readPfx, type PfxProfile } from '../../core/pkcs12';
import { buildPfx, exportableRecord, verifyWritten } from '../../core/pfx-service';
import type { PfxInspection } from '../../core/pkcs12';
import type { CliContext } from '../context';

const usage = (message: string) => new CertwizError('USAGE', message);

/** File, then environment (an empty value is an empty password), then a hidden prompt (../password.ts). */
function pfxPassword(ctx: CliContext, prompt: string, confirm: boolean): Promise<string> {
  return getPfxPassword(prompt, { file: ctx.opt('pfx-password-file') }, confirm);
}

/**
 * The password of a key made by `pfx import` (High). Issue 3 says "key passwords as in the
 * foundation issue", where `csr` takes a new key's password from CERTWIZ_KEY_PASSWORD or
 * --key-password-file: so CERTWIZ_NEW_KEY_PASSWORD first (the Set security level variable),
 * else those two, else a prompt (or PASSWORD_REQUIRED naming CERTWIZ_NEW_KEY_PASSWORD).
 */
function newKeyPassword(ctx: CliContext, prompt: string): Promise<string> {
  const keySource = !process.env.CERTWIZ_NEW_KEY_PASSWORD && (ctx.opt('key-password-file') !== undefined || Boolean(process.env.CERTWIZ_KEY_PASSWORD));
  return ctx.password(keySource ? 'key' : 'new', prompt, true);
}

async function readPfxFile(path: string): Promise<Buffer> {
  try {
    return await readInputFile(resolve(path), MAX_PFX_BYTES);
  } catch (err) {
    if (err instanceof CertwizError && err.code === 'FILE_TOO_LARGE') {
      throw new CertwizError('PFX_TOO_LARGE', 'This file is larger than any PFX file Certwiz opens (10 MB).', { limit: MAX_PFX_BYTES });
    }
    throw err;
  }
}

const installedRecord = (ctx: CliContext, idOrThumb: string): Promise<KeyRecord> => exportableRecord(ctx.core().keystore, idOrThumb);

async function unlock(ctx: CliContext, rec: KeyRecord): Promise<crypto.KeyObject> {
  const pw = rec.securityLevel === 'high' ? await ctx.password('key', 'Password of the key') : undefined;
  return ctx.core().keystore.unlockPrivateKey(rec.id, pw);
}

export async function pfxExport(ctx: CliContext): Promise<void> {
  const out = ctx.opt('out');
  if (!out) throw usage('--out FILE is required');
  const encryption = ctx.opt('encryption') ?? 'aes256-sha256';
  if (!(PFX_PROFILES as readonly string[]).includes(encryption)) throw usage(`--encryption must be one of ${PFX_PROFILES.join(', ')}`);
  const profile = encryption as PfxProfile;
  const includeChain = !ctx.inv.values['no-chain'];
  const privacy = !ctx.inv.values['no-privacy'];
  const deleteKey = Boolean(ctx.inv.values['delete-key']);
  const path = resolve(out);
  // Fail before asking for passwords when the target exists (export never overwrites).
  if (await fs.stat(path).then(() => true, () => false)) {
    throw new CertwizError('FILE_EXISTS', 'A file with this name already exists; choose another name.', { file: path });
  }

  const rec = await installedRecord(ctx, ctx.inv.positionals[0]);
  const key = await unlock(ctx, rec);
  const password = await pfxPassword(ctx, 'Password for the PFX file (cannot be recovered if forgotten)', true);
  const built = buildPfx(rec, key, { profile, includeChain, privacy, password, friendlyName: ctx.opt('friendly-name') });
  await writeFileAtomic(path, built.bytes, { mode: 0o600 });
  const verify = await verifyWritten(path, password, built.expect); // removes the file when it fails
  let keyDeleted = false;
  if (deleteKey) {
    await ctx.core().keystore.remove(rec.id);
    keyDeleted = true;
  }
  ctx.emit({ id: rec.id, path, encryption: profile, includeChain, privacy, certificates: built.certificateCount, verify, keyDeleted });
  ctx.say(`PFX written to ${path} (${profile}, ${built.certificateCount} certificate(s)${privacy ? ', certificates encrypted' : ''}).`);
  ctx.say(`Verified: ${verify.checks.map((c) => `${c.id} ${c.ok ? 'ok' : 'FAILED'}`).join(', ')}.`);
  if (keyDeleted) ctx.note(`The key ${rec.id} was deleted from Certwiz; the PFX is now its only copy.`);
  ctx.note('Keep the PFX password safe: a forgotten password cannot be recovered.');
}

function printInspection(ctx: CliContext, j: PfxInspection): void {
  const lines: string[] = [];
  for (const c of j.certificates) {
    lines.push(`CERTIFICATE${c.hasPrivateKey ? ' (has private key)' : ''}${c.isCA ? ' (CA)' : ''}`);
    lines.push(`  Subject: ${c.subject}`, `  Issuer:  ${c.issuer}`, `  Valid:   ${c.notBefore} to ${c.notAfter}`);
    lines.push(`  SHA-1:   ${c.sha1}`, `  SHA-256: ${c.sha256}`);
    if (c.friendlyName) lines.push(`  Friendly name: ${c.friendlyName}`);
  }
  for (const k of j.keys) {
    lines.push(`KEY ${k.algorithm}${k.curve ? ` ${k.curve}` : k.bits ? ` ${k.bits}` : ''}${k.certificateSha1 ? ` for ${k.certificateSha1}` : ' (no certificate in the file)'}`);
  }
  const p = j.protection;
  lines.push(`PROTECTION keys: ${p.keys ?? '-'}; certificates: ${p.certificates ?? '-'}; MAC: ${p.mac ? `${p.mac}, ${p.macIterations} iterations` : 'none'}`);
  ctx.say(lines.join('\n'));
}

export async function pfxInspect(ctx: CliContext): Promise<void> {
  const bytes = await readPfxFile(ctx.inv.positionals[0]);
  const password = await pfxPassword(ctx, 'Password of the PFX file', false);
  const j = inspectPfx(bytes, password);
  ctx.emit(j);
  printInspection(ctx, j);
}

export async function pfxImport(ctx: CliContext): Promise<void> {
  const target = ctx.opt('store');
  if (target !== undefined && /^token:/i.test(target)) return (await import('./token')).pfxImportToToken(ctx, target.slice(6), readPfxFile, pfxPassword);
  if (target !== undefined && target.toLowerCase() !== 'app') return (await import('./store')).pfxImportToStore(ctx, target, readPfxFile, pfxPassword);
  const levelOpt = ctx.opt('security-level') ?? 'high';
  if (!(SECURITY_LEVELS as readonly string[]).includes(levelOpt)) throw usage('--security-level must be high or medium');
  const securityLevel = levelOpt as SecurityLevel;
  const exportable = Boolean(ctx.inv.values.exportable);
  const bytes = await readPfxFile(ctx.inv.positionals[0]);
  const pfxPw = await pfxPassword(ctx, 'Password of the PFX file', false);
  const entries = keyEntries(readPfx(bytes, pfxPw)); // PFX_NO_KEY / PFX_KEY_WITHOUT_CERTIFICATE before any question
  const password = securityLevel === 'high' ? await newKeyPassword(ctx, 'New password for the key (asked on every use)') : undefined;
  const imported = [];
  for (const e of entries) {
    const rec = await ctx.core().keystore.importKey({
      privateKey: e.key,
      certificatePem: e.certificatePem,
      chainPem: e.chainPem,
      securityLevel,
      password,
      exportable,
      friendlyName: e.friendlyName ?? undefined,
    });
    imported.push({ id: rec.id, sha1: rec.certSha1, sha256: rec.certSha256, chainCount: rec.chainPem?.length ?? 0, securityLevel, exportable });
  }
  ctx.emit({ imported });
  for (const i of imported) ctx.say(`Imported ${i.id} (SHA-1 ${i.sha1}, ${i.chainCount} chain certificate(s), security ${securityLevel}${exportable ? ', exportable' : ''}).`);
}

export async function pemExport(ctx: CliContext): Promise<void> {
  const outDir = ctx.opt('out-dir');
  if (!outDir) throw usage('--out-dir DIR is required');
  const dir = resolve(outDir);
  const names = { key: 'key.pem', cert: 'cert.pem', chain: 'chain.pem', fullchain: 'fullchain.pem' };
  for (const n of Object.values(names)) {
    if (await fs.stat(join(dir, n)).then(() => true, () => false)) {
      throw new CertwizError('FILE_EXISTS', 'A file with this name already exists; choose another folder.', { file: join(dir, n) });
    }
  }
  const rec = await installedRecord(ctx, ctx.inv.positionals[0]);
  const key = await unlock(ctx, rec);
  const plain = Boolean(ctx.inv.values['plain-key']);
  const keyPem = plain
    ? (key.export({ type: 'pkcs8', format: 'pem' }) as string)
    : encrypt(key, await ctx.password('backup', 'Password for the key file', true));
  const certPem = rec.certificatePem!;
  const chain = (rec.chainPem ?? []).join('');
  await ensurePrivateDir(dir);
  await writeFileAtomic(join(dir, names.key), keyPem, { mode: 0o600 });
  await writeFileAtomic(join(dir, names.cert), certPem, { mode: 0o644 });
  await writeFileAtomic(join(dir, names.chain), chain, { mode: 0o644 });
  await writeFileAtomic(join(dir, names.fullchain), certPem + chain, { mode: 0o644 });
  const files = Object.fromEntries(Object.entries(names).map(([k, n]) => [k, join(dir, n)]));
  ctx.emit({ id: rec.id, dir, files, keyEncrypted: !plain });
  ctx.say(`Written to ${dir}: ${Object.values(names).join(', ')}${plain ? ' (key NOT encrypted: keep it readable by the server only)' : ''}.`);
  if (!plain) ctx.note('nginx asks for the key password at start (ssl_password_file); Apache uses SSLPassPhraseDialog.');
}
