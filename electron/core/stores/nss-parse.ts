/**
 * Parsers for the text NSS tools print (certutil 3.x, crlutil), and NSS error → Certwiz code.
 *
 * Formats as printed by Debian's libnss3-tools (run with LANG=C):
 *   certutil -L   "Nickname<spaces>Trust" rows under a two-line header, trust like `C,,` / `u,u,u`
 *   certutil -K   "< 0> rsa      <40 hex key id>   <nickname>" (or "(orphan)")
 *   crlutil -L    "CRL names   CRL Type" header, then "<issuer nickname>   CRL"
 * NSS names its errors (SEC_ERROR_BAD_PASSWORD …) in English on stderr; we key on those names.
 */
import { CertwizError } from '../../../shared/errors';
import type { LogicalStore } from './types';

export interface NssListRow {
  nickname: string;
  trust: string;
}

/** `certutil -L` rows. The trust column is the last whitespace-separated token. */
export function parseCertList(stdout: string): NssListRow[] {
  const rows: NssListRow[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^(.*\S)\s+([cCpPuTwk]*,[cCpPuTwk]*,[cCpPuTwk]*)\s*$/.exec(line);
    if (!m) continue;
    rows.push({ nickname: m[1].trim(), trust: m[2] });
  }
  return rows;
}

export interface NssKeyRow {
  keyId: string;
  nickname: string | null;
}

/** `certutil -K` rows; `(orphan)` keys have no certificate and so no nickname. */
export function parseKeyList(stdout: string): NssKeyRow[] {
  const rows: NssKeyRow[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^<\s*\d+>\s+\S+\s+([0-9a-fA-F]+)\s+(.*\S)\s*$/.exec(line);
    if (!m) continue;
    const name = m[2].replace(/^NSS Certificate DB:/, '');
    rows.push({ keyId: m[1].toLowerCase(), nickname: name === '(orphan)' ? null : name });
  }
  return rows;
}

/** `crlutil -L` rows: the issuer's nickname per CRL. */
export function parseCrlList(stdout: string): string[] {
  const names: string[] = [];
  let inBody = false;
  for (const line of stdout.split('\n')) {
    if (/^CRL names\s+CRL Type/.test(line)) {
      inBody = true;
      continue;
    }
    const m = /^(.*\S)\s+(CRL|KRL)\s*$/.exec(line);
    if (inBody && m) names.push(m[1].trim());
  }
  return names;
}

/** What `crlutil -L -n NICK` prints about one installed CRL (NSS verified its signature on import). */
export interface NssCrlInfo {
  issuer: string;
  nextUpdate?: Date;
  /** Revoked serial numbers, lowercase hex without leading zeros. */
  revoked: Map<string, Date | undefined>;
}

export function parseCrlInfo(stdout: string): NssCrlInfo {
  const lines = stdout.replace(/\r/g, '').split('\n');
  const info: NssCrlInfo = { issuer: '', revoked: new Map() };
  let serial: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    let m: RegExpExecArray | null;
    if ((m = /^Issuer: "(.*)"$/.exec(line))) info.issuer = m[1];
    else if ((m = /^Issuer: "(.*)$/.exec(line))) {
      // NSS wraps a long name at a fixed column, even inside a word ("(no" / "t trusted)"), and
      // indents the rest: join the pieces; chain.ts compares names without whitespace.
      let name = m[1];
      while (i + 1 < lines.length && !name.endsWith('"')) name += lines[++i].trim();
      info.issuer = name.replace(/"$/, '');
    }
    else if ((m = /^Next Update: (.*)$/.exec(line))) info.nextUpdate = nssDate(m[1]);
    else if ((m = /^Serial Number: \d+ \(0x([0-9a-fA-F]+)\)$/.exec(line))) serial = normSerial(m[1]);
    else if (/^Serial Number:$/.test(line) && i + 1 < lines.length) {
      // long serials: colon-separated hex bytes on the following line(s)
      let hex = '';
      while (i + 1 < lines.length && /^([0-9a-fA-F]{2}:?)+$/.test(lines[i + 1].trim())) hex += lines[++i].trim().replace(/:/g, '');
      serial = normSerial(hex);
    } else if ((m = /^Revocation Date: (.*)$/.exec(line)) && serial) {
      info.revoked.set(serial, nssDate(m[1]));
      serial = null;
    }
  }
  if (serial) info.revoked.set(serial, undefined);
  return info;
}

export function normSerial(hex: string): string {
  return hex.toLowerCase().replace(/^0+(?=.)/, '');
}

/** NSS prints "Sun Nov 22 00:04:31 2026" (UTC, asctime layout). */
function nssDate(text: string): Date | undefined {
  const m = /^\w{3} (\w{3}) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4})$/.exec(text.trim());
  if (!m) return undefined;
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(m[1]);
  return new Date(Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])));
}

/** PEM blocks printed by `certutil -L -n NICK -a`, DER each. */
export function parsePemCerts(stdout: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const m of stdout.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)) {
    out.push(new Uint8Array(Buffer.from(m[1].replace(/\s+/g, ''), 'base64')));
  }
  return out;
}

/**
 * Trust flags → logical store. `C`/`T` in any field = a trusted root (NSS trusts anchors by
 * flag, not by self-signature); `u` (user: we hold the key) = Personal; other CAs = Intermediate.
 */
export function locationFromTrust(trust: string, isCA: boolean, hasKey: boolean | undefined): LogicalStore {
  if (/[CT]/.test(trust)) return 'root';
  if (hasKey || /u/.test(trust)) return 'personal';
  return isCA ? 'intermediate' : 'personal';
}

/** NSS trust string for a logical store (issue 4: root `C,,`, `CT,C,C` only when asked). */
export function trustFor(location: LogicalStore, rootTrust: 'tls' | 'all' = 'tls'): string {
  if (location === 'root') return rootTrust === 'all' ? 'CT,C,C' : 'C,,';
  return ',,';
}

export interface NssErrorContext {
  label: string;
  passwordGiven: boolean;
  /** The operation, for the generic fallback message. */
  action: string;
  /** A PFX is being read: its BAD_PASSWORD means the file's password, not the DB's. */
  pfx?: boolean;
}

/** Maps a failed NSS tool run to a stable code; the message names the store, never a secret. */
export function nssError(stderr: string, ctx: NssErrorContext): CertwizError {
  const name = /\b(SEC_ERROR_[A-Z0-9_]+|SSL_ERROR_[A-Z0-9_]+)\b/.exec(stderr)?.[1] ?? '';
  if (ctx.pfx && /PKCS12 decode not verified: SEC_ERROR_BAD_PASSWORD/.test(stderr)) {
    return new CertwizError('PFX_BAD_PASSWORD', 'The password does not open this PFX file. It was set when the file was exported.');
  }
  if (ctx.pfx && /PKCS12 decode|SEC_ERROR_BAD_DER/.test(stderr)) {
    return new CertwizError('PFX_CORRUPT', 'This PFX file is damaged or not a PFX file.');
  }
  switch (name) {
    case 'SEC_ERROR_BAD_PASSWORD':
      return ctx.passwordGiven
        ? new CertwizError('STORE_PASSWORD_INCORRECT', `The password for ${ctx.label} is not correct.`, { store: ctx.label })
        : new CertwizError('STORE_LOCKED', `${ctx.label} is protected by a password; enter it to change the store.`, { store: ctx.label });
    case 'SEC_ERROR_READ_ONLY':
      return new CertwizError('STORE_READ_ONLY', `${ctx.label} is read-only; nothing was changed.`, { store: ctx.label });
    case 'SEC_ERROR_BAD_DATABASE':
      return new CertwizError('STORE_NOT_FOUND', `There is no certificate database at ${ctx.label}.`, { store: ctx.label });
    case 'SEC_ERROR_CRL_INVALID':
    case 'SEC_ERROR_CRL_BAD_SIGNATURE':
    case 'SEC_ERROR_CRL_EXPIRED':
      return new CertwizError('CRL_INVALID', 'This revocation list is damaged or not signed by its CA; download it again from the CA.');
    case 'SEC_ERROR_UNKNOWN_ISSUER':
      return new CertwizError('NOT_FOUND', 'The CA that issued this revocation list is not in the store; install its certificate first.');
    case 'SEC_ERROR_ADDING_CERT':
      return new CertwizError('STORE_TOOL_FAILED', `NSS refused to add the certificate to ${ctx.label}.`, { store: ctx.label, nss: name });
    default:
      return new CertwizError('STORE_TOOL_FAILED', `Could not ${ctx.action} in ${ctx.label}${name ? ` (${name})` : ''}.`, {
        store: ctx.label,
        nss: name || 'unknown',
      });
  }
}
