/**
 * A key store record as the "My certificates" page shows it (StoreEntry): public facts only.
 *
 * Never copies encryptedKeyPem, wrappedSecret or anything secret; the renderer gets subject,
 * names, thumbprints, validity and the security level (ARCHITECTURE.md: the renderer never sees
 * private keys).
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { KeyAlgorithm, StoreEntry, SubjectForm } from '../../shared/ipc';
import { formatSan, formatSubject } from '../../shared/dn';
import { domainToUnicode } from '../../shared/idn';
import { parseCertificates, summarize, rfc4514, type Certificate } from './certs';
import type { KeyRecord } from './key-record';

const DAY = 86_400_000;

export function toStoreEntry(rec: KeyRecord, now = Date.now()): StoreEntry {
  const cert = rec.certificatePem ? parseCertificates(Buffer.from(rec.certificatePem), 'certificate')[0] : undefined;
  const norm = rec.normalized;
  let subject = norm ? formatSubject(norm, 'encoded') : '';
  let subjectDisplay = norm ? formatSubject(norm, 'display') : '';
  let sans = norm ? norm.sans.map((s) => formatSan(s, 'encoded')) : [];
  let sansDisplay = norm ? norm.sans.map((s) => formatSan(s, 'display')) : [];
  if (cert) {
    subject = rfc4514(cert.subjectName);
    // The CA may add names (the practice CA puts the CN in the SAN): show what was issued.
    sans = sanStrings(cert);
    sansDisplay = sanStrings(cert, 'display');
    if (!norm) subjectDisplay = displayName(subject);
  } else if (!norm && rec.csrPem) {
    try {
      const csr = new x509.Pkcs10CertificateRequest(rec.csrPem);
      subject = subjectDisplay = rfc4514(csr.subjectName);
    } catch {
      // A token record may hold no CSR yet; leave the subject empty.
    }
  }
  const entry: StoreEntry = {
    id: rec.id,
    status: rec.status,
    profileId: rec.profileId,
    keyAlgorithm: rec.keyAlgorithm as KeyAlgorithm,
    securityLevel: rec.securityLevel,
    createdAt: rec.createdAt,
    subject,
    subjectDisplay,
    subjectFields: rec.subjectForm.cn || !cert ? rec.subjectForm : subjectFormOf(cert),
    sans,
    sansDisplay,
  };
  if (cert) {
    entry.certificate = summarize(cert);
    entry.chain = (rec.chainPem ?? []).flatMap((p) => parseCertificates(Buffer.from(p), 'chain')).map(summarize);
    entry.daysLeft = Math.floor((cert.notAfter.getTime() - now) / DAY);
  }
  if (rec.practice) entry.practice = true;
  if (rec.token) entry.token = { label: rec.token.label, serial: rec.token.serial };
  return entry;
}

/**
 * SANs of a certificate in OpenSSL's notation (`DNS:…`, `email:…`), DNS and e-mail only;
 * 'display' shows IDNs as U-labels.
 */
export function sanStrings(cert: Certificate, mode: 'encoded' | 'display' = 'encoded'): string[] {
  const ext = cert.getExtension(x509.SubjectAlternativeNameExtension);
  if (!ext) return [];
  return ext.names
    .toJSON()
    .filter((n) => n.type === 'dns' || n.type === 'email')
    .map((n) => (n.type === 'dns' ? `DNS:${mode === 'display' ? domainToUnicode(n.value) : n.value}` : `email:${n.value}`));
}

/** An RFC 4514 string with its xn-- labels shown as U-labels (CN only holds domain names here). */
function displayName(rfc: string): string {
  return rfc.replace(/(^|,)CN=([^,+]*)/g, (_m, pre: string, v: string) => `${pre}CN=${v.includes('xn--') ? domainToUnicode(v) : v}`);
}

/**
 * The form a renewal starts from, read back from an installed certificate (issue 2 part 2:
 * "renewal ... pre-fills its subject and names"). The CN and e-mail are not repeated in `sans`,
 * since the field rules add them again.
 */
export function subjectFormOf(cert: Certificate): SubjectForm {
  const n = cert.subjectName;
  const first = (t: string) => n.getField(t)[0];
  const email = first('E') ?? first('1.2.840.113549.1.9.1');
  const cn = first('CN') ?? '';
  const ext = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const dns = ext ? ext.names.toJSON().filter((x) => x.type === 'dns').map((x) => x.value) : [];
  const sanEmail = ext?.names.toJSON().find((x) => x.type === 'email')?.value;
  const form: SubjectForm = { cn, sans: dns.filter((d) => d.toLowerCase() !== cn.toLowerCase()) };
  for (const [k, t] of [['o', 'O'], ['ou', 'OU'], ['l', 'L'], ['st', 'ST'], ['c', 'C']] as const) {
    const v = first(t);
    if (v !== undefined) form[k] = v;
  }
  if (email ?? sanEmail) form.email = email ?? sanEmail;
  return form;
}
