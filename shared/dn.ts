/**
 * Distinguished names and subject alternative names as text (RFC 4514).
 *
 * One formatter for everything Certwiz prints: the CLI's `subject`, the wizard's summary, the
 * "My certificates" rows, and names read back from a CSR. Runs anywhere (no Node imports).
 */
import type { NormalizedSan, NormalizedSubject, RdnType } from './subject';

/**
 * Attribute type names as printed (RFC 4514 §3 short names). The e-mail attribute
 * (PKCS #9, 1.2.840.113549.1.9.1) has no RFC 4514 name; OpenSSL's `emailAddress` is used so the
 * string equals `openssl req -noout -subject -nameopt RFC2253`, which helpdesks compare with.
 */
export const RDN_TYPE_NAMES: Record<RdnType, string> = {
  C: 'C',
  ST: 'ST',
  L: 'L',
  O: 'O',
  OU: 'OU',
  CN: 'CN',
  E: 'emailAddress',
};

/** The OIDs of the attribute types Certwiz writes (X.520 §6, PKCS #9 §5.2.1). */
export const RDN_TYPE_OIDS: Record<RdnType, string> = {
  C: '2.5.4.6',
  ST: '2.5.4.8',
  L: '2.5.4.7',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
  E: '1.2.840.113549.1.9.1',
};

/**
 * RFC 4514 §2.4 escaping: `"` `+` `,` `;` `<` `>` `\` anywhere, `#` or space at the start,
 * space at the end; NUL and other C0 controls and DEL as `\XX` hex pairs (as OpenSSL's
 * RFC2253 output does, so a foreign CSR cannot break a line of the display). Other characters,
 * UTF-8 included, stay as they are.
 */
export function escapeRdnValue(value: string): string {
  const chars = [...value];
  return chars
    .map((c, i) => {
      const code = c.codePointAt(0)!;
      if (code < 0x20 || code === 0x7f) return `\\${code.toString(16).toUpperCase().padStart(2, '0')}`;
      if ('\\"+,;<>'.includes(c)) return `\\${c}`;
      if (i === 0 && (c === ' ' || c === '#')) return `\\${c}`;
      if (i === chars.length - 1 && c === ' ') return `\\${c}`;
      return c;
    })
    .join('');
}

export interface FormattableRdn {
  /** Short name (`CN`) or a dotted OID for types Certwiz does not know. */
  type: string;
  value: string;
  display?: string;
}

/**
 * RFC 4514 §2.1: the RDNs of the encoded sequence, last first, joined by commas; the values of a
 * multi-valued RDN joined by `+`.
 *
 * `display` uses each value's display form (U-labels for Chinese domain names).
 */
export function formatRdnSets(sets: readonly (readonly FormattableRdn[])[], mode: 'encoded' | 'display'): string {
  return [...sets]
    .reverse()
    .map((set) =>
      set
        .map((r) => {
          const name = (RDN_TYPE_NAMES as Record<string, string>)[r.type] ?? r.type;
          const value = mode === 'display' && r.display !== undefined ? r.display : r.value;
          // RFC 4514 §2.4: a value given as `#hex` (unknown type) is not escaped.
          return `${name}=${/^#[0-9a-f]*$/i.test(value) && !(r.type in RDN_TYPE_NAMES) ? value : escapeRdnValue(value)}`;
        })
        .join('+'),
    )
    .join(',');
}

/** Single-valued RDNs (all Certwiz writes), as RFC 4514 text. */
export function formatRdns(rdns: readonly FormattableRdn[], mode: 'encoded' | 'display'): string {
  return formatRdnSets(
    rdns.map((r) => [r]),
    mode,
  );
}

/** The subject of a normalized request as an RFC 4514 string (A-labels or U-labels). */
export function formatSubject(normalized: Pick<NormalizedSubject, 'rdns'>, mode: 'encoded' | 'display'): string {
  return formatRdns(normalized.rdns, mode);
}

/**
 * A SAN as OpenSSL prints it (`DNS:www.example.com`, `email:a@example.com`), so the CLI's
 * `sans` equals `openssl req -noout -ext subjectAltName` item for item.
 */
export function formatSan(san: Pick<NormalizedSan, 'type' | 'value' | 'display'>, mode: 'encoded' | 'display'): string {
  const value = mode === 'display' ? san.display : san.value;
  return `${san.type === 'dns' ? 'DNS' : 'email'}:${value}`;
}
