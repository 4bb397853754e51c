/**
 * The CA profiles: what each certification authority accepts in a request, as data.
 *
 * The field rules (shared/fields.ts) read these; the wizard shows the fields in this order with
 * these defaults; the CLI lists them (`certwiz profiles`). Every rule cites where it comes from.
 *
 * ProfileField.encoding means (RFC 5280 §4.1.2.4, §4.1.2.6):
 * - 'printable': the CA requires PrintableString; characters it cannot hold are refused.
 * - 'utf8': PrintableString where the value fits, else UTF8String (what OpenSSL, Windows
 *   CertEnroll and most CAs produce).
 * - 'ia5': IA5String (the PKCS #9 emailAddress attribute).
 */
import type { CaProfile } from './subject';

/**
 * Upper bounds in characters: RFC 5280 Appendix A.1 (ub-common-name 64, ub-organization-name 64,
 * ub-organizational-unit-name 64, ub-locality-name 128, ub-state-name 128, ub-emailaddress-length
 * 255); a DNS name is at most 253 (RFC 1035 §2.3.4).
 */
export const UPPER_BOUNDS = {
  cn: 64,
  o: 64,
  ou: 64,
  l: 128,
  st: 128,
  c: 2,
  email: 255,
  sans: 253,
} as const;

/** id-kp-serverAuth, RFC 5280 §4.2.1.12. */
export const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
/** id-kp-emailProtection, RFC 5280 §4.2.1.12. */
export const EKU_EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';

/**
 * Hongkong Post e-Cert (Server).
 *
 * - C fixed to HK: guide 004 B 4 ("select HK for the Country/Region"), guide 001 B 6, 002 B 10.
 * - ST and L "Hong Kong", official names without abbreviations: guide 004 B 4 ("State/province
 *   and City/locality must be specified as official names and they cannot contain
 *   abbreviations"). They are English official names, so Certwiz requires PrintableString for
 *   them (what the guides' Windows tools write for "Hong Kong"); a Chinese value is refused
 *   rather than sent in a form the CA's tooling has never been shown to accept.
 * - O and OU: guide 004 B 4, guide 002 B 8. The Chinese organisation name is chosen on the CA's
 *   site ("Confirm Opt with Chinese", guide 004 C 3), so O may still be UTF8String here.
 * - RSA 2048 only: guide 002 C ("with effect from 1 December 2012, ... Only CSR with 2048-bit RSA
 *   key length will be accepted"), guide 004 B 5, guide 001 C 4.
 * - Wildcard only as the left-most label (`*.myserver.com`): guide 004 B 4, guide 002 B 9.
 * - Multi-domain: the CN is the "server name used as subject name"; additional names are
 *   assigned by the CA from the application form, so SANs are optional (guide 004 B 4).
 * - Chinese domain names accepted, as U-labels or their IDN form (guide 004 B 4 options 1-2).
 */
const HKPOST_SERVER: CaProfile = {
  id: 'hkpost-server',
  nameKey: 'profile.hkpost-server',
  name: 'Hongkong Post e-Cert (Server)',
  kind: 'server',
  fields: [
    { id: 'cn', required: true, maxLength: UPPER_BOUNDS.cn, encoding: 'utf8' },
    { id: 'o', required: true, maxLength: UPPER_BOUNDS.o, encoding: 'utf8' },
    { id: 'ou', required: false, maxLength: UPPER_BOUNDS.ou, encoding: 'utf8' },
    { id: 'l', required: true, defaultValue: 'Hong Kong', maxLength: UPPER_BOUNDS.l, encoding: 'printable' },
    { id: 'st', required: true, defaultValue: 'Hong Kong', maxLength: UPPER_BOUNDS.st, encoding: 'printable' },
    { id: 'c', required: true, fixed: 'HK', defaultValue: 'HK', maxLength: UPPER_BOUNDS.c, encoding: 'printable' },
    { id: 'sans', required: false, maxLength: UPPER_BOUNDS.sans, encoding: 'ia5' },
  ],
  keyAlgorithms: ['rsa-2048'],
  defaultKeyAlgorithm: 'rsa-2048',
  allowWildcard: true,
  allowIdn: true,
  sansRequired: false,
  extendedKeyUsage: [EKU_SERVER_AUTH],
  sources: [
    'Guide 004 (HK Post e-Cert (Server), IIS 10) B 4-5',
    'Guide 002 (HK Post e-Cert (Server), IIS 5/6) B 7-10, C',
    'Guide 001 (HK Post e-Cert (Server), Exchange 2010) B 5-6',
    'RFC 5280 §4.1.2.6, §4.2.1.6, §4.2.1.12',
  ],
};

/**
 * Any CA that issues TLS server certificates.
 *
 * SANs are what clients check (RFC 6125 §6.4.4; CA/B Forum BR 7.1.4.3 requires the CN to be one
 * of them), so the CN goes into the SAN list too. Key types: the CA/B Forum BR 6.1.5 set.
 */
const GENERIC_SERVER: CaProfile = {
  id: 'generic-server',
  nameKey: 'profile.generic-server',
  name: 'TLS server certificate (any CA)',
  kind: 'server',
  fields: [
    { id: 'cn', required: true, maxLength: UPPER_BOUNDS.cn, encoding: 'utf8' },
    { id: 'o', required: false, maxLength: UPPER_BOUNDS.o, encoding: 'utf8' },
    { id: 'ou', required: false, maxLength: UPPER_BOUNDS.ou, encoding: 'utf8' },
    { id: 'l', required: false, maxLength: UPPER_BOUNDS.l, encoding: 'utf8' },
    { id: 'st', required: false, maxLength: UPPER_BOUNDS.st, encoding: 'utf8' },
    { id: 'c', required: false, maxLength: UPPER_BOUNDS.c, encoding: 'printable' },
    { id: 'sans', required: false, maxLength: UPPER_BOUNDS.sans, encoding: 'ia5' },
  ],
  keyAlgorithms: ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256', 'ec-p384'],
  defaultKeyAlgorithm: 'rsa-2048',
  allowWildcard: true,
  allowIdn: true,
  sansRequired: true,
  extendedKeyUsage: [EKU_SERVER_AUTH],
  sources: ['RFC 5280 §4.1.2.6, §4.2.1.6, §4.2.1.12', 'RFC 6125 §6.4.4', 'CA/B Forum BR 6.1.5, 7.1.4.3'],
};

/**
 * S/MIME (secure e-mail) certificate.
 *
 * The address goes in the SAN as rfc822Name (RFC 5280 §4.2.1.6, RFC 8550 §3) and, as the guides'
 * certificates show, in the subject as emailAddress (IA5String, PKCS #9) next to CN = the
 * person's name (guide 000 step 8: "E = …, CN = …"; guide 003 "Providing e-mail address").
 */
const GENERIC_EMAIL: CaProfile = {
  id: 'generic-email',
  nameKey: 'profile.generic-email',
  name: 'Secure e-mail (S/MIME) certificate',
  kind: 'email',
  fields: [
    { id: 'cn', required: true, maxLength: UPPER_BOUNDS.cn, encoding: 'utf8' },
    { id: 'email', required: true, maxLength: UPPER_BOUNDS.email, encoding: 'ia5' },
    { id: 'o', required: false, maxLength: UPPER_BOUNDS.o, encoding: 'utf8' },
    { id: 'ou', required: false, maxLength: UPPER_BOUNDS.ou, encoding: 'utf8' },
    { id: 'l', required: false, maxLength: UPPER_BOUNDS.l, encoding: 'utf8' },
    { id: 'st', required: false, maxLength: UPPER_BOUNDS.st, encoding: 'utf8' },
    { id: 'c', required: false, maxLength: UPPER_BOUNDS.c, encoding: 'printable' },
  ],
  keyAlgorithms: ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256', 'ec-p384'],
  defaultKeyAlgorithm: 'rsa-2048',
  allowWildcard: false,
  allowIdn: true,
  sansRequired: true,
  extendedKeyUsage: [EKU_EMAIL_PROTECTION],
  sources: [
    'Guide 000 (eSignTrust Personal Secure Email) steps 2, 8',
    'Guide 003 (Certum S/MIME) "Providing e-mail address"',
    'RFC 5280 §4.1.2.6, §4.2.1.6',
    'RFC 8550 §3',
  ],
};

/**
 * Profiles whose CA refuses abbreviated State/province and City/locality ("HK", "H.K.", "KLN"):
 * guide 004 B 4, "official names and they cannot contain abbreviations".
 */
export const OFFICIAL_LOCATION_NAMES_ONLY: ReadonlySet<string> = new Set(['hkpost-server']);

export const PROFILES: CaProfile[] = [HKPOST_SERVER, GENERIC_SERVER, GENERIC_EMAIL];

export function getProfile(id: string): CaProfile | undefined {
  return PROFILES.find((p) => p.id === id);
}
