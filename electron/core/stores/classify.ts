/**
 * Reads the files a CA sends and says what each certificate is.
 *
 * Guide 001 section D has the user install, one by one: the Sub CA ("Hongkong Post e-Cert SSL
 * CA 3 - 17"), the cross-certificate ("Hongkong Post Root CA 3" issued by "GlobalSign Root CA -
 * R3"), the ARL, and (guide 002) the Root CA. They come as PEM or DER `.crt`, `.crl`, or a
 * `.p7b`. Here every input becomes a list of certificates and CRLs, and each certificate gets a
 * role. Parsing is @peculiar/x509's; only the PEM block split is by hand (RFC 7468 §2: several
 * labelled blocks may follow each other in one file).
 */
import 'reflect-metadata';
import { X509Certificate, X509Crl } from '@peculiar/x509';
import { CertwizError } from '../../../shared/errors';
import { certSpkiSha256, isCa, parseCertificates, rfc4514, thumbprint } from '../certs';
import type { CertRole, StoreCertificate } from './types';

/** Files from a CA are a few KB; refuse anything that cannot be one (issue 2 input limits). */
export const MAX_INPUT_BYTES = 10 * 1024 * 1024;

export interface CertFacts {
  cert: X509Certificate;
  der: Uint8Array;
  sha1: string;
  sha256: string;
  /** SHA-256 of the SubjectPublicKeyInfo: "same key" across re-issued CA certificates. */
  spkiSha256: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  isCA: boolean;
  selfSigned: boolean;
}

export interface CrlFacts {
  crl: X509Crl;
  der: Uint8Array;
  issuer: string;
  thisUpdate: Date;
  nextUpdate?: Date;
}

/** Where something came from, for sentences like "it is in the file … you downloaded". */
export interface FileOrigin {
  fileName: string;
}

export interface ClassifiedCert extends CertFacts {
  role: CertRole;
  origin?: FileOrigin;
}

export interface ParsedInput {
  certificates: CertFacts[];
  crls: CrlFacts[];
}

/** A copy typed as backed by a plain ArrayBuffer, as @peculiar/x509's BufferSource wants. */
export function ab(u: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(u);
}


/** Facts about one certificate; thumbprints are lowercase hex without separators. */
export async function certFacts(input: X509Certificate | Uint8Array): Promise<CertFacts> {
  let cert: X509Certificate;
  try {
    cert = input instanceof X509Certificate ? input : new X509Certificate(ab(input));
  } catch {
    throw new CertwizError('FILE_NOT_CERTIFICATE', 'This is not a certificate.');
  }
  const der = new Uint8Array(cert.rawData);
  const subject = rfc4514(cert.subjectName);
  const issuer = rfc4514(cert.issuerName);
  // Self-signed = same name AND the signature verifies with its own key (stronger than the
  // AKI/SKI test in certs.ts: a cross-certificate with a copied AKI cannot pass for a root).
  const selfSigned = subject === issuer && (await cert.isSelfSigned().catch(() => false));
  return {
    cert,
    der,
    sha1: thumbprint(cert, 'sha1'),
    sha256: thumbprint(cert, 'sha256'),
    spkiSha256: certSpkiSha256(cert),
    subject,
    issuer,
    serialNumber: cert.serialNumber.toLowerCase(),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    isCA: isCa(cert),
    selfSigned,
  };
}

/**
 * A store's row for a certificate: the facts every backend reads the same way (NSS, Windows,
 * macOS), plus where the backend says it sits, its trust, key and handle.
 */
export function storeCertificate(f: CertFacts, where: Pick<StoreCertificate, 'location' | 'trust' | 'hasKey' | 'handle'>): StoreCertificate {
  return {
    sha1: f.sha1,
    sha256: f.sha256,
    subject: f.subject,
    issuer: f.issuer,
    serialNumber: f.serialNumber,
    notBefore: f.notBefore.toISOString(),
    notAfter: f.notAfter.toISOString(),
    isCA: f.isCA,
    selfSigned: f.selfSigned,
    location: where.location,
    trust: where.trust,
    hasKey: where.hasKey,
    handle: where.handle,
    der: f.der,
  };
}

export function crlFacts(input: X509Crl | Uint8Array): CrlFacts {
  let crl: X509Crl;
  try {
    crl = input instanceof X509Crl ? input : new X509Crl(ab(input));
  } catch {
    throw new CertwizError('CRL_INVALID', 'This revocation list (CRL/ARL) cannot be read; download it again from the CA.');
  }
  return {
    crl,
    der: new Uint8Array(crl.rawData),
    issuer: rfc4514(crl.issuerName),
    thisUpdate: crl.thisUpdate,
    nextUpdate: crl.nextUpdate,
  };
}

/**
 * Splits a file into certificates and CRLs: PEM (any number of blocks, certificates and CRLs
 * mixed), DER certificate, DER CRL or PKCS#7 (`.p7b`, DER or PEM). Certificates are read by
 * certs.ts (the app's one certificate parser); only CRLs are added here. Throws
 * FILE_NOT_CERTIFICATE / PKCS7_NO_CERTIFICATE / CRL_INVALID / FILE_EMPTY / FILE_TOO_LARGE.
 */
export async function parseInput(bytes: Uint8Array, fileName = 'file'): Promise<ParsedInput> {
  if (bytes.length === 0) throw new CertwizError('FILE_EMPTY', `The file "${fileName}" is empty.`, { file: fileName });
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new CertwizError('FILE_TOO_LARGE', `The file "${fileName}" is too large to be a certificate.`, { file: fileName });
  }
  const out: ParsedInput = { certificates: [], crls: [] };
  const text = Buffer.from(bytes).toString('latin1');
  if (text.includes('-----BEGIN ')) {
    for (const [, body] of text.matchAll(/-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/g)) {
      out.crls.push(crlOrInvalid(new Uint8Array(Buffer.from(body.replace(/\s+/g, ''), 'base64')), fileName));
    }
    if (/-----BEGIN (CERTIFICATE|X509 CERTIFICATE|TRUSTED CERTIFICATE|PKCS7|CMS|CERTIFICATE CHAIN)-----/.test(text)) {
      for (const c of parseCertificates(bytes, fileName)) out.certificates.push(await certFacts(c));
    }
    if (out.certificates.length === 0 && out.crls.length === 0) throw notCert(fileName);
    return out;
  }
  try {
    for (const c of parseCertificates(bytes, fileName)) out.certificates.push(await certFacts(c));
    return out;
  } catch (e) {
    if (!(e instanceof CertwizError) || e.code !== 'FILE_NOT_CERTIFICATE') throw e;
  }
  try {
    out.crls.push(crlFacts(bytes));
    return out;
  } catch {
    if (/\.(crl|arl)$/i.test(fileName)) throw crlInvalid(fileName);
    throw notCert(fileName);
  }
}

function crlOrInvalid(der: Uint8Array, fileName: string): CrlFacts {
  try {
    return crlFacts(der);
  } catch {
    throw crlInvalid(fileName);
  }
}

function crlInvalid(fileName: string): CertwizError {
  return new CertwizError('CRL_INVALID', `The revocation list in "${fileName}" cannot be read; download it again from the CA.`, { file: fileName });
}

function notCert(fileName: string): CertwizError {
  return new CertwizError('FILE_NOT_CERTIFICATE', `"${fileName}" is not a certificate, a revocation list or a .p7b file.`, { file: fileName });
}

/**
 * The role of a certificate among the others we know (given files plus store contents).
 *
 * - self-signed CA → root;
 * - a CA certificate whose subject (and key) is also a self-signed root we know, or whose subject
 *   names a root while its issuer is another CA → cross-certificate (guide 001: "Hongkong Post
 *   Root CA 3" issued by "GlobalSign Root CA - R3"; the self-signed Root CA 3 is often not among
 *   the files, hence the name test when no known root matches);
 * - other CA → intermediate (Sub CA); not a CA → end-entity.
 */
export function roleOf(c: CertFacts, known: readonly CertFacts[]): CertRole {
  if (!c.isCA) return c.selfSigned ? 'root' : 'end-entity';
  if (c.selfSigned) return 'root';
  const sameAsRoot = known.some((k) => k.selfSigned && k.isCA && k.subject === c.subject && k.spkiSha256 === c.spkiSha256);
  if (sameAsRoot) return 'cross-certificate';
  const rootName = /\broot\b/i;
  if (rootName.test(commonName(c.subject)) && rootName.test(commonName(c.issuer)) && c.issuer !== c.subject) {
    return 'cross-certificate';
  }
  return 'intermediate';
}

export function classifyAll(certs: readonly (CertFacts & { origin?: FileOrigin })[], known: readonly CertFacts[] = []): ClassifiedCert[] {
  const all = [...certs, ...known];
  return certs.map((c) => ({ ...c, role: roleOf(c, all) }));
}

/** The CN of an RFC 4514 string, or the whole string when there is none (for sentences). */
export function commonName(dn: string): string {
  const m = /(?:^|,\s*)CN=((?:\\.|[^,])*)/.exec(dn);
  return m ? m[1].replace(/\\(.)/g, '$1') : dn;
}

