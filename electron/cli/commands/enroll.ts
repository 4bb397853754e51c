/**
 * csr, list, complete, practice-ca: the enrollment flow (issue 2 "CLI contract").
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { resolve } from 'node:path';
import { CertwizError } from '../../../shared/errors';
import { KEY_ALGORITHMS, SECURITY_LEVELS, type KeyAlgorithm, type SecurityLevel } from '../../../shared/constants';
import type { StoreEntry, SubjectForm } from '../../../shared/ipc';
import { getProfile } from '../../../shared/profiles';
import { writeFileAtomic } from '../../core/atomic';
import { readInputFile } from '../../core/files';
import { MAX_CERT_FILE_BYTES, spkiSha256 } from '../../core/certs';
import type { CliContext } from '../context';

const usage = (message: string) => new CertwizError('USAGE', message);

export async function csr(ctx: CliContext): Promise<void> {
  const core = ctx.core();
  const renew = ctx.opt('renew');
  let profileId = ctx.opt('profile');
  if (!profileId && renew) profileId = (await core.keystore.get(renew)).profileId;
  if (!profileId) throw usage('--profile ID is required (see certwiz profiles)');
  const profile = getProfile(profileId);
  if (!profile) throw new CertwizError('PROFILE_NOT_FOUND', 'There is no CA profile with this ID; see certwiz profiles.', { profileId });
  const keyOpt = ctx.opt('key');
  if (keyOpt !== undefined && !(KEY_ALGORITHMS as readonly string[]).includes(keyOpt)) throw usage(`--key must be one of ${KEY_ALGORITHMS.join(', ')}`);
  const levelOpt = ctx.opt('security-level') ?? 'high';
  if (!(SECURITY_LEVELS as readonly string[]).includes(levelOpt)) throw usage('--security-level must be high or medium');
  const securityLevel = levelOpt as SecurityLevel;
  const subject: SubjectForm = { cn: ctx.opt('cn') ?? '', sans: (ctx.inv.values.san as string[] | undefined) ?? [] };
  for (const f of ['o', 'ou', 'l', 'st', 'c', 'email'] as const) {
    const v = ctx.opt(f);
    if (v !== undefined) subject[f] = v;
  }
  const out = ctx.opt('out');
  const tokenRef = ctx.opt('token');
  const keyAlgorithm = (keyOpt ?? profile.defaultKeyAlgorithm) as KeyAlgorithm;
  // --token (issue 5): the key is made on the card; its PIN, not a password, protects it.
  const keyLocation = tokenRef !== undefined ? await (await import('./token')).cliKeyLocation(ctx, tokenRef, keyAlgorithm) : undefined;
  const password = !keyLocation && securityLevel === 'high' ? await ctx.password('key', 'Password for the new key (asked on every use)', true) : undefined;
  const created = await core['csr:create']({
    profileId,
    subject,
    keyAlgorithm,
    securityLevel,
    password,
    renewOf: renew,
    friendlyName: ctx.opt('friendly-name'),
    keyLocation,
  });
  let path: string | undefined;
  if (out) {
    path = resolve(out);
    await writeFileAtomic(path, created.csrPem, { mode: 0o644 });
  }
  ctx.emit({ ...created, ...(path ? { path } : {}) });
  if (path) ctx.say(`CSR written to ${path}`);
  else ctx.say(created.csrPem);
  if (created.token) {
    ctx.note(`Pending request ${created.requestId} saved; the key is on ${created.token.label} (card number ${created.token.serial}) and never leaves it: ${created.subjectDisplay}`);
    return;
  }
  ctx.note(`Pending request ${created.requestId} saved (security level ${securityLevel}): ${created.subjectDisplay}`);
  if (securityLevel === 'medium') ctx.note('Medium: no password is asked when the key is used; anyone using your account can use it.');
  ctx.note(`Back it up before you submit the CSR: certwiz key backup ${created.requestId} --out FILE`);
}

/** Flat thumbprints next to the nested summary, for scripts. */
function withThumbprints(e: StoreEntry) {
  return { ...e, sha1: e.certificate?.sha1, sha256: e.certificate?.sha256 };
}

export async function list(ctx: CliContext): Promise<void> {
  // --expiring DAYS (issue 6): what needs renewing soon; expired ones count too.
  const expiring = ctx.opt('expiring');
  if (expiring !== undefined && !/^\d{1,5}$/.test(expiring)) throw usage('--expiring DAYS must be a whole number of days (0-36500)');
  const expiringDays = expiring === undefined ? undefined : Number(expiring);
  if (expiringDays !== undefined && expiringDays > 36500) throw usage('--expiring DAYS must be a whole number of days (0-36500)');
  const entries = await ctx.core()['certs:list'](expiringDays === undefined ? {} : { expiringDays });
  ctx.emit({ entries: entries.map(withThumbprints) });
  if (entries.length === 0) ctx.say(expiringDays === undefined ? 'No pending requests or certificates.' : `No certificate expires within ${expiringDays} days.`);
  for (const e of entries) {
    const lines = [`${e.status === 'pending' ? 'PENDING  ' : 'INSTALLED'} ${e.id}  ${e.keyAlgorithm}  security ${e.securityLevel}${e.practice ? '  (practice CA)' : ''}`, `  Subject: ${e.subjectDisplay}`];
    if (e.certificate) {
      lines.push(`  Issuer:  ${e.certificate.issuer}`, `  Valid:   ${e.certificate.notBefore} to ${e.certificate.notAfter} (${e.daysLeft} days left)`);
      lines.push(`  SHA-1:   ${e.certificate.sha1}`, `  SHA-256: ${e.certificate.sha256}`);
    } else {
      lines.push(`  Created: ${e.createdAt}`);
    }
    ctx.say(lines.join('\n'));
  }
}

export async function complete(ctx: CliContext): Promise<void> {
  const file = ctx.inv.positionals[0];
  const bytes = await readInputFile(file, MAX_CERT_FILE_BYTES);
  // A pending key on a card (issue 5): that card must be in a reader, and its PIN is asked.
  const token = await (await import('./token')).cliCompleteOptions(ctx, bytes, file);
  const done = await ctx.core().completeBytes(bytes, file, token);
  ctx.emit({ ...done, entry: withThumbprints(done.entry) });
  ctx.say(`Installed ${done.entry.subjectDisplay} with its key (request ${done.entry.id}), ${done.chainCount} chain certificate(s).`);
  if (done.entry.token) ctx.say(`The certificate is now on ${done.entry.token.label} (card number ${done.entry.token.serial}) next to its key.`);
  ctx.say(`SHA-256: ${done.entry.certificate?.sha256}`);
}

export async function practiceSign(ctx: CliContext): Promise<void> {
  const out = ctx.opt('out');
  if (!out) throw usage('--out CERT_FILE is required');
  const core = ctx.core();
  const csrFile = ctx.inv.positionals[0];
  const csrPem = (await readInputFile(csrFile, 1024 * 1024)).toString('utf8');
  let kind: 'server' | 'email' | undefined;
  const profileId = ctx.opt('profile');
  if (profileId) {
    const p = getProfile(profileId);
    if (!p) throw new CertwizError('PROFILE_NOT_FOUND', 'There is no CA profile with this ID; see certwiz profiles.', { profileId });
    kind = p.kind;
  } else {
    kind = await pendingKind(ctx, csrPem);
  }
  const issued = await core.practiceCa.sign(csrPem, kind);
  const path = resolve(out);
  await writeFileAtomic(path, issued.certificatePem, { mode: 0o644 });
  const chainOut = ctx.opt('chain-out');
  const chainPath = chainOut ? resolve(chainOut) : undefined;
  if (chainPath) await writeFileAtomic(chainPath, issued.chainPem.join(''), { mode: 0o644 });
  const { summarize } = await import('../../core/certs');
  ctx.emit({ certificatePem: issued.certificatePem, chainPem: issued.chainPem, certificate: summarize(issued.certificate), path, ...(chainPath ? { chainPath } : {}) });
  ctx.say(`Practice certificate (not trusted anywhere) written to ${path}${chainPath ? `, chain to ${chainPath}` : ''}.`);
}

/** The profile kind of the pending request this CSR belongs to, if any. */
async function pendingKind(ctx: CliContext, csrPem: string): Promise<'server' | 'email' | undefined> {
  try {
    const req = new x509.Pkcs10CertificateRequest(csrPem);
    const rec = await ctx.core().keystore.findPendingBySpki(spkiSha256(new Uint8Array(req.publicKey.rawData)));
    return rec ? getProfile(rec.profileId)?.kind : undefined;
  } catch {
    return undefined; // the practice CA reports CSR_INVALID itself
  }
}

export async function practiceInfo(ctx: CliContext): Promise<void> {
  const info = await ctx.core()['practiceCa:info']({});
  ctx.emit(info);
  ctx.say(
    [
      `Practice CA (offline, not trusted anywhere) in ${info.dir}`,
      `  Root:          ${info.root.subject}  SHA-256 ${info.root.sha256}`,
      `  Issuing CA:    ${info.subCa.subject}  SHA-256 ${info.subCa.sha256}`,
      `  Old Sub CA:    same name, superseded  SHA-256 ${info.oldSubCa.sha256}`,
      `  Cross cert:    ${info.crossCertificate.issuer}  SHA-256 ${info.crossCertificate.sha256}`,
      `  CRL/ARL next update: ${info.crlNextUpdate}`,
    ].join('\n'),
  );
}
