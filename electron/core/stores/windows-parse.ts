/**
 * Parsers for what the Windows store commands print.
 *
 * Primary: the JSON our PowerShell scripts emit (`ConvertTo-Json`, which prints a bare object
 * for one item and an array for several, and nothing for none). Also the two formats a helpdesk
 * pastes: `certutil -store [-user] NAME` (English Windows: "================ Certificate 0
 * ================", "Serial Number:", "Issuer:", "Subject:", "Cert Hash(sha1):", "CRL 0"
 * blocks for revocation lists) and `Get-ChildItem Cert:\…` default table ("Thumbprint  Subject").
 * Tested against recorded samples only (test/stores/fixtures), not on Windows itself.
 */
import { CertwizError } from '../../../shared/errors';

/** One certificate as our list script prints it. */
export interface WinCertJson {
  Store: string;
  Thumbprint: string;
  Subject: string;
  Issuer: string;
  SerialNumber: string;
  NotBefore: string;
  NotAfter: string;
  HasPrivateKey: boolean;
  FriendlyName?: string;
  /** Base64 DER. */
  Raw: string;
}

export function parseJsonList<T>(stdout: string): T[] {
  const text = stdout.replace(/^\uFEFF/, '').trim();
  if (text === '') return [];
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new CertwizError('STORE_TOOL_FAILED', 'PowerShell returned output Certwiz cannot read.', { tool: 'powershell' });
  }
  if (v === null) return [];
  return (Array.isArray(v) ? v : [v]) as T[];
}

export interface CertutilStoreEntry {
  kind: 'certificate' | 'crl';
  index: number;
  serialNumber?: string;
  issuer?: string;
  subject?: string;
  notBefore?: string;
  notAfter?: string;
  thisUpdate?: string;
  nextUpdate?: string;
  sha1?: string;
  hasKey?: boolean;
}

/** `certutil -store` text (English UI). Unknown lines are ignored, so other versions degrade gently. */
export function parseCertutilStore(stdout: string): CertutilStoreEntry[] {
  const out: CertutilStoreEntry[] = [];
  let cur: CertutilStoreEntry | null = null;
  for (const raw of stdout.replace(/\r/g, '').split('\n')) {
    const line = raw.trimEnd();
    const head = /^=+ (Certificate|CRL) (\d+) =+$/.exec(line.trim());
    if (head) {
      cur = { kind: head[1] === 'CRL' ? 'crl' : 'certificate', index: Number(head[2]) };
      out.push(cur);
      continue;
    }
    if (!cur) continue;
    const kv = /^\s*([A-Za-z ()0-9-]+?):\s*(.*)$/.exec(line);
    if (!kv) continue;
    const [, key, value] = kv;
    switch (key) {
      case 'Serial Number':
        cur.serialNumber = value.toLowerCase();
        break;
      case 'Issuer':
        cur.issuer = value;
        break;
      case 'Subject':
        cur.subject = value;
        break;
      case 'NotBefore':
        cur.notBefore = value;
        break;
      case 'NotAfter':
        cur.notAfter = value;
        break;
      case 'ThisUpdate':
        cur.thisUpdate = value;
        break;
      case 'NextUpdate':
        cur.nextUpdate = value;
        break;
      case 'Cert Hash(sha1)':
      case 'CRL Hash(sha1)':
        cur.sha1 = value.replace(/\s+/g, '').toLowerCase();
        break;
      case 'Key Container':
      case 'Unique container name':
        cur.hasKey = true;
        break;
      default:
        if (/^\s*No key provider information/.test(line)) cur.hasKey = false;
    }
  }
  for (const e of out) if (e.kind === 'certificate' && e.hasKey === undefined) e.hasKey = false;
  return out;
}

/** `Get-ChildItem Cert:\CurrentUser\My` default table: thumbprint + subject per row. */
export function parseGetChildItemTable(stdout: string): { thumbprint: string; subject: string; store?: string }[] {
  const rows: { thumbprint: string; subject: string; store?: string }[] = [];
  let store: string | undefined;
  for (const raw of stdout.replace(/\r/g, '').split('\n')) {
    const parent = /PSParentPath:\s*Microsoft\.PowerShell\.Security\\Certificate::(.*)$/.exec(raw.trim());
    if (parent) {
      store = parent[1].trim();
      continue;
    }
    const m = /^([0-9A-F]{40})\s+(.*\S)\s*$/.exec(raw.trim());
    if (m) rows.push({ thumbprint: m[1].toLowerCase(), subject: m[2], store });
  }
  return rows;
}

/** HRESULTs our scripts report as `ERROR:<hex>:<message>`, mapped to stable codes. */
export function windowsError(stderr: string, label: string, location: string): CertwizError {
  const m = /ERROR:(0x[0-9A-Fa-f]+|[A-Za-z]+):([^\r\n]*)/.exec(stderr);
  const code = m?.[1]?.toLowerCase() ?? '';
  const text = m?.[2] ?? stderr;
  if (code === '0x80070005' || code === 'unauthorizedaccess' || /access is denied/i.test(text)) {
    return new CertwizError(
      'STORE_READ_ONLY',
      location === 'LocalMachine'
        ? `Changing the Local Computer stores needs administrator rights: start Certwiz with "Run as administrator", or choose the Current User stores (--store windows:CurrentUser).`
        : `${label} cannot be changed by this account.`,
      { store: label, reason: 'needs-admin' },
    );
  }
  if (code === '0x800704c7' || /canceled by the user|cancelled by the user/i.test(text)) {
    return new CertwizError('CANCELLED', 'Windows asked for a confirmation and it was declined; nothing was changed.');
  }
  if (code === '0x80070056' || /password is not correct|network password/i.test(text)) {
    return new CertwizError('PFX_BAD_PASSWORD', 'The password does not open this PFX file. It was set when the file was exported.');
  }
  if (code === 'notfound') {
    return new CertwizError('NOT_FOUND', `The certificate is not in ${label}.`, { store: label });
  }
  if (code === '0x80092002' || code === '0x80093102') {
    return new CertwizError('FILE_NOT_CERTIFICATE', 'Windows could not read this certificate.');
  }
  return new CertwizError('STORE_TOOL_FAILED', `Windows could not change ${label}${code ? ` (${code})` : ''}.`, { store: label, hresult: code || 'unknown' });
}
