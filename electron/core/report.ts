/**
 * The helpdesk report (issue 6 "Get help"): one plain-text page both ends of a call can read,
 * the same from the app's "Get help" and from `certwiz report`.
 *
 * What it holds: app version, OS, language, the current flow and step (given by the caller),
 * every certificate and pending request (subject, issuer, validity, thumbprints, where stored,
 * whether the key is present, security level), each certificate's chain status, the stores and
 * tokens seen, the middleware found, and the last error codes (error-log.ts).
 *
 * What it never holds: passwords, PINs, key material, validation codes, PFX content. It is built
 * only from public facts (KeyRecord fields that are not secret, certificates, store listings,
 * token info) and it never receives a request payload; a test drives every secret through the
 * real flows with a marker and checks the report. As a last guard, a report that somehow holds a
 * PEM block or PKCS#8 is refused rather than shown.
 */
import os from 'node:os';
import { readdir } from 'node:fs/promises';
import { isTempName } from './atomic';
import { CertwizError } from '../../shared/errors';
import type { AppInfo } from '../../shared/ipc';
import { parseCertificates } from './certs';
import type { ErrorLogEntry } from './error-log';
import type { KeyRecord } from './key-record';
import type { KeyStore } from './keystore';
import { storesSeen, tokensSeen, withTimeout, SOURCE_TIMEOUT_MS, type SourceOptions, type StoreSeen, type TokensSeen } from './report-sources';
import { buildChains, type ChainCandidate } from './stores/chain';
import { certFacts, commonName } from './stores/classify';

export interface ReportInput extends SourceOptions {
  info: AppInfo;
  keystore: KeyStore;
  /** The renderer's current flow and step ("hkpost-server", "C 4"); free text, cut to 64. */
  flow?: string;
  step?: string;
  /** The UI language the user chose, when the caller knows it. */
  language?: string;
  errors: ErrorLogEntry[];
  now?: Date;
}

const DAY = 86_400_000;

/** Caller-given labels: printable, one line, short. */
const label = (s: string | undefined) => (s ?? '').replace(/[\p{C}]/gu, ' ').trim().slice(0, 64);
const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);
const colons = (hex: string) => hex.toUpperCase().replace(/(..)(?!$)/g, '$1:');

function levelText(rec: KeyRecord): string {
  if (rec.protection === 'token') return 'card PIN (key on a smart card or token)';
  return rec.securityLevel === 'high' ? 'High (password asked on every use)' : `Medium (no password; protected by ${rec.protection === 'os-keyring' ? 'the OS keyring' : 'a local file'})`;
}

function keyText(rec: KeyRecord): string {
  if (rec.token) return `on the card "${rec.token.label}" (serial ${rec.token.serial}), key ID ${rec.token.ckaId}`;
  return rec.encryptedKeyPem ? 'present, in the Certwiz key store' : 'not present';
}

function validityText(notBefore: Date | string, notAfter: Date | string, now: Date): string {
  const ms = new Date(notAfter).getTime() - now.getTime();
  const left = Math.floor(ms / DAY);
  const state = ms < 0 ? `EXPIRED ${Math.floor(-ms / DAY)} days ago` : new Date(notBefore) > now ? 'NOT YET VALID' : `${left} days left${left <= 30 ? ' (expires within 30 days)' : ''}`;
  return `${day(notBefore)} to ${day(notAfter)}, ${state}`;
}

/** The best path from a stored certificate, with the stores' CA certificates and its saved chain. */
async function chainLine(rec: KeyRecord, stores: StoreSeen[], now: Date): Promise<string[]> {
  try {
    const [leaf] = parseCertificates(Buffer.from(rec.certificatePem!), 'certificate');
    const target = await certFacts(leaf);
    const pool: ChainCandidate[] = [];
    for (const s of stores) {
      for (const c of s.certificates ?? []) {
        if (!c.isCA) continue;
        pool.push({ ...(await certFacts(c.der)), source: { kind: 'store', location: c.location, trusted: c.location === 'root' } });
      }
    }
    for (const pem of rec.chainPem ?? []) {
      for (const c of parseCertificates(Buffer.from(pem), 'chain')) pool.push({ ...(await certFacts(c)), source: { kind: 'file', fileName: 'saved chain' } });
    }
    const { paths } = await withTimeout(buildChains(target, pool, [], now), SOURCE_TIMEOUT_MS);
    const best = paths[0];
    if (!best) return ['  Chain:    unknown'];
    const names = best.links.map((l) => `"${commonName(l.subject)}"${l.source.kind === 'store' ? ` [${l.source.location} store]` : l.source.kind === 'file' ? ' [saved with it]' : ''}`);
    const state = best.trusted ? 'complete, root trusted in a store' : best.complete ? 'complete, root not trusted in a store seen' : 'INCOMPLETE';
    const lines = [`  Chain:    ${state}: ${names.join(' <- ')}`];
    for (const p of best.problems) if (p.kind !== 'not-installed' && p.kind !== 'root-not-trusted') lines.push(`            ${p.message}`);
    return lines;
  } catch (err) {
    return [`  Chain:    could not be checked (${err instanceof CertwizError ? err.code : 'INTERNAL'})`];
  }
}

/** Entries whose file is damaged: list() skips them so the others still show; the helpdesk should know. */
async function damagedEntries(keystore: KeyStore, readable: number): Promise<number> {
  try {
    const names = (await readdir(keystore.dir)).filter((n) => n.endsWith('.json') && !isTempName(n));
    return Math.max(0, names.length - readable);
  } catch {
    return 0;
  }
}

async function certificateLines(records: KeyRecord[], stores: StoreSeen[], now: Date, damaged: number): Promise<string[]> {
  const out: string[] = [];
  if (damaged > 0) out.push(`Damaged entries in the Certwiz key store: ${damaged} (KEY_STORE_CORRUPT; in the keys folder of the data folder)`, '');
  const installed = records.filter((r) => r.status === 'installed' && r.certificatePem);
  const pending = records.filter((r) => r.status === 'pending');
  out.push(`Certificates in Certwiz (${installed.length}):`);
  if (installed.length === 0) out.push('  none');
  for (const rec of installed) {
    let cert;
    try {
      [cert] = parseCertificates(Buffer.from(rec.certificatePem!), 'certificate');
    } catch {
      out.push(`- ${rec.id}: the stored certificate could not be read`);
      continue;
    }
    const f = await certFacts(cert);
    out.push(
      `- ${commonName(f.subject) || f.subject}${rec.practice ? '  (practice CA, not trusted anywhere)' : ''}`,
      `  Subject:  ${f.subject}`,
      `  Issuer:   ${f.issuer}`,
      `  Serial:   ${f.serialNumber}`,
      `  Valid:    ${validityText(f.notBefore, f.notAfter, now)}`,
      `  SHA-1:    ${colons(f.sha1)}`,
      `  SHA-256:  ${colons(f.sha256)}`,
      `  Stored:   Certwiz key store, entry ${rec.id}${rec.token ? ' (certificate record; key on a card)' : ''}`,
      `  Key:      ${keyText(rec)}`,
      `  Security: ${levelText(rec)}${rec.exportable ? '' : '; not exportable'}`,
      ...(await chainLine(rec, stores, now)),
    );
  }
  out.push('', `Pending requests (${pending.length}):`);
  if (pending.length === 0) out.push('  none');
  for (const rec of pending) {
    const subject = rec.subjectForm.cn || rec.subjectForm.email || '(no name)';
    out.push(`- ${subject}  created ${rec.createdAt}, ${rec.keyAlgorithm}, entry ${rec.id}`, `  Key:      ${keyText(rec)}`, `  Security: ${levelText(rec)}`);
  }
  return out;
}

function storeLines(stores: StoreSeen[], now: Date): string[] {
  const out = [`Certificate stores seen (${stores.length}):`];
  if (stores.length === 0) out.push('  none found for this user');
  for (const s of stores) {
    if (s.error) {
      out.push(`- ${s.label}: could not be read (${s.error})`);
      continue;
    }
    const certs = s.certificates ?? [];
    const count = (loc: string) => certs.filter((c) => c.location === loc).length;
    out.push(`- ${s.label}: ${certs.length} certificates (${count('personal')} personal, ${count('intermediate')} intermediate, ${count('root')} root)${s.crlCount !== undefined ? `, ${s.crlCount} revocation lists` : ''}`);
    for (const c of certs.filter((x) => x.location === 'personal')) {
      const key = c.hasKey === undefined ? 'key unknown (store locked)' : c.hasKey ? 'private key present' : 'no private key';
      out.push(`    ${commonName(c.subject) || c.subject}; issuer "${commonName(c.issuer)}"; ${validityText(c.notBefore, c.notAfter, now)}; ${key}`, `      SHA-1 ${colons(c.sha1)}  SHA-256 ${colons(c.sha256)}`);
    }
  }
  return out;
}

function tokenLines(seen: TokensSeen[]): string[] {
  const out = [`PKCS#11 middleware found (${seen.length}):`];
  if (seen.length === 0) out.push('  none');
  for (const m of seen) {
    if (m.error) {
      out.push(`- ${m.module}: could not be used (${m.error})`);
      continue;
    }
    out.push(`- ${m.module}: ${m.tokens!.length} token(s)`);
    for (const t of m.tokens!) {
      if (!t.initialized) {
        out.push(`    reader "${t.slotDescription}": token not initialised`);
        continue;
      }
      const pin = t.pinInfo.locked ? 'PIN LOCKED' : t.pinInfo.finalTry ? 'PIN: final try left' : t.pinInfo.countLow ? 'PIN: wrong PIN entered before' : 'PIN ok';
      out.push(`    "${t.label}" ${t.manufacturer} ${t.model}, serial ${t.serial}, reader "${t.slotDescription}"; ${pin}; key types ${t.keyGenMechanisms.join(', ') || 'none'}`);
    }
  }
  return out;
}

export async function buildReport(input: ReportInput): Promise<string> {
  const now = input.now ?? new Date();
  const { info } = input;
  const [records, stores, tokens] = await Promise.all([input.keystore.list().catch(() => [] as KeyRecord[]), storesSeen(input), tokensSeen(input)]);
  const damaged = await damagedEntries(input.keystore, records.length);
  const versions = process.versions as NodeJS.ProcessVersions & { electron?: string };
  const lines = [
    'Certwiz helpdesk report',
    `Created:   ${now.toISOString()}`,
    `Certwiz:   ${info.version} (${info.shell === 'electron' ? 'desktop app' : info.shell === 'web' ? 'browser window' : 'command line'})`,
    `OS:        ${os.type()} ${os.release()} ${os.arch()} (${info.platform}); Node ${versions.node}${versions.electron ? `, Electron ${versions.electron}` : ''}`,
    // The UI language the user chose (the helpdesk then knows which words they see) and, apart,
    // the OS locale; the report itself stays English for the helpdesk staff.
    `Language:  Certwiz ${label(input.language) || 'not given'}; system ${info.locale}`,
    `Flow:      ${label(input.flow) || 'none'}${label(input.step) ? `, step ${label(input.step)}` : ''}`,
    `Data:      ${info.dataDir}`,
    `Medium security level protection: ${info.mediumProtection === 'os-keyring' ? 'OS keyring' : 'local fallback file'}`,
    '',
    ...(await certificateLines(records, stores, now, damaged)),
    '',
    ...storeLines(stores, now),
    '',
    ...tokenLines(tokens),
    '',
    `Last errors (${input.errors.length}):`,
    ...(input.errors.length === 0 ? ['  none'] : input.errors.map((e) => `- ${e.at}  ${e.code}  (${e.where})`)),
    '',
    'This report holds no password, PIN, private key, validation code or PFX content.',
  ];
  const text = lines.join('\n') + '\n';
  if (/-----BEGIN|PRIVATE KEY/.test(text)) throw new CertwizError('INTERNAL', 'The report could not be made safely.');
  return text;
}
