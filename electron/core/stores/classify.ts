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
import {
  BasicConstraintsExtension,
  X509Certificate,
  X509Certificates,
  X509Crl,
} from '@peculiar/x509';
import { createHash } from 'node:crypto';
import { CertwizError } from '../../../shared/errors';
import type { CertRole } from './types';

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

function hex(buf: ArrayBuffer | Uint8Array): string {
  return Buffer.from(buf instanceof Uint8Array ? buf : new Uint8Array(buf)).toString('hex');
}

function digest(alg: 'sha1' | 'sha256', data: Uint8Array): string {
  return createHash(alg).update(data).digest('hex');
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
  const bc = cert.getExtension(BasicConstraintsExtension);
  let selfSigned = false;
  if (cert.subjectName.toString() === cert.issuerName.toString()) {
    selfSigned = await cert.isSelfSigned().catch(() => false);
  }
  return {
    cert,
    der,
    sha1: digest('sha1', der),
    sha256: digest('sha256', der),
    spkiSha256: digest('sha256', new Uint8Array(cert.publicKey.rawData)),
    subject: cert.subject,
    issuer: cert.issuer,
    serialNumber: cert.serialNumber,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    isCA: bc?.ca === true,
    selfSigned,
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
    issuer: crl.issuer,
    thisUpdate: crl.thisUpdate,
    nextUpdate: crl.nextUpdate,
  };
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 #]+)-----([\s\S]*?)-----END \1-----/g;

/**
 * Splits a file into certificates and CRLs: PEM (any number of blocks), DER certificate, DER CRL
 * or PKCS#7 (`.p7b`, DER or PEM). Throws FILE_NOT_CERTIFICATE / CRL_INVALID with the file name.
 */
export async function parseInput(bytes: Uint8Array, fileName = 'file'): Promise<ParsedInput> {
  if (bytes.length === 0) throw new CertwizError('FILE_EMPTY', `The file "${fileName}" is empty.`, { file: fileName });
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new CertwizError('FILE_TOO_LARGE', `The file "${fileName}" is too large to be a certificate.`, { file: fileName });
  }
  const out: ParsedInput = { certificates: [], crls: [] };
  const text = Buffer.from(bytes).toString('latin1');
  const blocks = [...text.matchAll(PEM_BLOCK)];
  if (blocks.length > 0) {
    for (const [, label, body] of blocks) {
      const der = new Uint8Array(Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'));
      await addDer(out, der, fileName, label);
    }
  } else {
    await addDer(out, bytes, fileName);
  }
  if (out.certificates.length === 0 && out.crls.length === 0) {
    throw new CertwizError('FILE_NOT_CERTIFICATE', `"${fileName}" holds no certificate or revocation list.`, { file: fileName });
  }
  return out;
}

async function addDer(out: ParsedInput, der: Uint8Array, fileName: string, label?: string): Promise<void> {
  const kind = label?.trim();
  if (kind === 'X509 CRL') {
    try {
      out.crls.push(crlFacts(ab(der)));
    } catch {
      throw new CertwizError('CRL_INVALID', `The revocation list in "${fileName}" cannot be read; download it again from the CA.`, { file: fileName });
    }
    return;
  }
  if (kind === 'PKCS7' || kind === 'CMS') {
    await pushPkcs7(out, der, fileName);
    return;
  }
  if (kind && kind !== 'CERTIFICATE' && kind !== 'X509 CERTIFICATE' && kind !== 'TRUSTED CERTIFICATE') {
    return; // keys, requests: not for a store; the caller says so if nothing else is found
  }
  try {
    out.certificates.push(await certFacts(new X509Certificate(ab(der))));
    return;
  } catch {
    if (kind) throw notCert(fileName);
  }
  try {
    out.crls.push(crlFacts(new X509Crl(ab(der))));
    return;
  } catch {
    /* not a CRL */
  }
  try {
    const certs = new X509Certificates(ab(der));
    for (const c of certs) out.certificates.push(await certFacts(c));
    if (certs.length === 0) {
      throw new CertwizError('PKCS7_NO_CERTIFICATE', `"${fileName}" is a PKCS#7 file without certificates.`, { file: fileName });
    }
    return;
  } catch (e) {
    if (e instanceof CertwizError) throw e;
  }
  if (/\.(crl|arl)$/i.test(fileName)) {
    throw new CertwizError('CRL_INVALID', `The revocation list in "${fileName}" cannot be read; download it again from the CA.`, { file: fileName });
  }
  throw notCert(fileName);
}

async function pushPkcs7(out: ParsedInput, der: Uint8Array, fileName: string): Promise<void> {
  let certs: X509Certificates;
  try {
    certs = new X509Certificates(ab(der));
  } catch {
    throw notCert(fileName);
  }
  if (certs.length === 0) {
    throw new CertwizError('PKCS7_NO_CERTIFICATE', `"${fileName}" is a PKCS#7 file without certificates.`, { file: fileName });
  }
  for (const c of certs) out.certificates.push(await certFacts(c));
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

export { hex as toHex };
