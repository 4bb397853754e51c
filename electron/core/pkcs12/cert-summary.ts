/**
 * The facts `pfx inspect` shows for a certificate, read from its DER with the light walker.
 *
 * Why not certs.ts `summarize` on an @peculiar/x509 certificate: that parses the whole
 * certificate through asn1js, which also parses every extension's OCTET STRING content, and was
 * about a third of `inspectPfx` at 2048 iterations (issue 3 bench: inspect ≤ 1.2× `openssl
 * pkcs12`). Only the names still go through @peculiar/x509 (`x509.Name` on the Name bytes), so
 * subject and issuer print exactly as everywhere else (certs.ts `rfc4514`). Anything unexpected
 * returns null and the caller uses `summarize`; a test compares both on many certificates.
 *
 * Certificate layout: RFC 5280 §4.1; times §4.1.2.5 (UTCTime YY ≥ 50 is 19YY); basicConstraints
 * §4.2.1.9.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash } from 'node:crypto';
import { rfc4514 } from '../certs';
import { contentOf, explicitInner, isUniversal, kids, octets, oid, parseWhole, rawOf, type BerNode } from './ber';

export interface PfxCertSummary {
  subject: string;
  issuer: string;
  serialNumber: string;
  sha1: string;
  sha256: string;
  notBefore: string;
  notAfter: string;
  isCA: boolean;
}

const BASIC_CONSTRAINTS = '2.5.29.19';

/** UTCTime / GeneralizedTime in the forms RFC 5280 allows (Z, whole seconds), else null. */
function timeOf(node: BerNode): Date | null {
  const s = Buffer.from(contentOf(node, 'time')).toString('latin1');
  let m: RegExpMatchArray | null;
  let year: number;
  if (isUniversal(node, 23) && (m = s.match(/^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/))) {
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (isUniversal(node, 24) && (m = s.match(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/))) {
    year = Number(m[1]);
  } else {
    return null;
  }
  const [, , mo, d, h, mi, se] = m.map(Number);
  const t = Date.UTC(year, mo - 1, d, h, mi, se);
  const date = new Date(t);
  // Reject what Date.UTC would silently roll over (month 13, 31 February).
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || se > 59) return null;
  return date;
}

function isCaFrom(extensions: BerNode | undefined): boolean | null {
  if (!extensions) return false;
  for (const ext of kids(explicitInner(extensions, 'extensions'), 'extensions')) {
    const parts = kids(ext, 'extension');
    if (oid(parts[0], 'extension') !== BASIC_CONSTRAINTS) continue;
    const value = parts[parts.length - 1];
    if (!isUniversal(value, 4)) return null;
    const bc = parseWhole(octets(value, 'basic-constraints'), 'basic-constraints');
    const first = kids(bc, 'basic-constraints')[0];
    if (!first || !isUniversal(first, 1)) return false; // cA DEFAULT FALSE
    const v = contentOf(first, 'basic-constraints');
    return v.length === 1 && v[0] !== 0;
  }
  return false;
}

/** As @peculiar/x509 prints a serial: hex, one 00 sign octet dropped before a high byte. */
function serialHex(v: Uint8Array): string {
  const drop = v.length > 1 && v[0] === 0 && v[1] > 0x7f ? 1 : 0;
  return Buffer.from(v.subarray(drop)).toString('hex');
}

/** The inspect facts of one DER certificate, or null when the fast path is unsure. */
export function summarizeCertDer(der: Uint8Array): PfxCertSummary | null {
  try {
    const cert = parseWhole(der, 'certificate');
    const [tbs] = kids(cert, 'certificate');
    const f = kids(tbs, 'tbs');
    let i = 0;
    if (f[0] && f[0].cls === 2 && f[0].tag === 0) i++; // [0] EXPLICIT version
    const [serial, , issuer, validity, subject] = f.slice(i, i + 5);
    if (!isUniversal(serial, 2) || !isUniversal(issuer, 16) || !isUniversal(validity, 16) || !isUniversal(subject, 16)) return null;
    const [nb, na] = kids(validity, 'validity');
    const notBefore = nb && timeOf(nb);
    const notAfter = na && timeOf(na);
    if (!notBefore || !notAfter) return null;
    // after serial, signature, issuer, validity, subject, subjectPublicKeyInfo: [1], [2], [3] extensions
    const extensions = f.slice(i + 6).find((n) => n.cls === 2 && n.tag === 3);
    const isCA = isCaFrom(extensions);
    if (isCA === null) return null;
    return {
      subject: rfc4514(new x509.Name(new Uint8Array(rawOf(subject)))),
      issuer: rfc4514(new x509.Name(new Uint8Array(rawOf(issuer)))),
      serialNumber: serialHex(contentOf(serial, 'serial')),
      sha1: createHash('sha1').update(der).digest('hex'),
      sha256: createHash('sha256').update(der).digest('hex'),
      notBefore: notBefore.toISOString(),
      notAfter: notAfter.toISOString(),
      isCA,
    };
  } catch {
    return null;
  }
}
