/**
 * Certificates from files: PEM, DER and PKCS#7 (.p7b/.p7c, PEM or DER), summaries with
 * thumbprints, chain order, and the public-key fingerprint that matches a certificate to its key.
 *
 * Everything here treats the file as untrusted input (STYLE.md 2): size-limited, and every
 * parse failure becomes a stable code instead of a library exception. Parsing is
 * @peculiar/x509 (X509Certificates reads PKCS#7 SignedData "certs-only", RFC 2315 §9.1 /
 * RFC 5652 §5); only the RFC 4514 name string is written here, because the library prints names
 * in encoded order with ", " while RFC 4514 §2.1 wants the reverse order joined by ",".
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { CertwizError } from '../../shared/errors';
import type { CertSummary } from '../../shared/ipc';

/** Certificates and chains are kilobytes; 10 MB stops a wrong file (a video) early. */
export const MAX_CERT_FILE_BYTES = 10 * 1024 * 1024;

export type Certificate = x509.X509Certificate;

/**
 * Reads every certificate in a file's bytes.
 *
 * Accepts PEM `CERTIFICATE` blocks (one or many), PEM `PKCS7`, DER certificate, DER PKCS#7.
 * Throws FILE_EMPTY, FILE_TOO_LARGE, FILE_NOT_CERTIFICATE or PKCS7_NO_CERTIFICATE.
 */
export function parseCertificates(bytes: Uint8Array, fileName = ''): Certificate[] {
  if (bytes.length === 0) throw new CertwizError('FILE_EMPTY', 'The file is empty.', { file: fileName });
  if (bytes.length > MAX_CERT_FILE_BYTES) {
    throw new CertwizError('FILE_TOO_LARGE', 'The file is too large to be a certificate (over 10 MB).', {
      file: fileName,
      maxBytes: MAX_CERT_FILE_BYTES,
    });
  }
  const text = Buffer.from(bytes).toString('latin1');
  if (text.includes('-----BEGIN ')) return parsePem(text, fileName);
  return parseDer(bytes, fileName);
}

function parsePem(text: string, fileName: string): Certificate[] {
  const blocks = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)];
  const certs: Certificate[] = [];
  let sawPkcs7 = false;
  for (const [, label, body] of blocks) {
    const der = Buffer.from(body.replace(/[\s\r\n]+/g, ''), 'base64');
    if (label === 'CERTIFICATE' || label === 'X509 CERTIFICATE' || label === 'TRUSTED CERTIFICATE') {
      certs.push(oneCertificate(der, fileName));
    } else if (label === 'PKCS7' || label === 'CMS' || label === 'CERTIFICATE CHAIN') {
      sawPkcs7 = true;
      certs.push(...pkcs7(der, fileName));
    }
  }
  if (certs.length === 0) {
    if (sawPkcs7) throw noCertInPkcs7(fileName);
    throw notCertificate(fileName);
  }
  return certs;
}

function parseDer(bytes: Uint8Array, fileName: string): Certificate[] {
  // DER starts with a SEQUENCE; anything else is not ours (and saves a parse of garbage).
  if (bytes[0] !== 0x30) throw notCertificate(fileName);
  try {
    return [new x509.X509Certificate(Uint8Array.from(bytes))];
  } catch {
    return pkcs7(bytes, fileName);
  }
}

function oneCertificate(der: Uint8Array, fileName: string): Certificate {
  try {
    return new x509.X509Certificate(Uint8Array.from(der));
  } catch {
    throw notCertificate(fileName);
  }
}

function pkcs7(der: Uint8Array, fileName: string): Certificate[] {
  let list: x509.X509Certificates;
  try {
    list = new x509.X509Certificates(Uint8Array.from(der));
  } catch {
    throw notCertificate(fileName);
  }
  if (list.length === 0) throw noCertInPkcs7(fileName);
  return [...list];
}

function notCertificate(fileName: string): CertwizError {
  return new CertwizError('FILE_NOT_CERTIFICATE', 'This file does not hold a certificate.', { file: fileName });
}

function noCertInPkcs7(fileName: string): CertwizError {
  return new CertwizError('PKCS7_NO_CERTIFICATE', 'This PKCS #7 file holds no certificate.', { file: fileName });
}

/** Hex digest of the DER certificate: what Windows and `openssl x509 -fingerprint` show. */
export function thumbprint(cert: Certificate, alg: 'sha1' | 'sha256'): string {
  return createHash(alg).update(Buffer.from(cert.rawData)).digest('hex');
}

/** SHA-256 of the DER SubjectPublicKeyInfo: how a certificate, a CSR and a key are matched. */
export function spkiSha256(spkiDer: Uint8Array): string {
  return createHash('sha256').update(spkiDer).digest('hex');
}

export function certSpkiSha256(cert: Certificate): string {
  return spkiSha256(new Uint8Array(cert.publicKey.rawData));
}

export function keySpkiSha256(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return spkiSha256(pub.export({ type: 'spki', format: 'der' }));
}

export function toPem(cert: Certificate): string {
  return cert.toString('pem').replace(/\r\n/g, '\n').trimEnd() + '\n';
}

export function isCa(cert: Certificate): boolean {
  const bc = cert.getExtension(x509.BasicConstraintsExtension);
  return bc?.ca ?? false;
}

/** Self-issued with a matching key; a cross-certificate has the same subject but another issuer. */
export function isSelfSigned(cert: Certificate): boolean {
  if (!sameName(cert.subjectName, cert.issuerName)) return false;
  const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  const aki = cert.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId;
  return !ski || !aki || ski === aki;
}

export function summarize(cert: Certificate): CertSummary {
  return {
    subject: rfc4514(cert.subjectName),
    issuer: rfc4514(cert.issuerName),
    serialNumber: cert.serialNumber.toLowerCase(),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    sha1: thumbprint(cert, 'sha1'),
    sha256: thumbprint(cert, 'sha256'),
    isCA: isCa(cert),
    selfSigned: isSelfSigned(cert),
  };
}

/** The certificate whose public key matches, else undefined. */
export function findBySpki(certs: Certificate[], spkiHex: string): Certificate | undefined {
  return certs.find((c) => certSpkiSha256(c) === spkiHex);
}

/**
 * Orders `others` as the chain above `leaf`: issuer of the leaf first, then its issuer, and so on;
 * certificates not on the path (cross-certificates, old Sub CAs) follow in their file order, so
 * nothing the CA sent is dropped. Matching is by name and, where present, AKI = SKI (RFC 5280
 * §4.2.1.1), which is what tells the old Sub CA (same name, other key) from the new one.
 */
export function orderChain(leaf: Certificate, others: Certificate[]): Certificate[] {
  const leafDer = thumbprint(leaf, 'sha256');
  const rest = others.filter((c) => thumbprint(c, 'sha256') !== leafDer);
  const ordered: Certificate[] = [];
  let current = leaf;
  while (!isSelfSigned(current)) {
    const idx = rest.findIndex((c) => issues(c, current));
    if (idx < 0) break;
    current = rest.splice(idx, 1)[0];
    ordered.push(current);
  }
  return [...ordered, ...rest];
}

function issues(issuer: Certificate, child: Certificate): boolean {
  if (!sameName(issuer.subjectName, child.issuerName)) return false;
  const aki = child.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId;
  const ski = issuer.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  return !aki || !ski || aki === ski;
}

function sameName(a: x509.Name, b: x509.Name): boolean {
  return Buffer.from(a.toArrayBuffer()).equals(Buffer.from(b.toArrayBuffer()));
}

/**
 * RFC 4514 string of a Name: last RDN first, RDNs joined by ",", multi-valued with "+", special
 * characters escaped per §2.4. Attribute names are the library's short names (CN, O, E...).
 */
export function rfc4514(name: x509.Name): string {
  const rdns = name.toJSON();
  return rdns
    .slice()
    .reverse()
    .map((rdn) =>
      Object.entries(rdn)
        .flatMap(([type, values]) => values.map((v) => `${type}=${escapeValue(v)}`))
        .join('+'),
    )
    .join(',');
}

function escapeValue(value: string): string {
  let out = value.replace(/[\\"+,;<>]/g, (ch) => `\\${ch}`).replace(/\0/g, '\\00');
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`;
  if (out.endsWith(' ') && out.length > 1) out = `${out.slice(0, -1)}\\ `;
  return out;
}
