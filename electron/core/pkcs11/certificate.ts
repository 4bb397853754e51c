/**
 * Writing an issued certificate onto the card next to its key (issue 5; Certum guide: "install
 * your certificate on the cryptographic card").
 *
 * The certificate object gets the key's CKA_ID and label, plus CKA_SUBJECT / CKA_ISSUER /
 * CKA_SERIAL_NUMBER (PKCS#11 v2.40 §4.6.3), which NSS, Windows' minidrivers and OpenSC use to
 * find it. CA certificates of the chain get the RFC 5280 §4.2.1.2 method-1 key identifier as
 * CKA_ID and are skipped when the card already holds them. Before anything is written the
 * certificate's public key must equal the card key's: completing with somebody else's
 * certificate is refused rather than stored. A failure part way destroys what this call wrote.
 */
import { createHash, createPublicKey } from 'node:crypto';
import * as graphene from 'graphene-pk11';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { CertwizError } from '../../../shared/errors';
import { mapPkcs11Error } from './errors';
import { publicKeyFacts } from './keyinfo';
import { checkLabel, destroyCreated, findById, parseCkaId } from './objects';
import { withTokenSession } from './session';
import type { TokenTarget } from './types';

export interface ParsedCert {
  der: Buffer;
  subject: Buffer;
  issuer: Buffer;
  /** DER INTEGER of the serial number, as CKA_SERIAL_NUMBER wants it. */
  serial: Buffer;
  spki: Buffer;
  /** SHA-1 of the subjectPublicKey BIT STRING value (RFC 5280 §4.2.1.2, method 1). */
  keyId: Buffer;
  commonName?: string;
}

/** DER INTEGER around the serial's content octets (X.690 §8.3; length form per §8.1.3). */
function derInteger(content: Buffer): Buffer {
  const n = content.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([0x02]), len, content]);
}

export function parseCertificate(der: Uint8Array): ParsedCert {
  let cert: Certificate;
  try {
    cert = AsnConvert.parse(Buffer.from(der), Certificate);
  } catch {
    throw new CertwizError('FILE_NOT_CERTIFICATE', 'This is not a certificate.', {});
  }
  const tbs = cert.tbsCertificate;
  const cnAttr = tbs.subject
    .flatMap((rdn) => [...rdn])
    .find((a) => a.type === '2.5.4.3');
  const cn = cnAttr?.value.toString();
  return {
    der: Buffer.from(der),
    subject: Buffer.from(AsnConvert.serialize(tbs.subject)),
    issuer: Buffer.from(AsnConvert.serialize(tbs.issuer)),
    serial: derInteger(Buffer.from(tbs.serialNumber)),
    spki: Buffer.from(AsnConvert.serialize(tbs.subjectPublicKeyInfo)),
    keyId: createHash('sha1').update(Buffer.from(tbs.subjectPublicKeyInfo.subjectPublicKey)).digest(),
    commonName: cn,
  };
}

export function samePublicKey(a: Buffer, b: Buffer): boolean {
  try {
    return createPublicKey({ key: a, format: 'der', type: 'spki' }).equals(createPublicKey({ key: b, format: 'der', type: 'spki' }));
  } catch {
    return false;
  }
}

/** Creates one X.509 certificate token object (C_CreateObject). */
export function createCertificateObject(session: graphene.Session, cert: ParsedCert, id: Buffer, label: string): graphene.SessionObject {
  return session.create({
    class: graphene.ObjectClass.CERTIFICATE,
    certType: graphene.CertificateType.X_509,
    token: true,
    private: false,
    modifiable: true,
    id,
    label,
    subject: cert.subject,
    issuer: cert.issuer,
    serial: cert.serial,
    value: cert.der,
  });
}

/** Every certificate object's CKA_VALUE on the token, to skip CA certificates already there. */
function certificatesOnToken(session: graphene.Session): Buffer[] {
  const out: Buffer[] = [];
  const found = session.find({ class: graphene.ObjectClass.CERTIFICATE, token: true });
  for (let i = 0; i < found.length; i++) {
    try {
      out.push(found.items(i).getAttribute({ value: null }).value as Buffer);
    } catch {
      /* unreadable object: not ours */
    }
  }
  return out;
}

/**
 * Writes CA certificates not yet on the token; returns the objects created (for cleanup).
 * Shared by completion and PFX import.
 */
export function writeChain(session: graphene.Session, chainDer: Uint8Array[] | undefined, created: graphene.SessionObject[]): number {
  if (!chainDer?.length) return 0;
  const present = certificatesOnToken(session);
  let n = 0;
  for (const der of chainDer) {
    const ca = parseCertificate(der);
    if (present.some((v) => v.equals(ca.der))) continue;
    const label = (ca.commonName ?? 'CA certificate').slice(0, 64);
    created.push(createCertificateObject(session, ca, ca.keyId, label));
    present.push(ca.der);
    n++;
  }
  return n;
}

export interface WriteCertificateOptions extends TokenTarget {
  /** CKA_ID of the key pair the request was made with (hex). */
  ckaId: string;
  /** Defaults to the private key's own label. */
  label?: string;
  certificateDer: Uint8Array;
  /** CA certificates to store too, when the user asks for them. */
  chainDer?: Uint8Array[];
}

export interface WriteCertificateResult {
  /** False when the same certificate was already on the card (a completion retried). */
  certificateWritten: boolean;
  caCertificatesWritten: number;
}

export async function writeCertificateToToken(opts: WriteCertificateOptions): Promise<WriteCertificateResult> {
  const id = parseCkaId(opts.ckaId);
  const cert = parseCertificate(opts.certificateDer);
  for (const der of opts.chainDer ?? []) parseCertificate(der);
  return withTokenSession(opts, (s) => {
    const priv = findById(s.session, id, graphene.ObjectClass.PRIVATE_KEY)[0];
    const pub = findById(s.session, id, graphene.ObjectClass.PUBLIC_KEY)[0];
    if (!priv || !pub) {
      throw new CertwizError('NO_PENDING_KEY', 'The key for this certificate is not on this card. Insert the card the request was made with.', {
        token: s.info.label,
        ckaId: opts.ckaId,
      });
    }
    if (!samePublicKey(publicKeyFacts(pub).spki, cert.spki)) {
      throw new CertwizError('INVALID_INPUT', 'This certificate was issued for another key, not the one on this card.', {
        token: s.info.label,
        reason: 'key-mismatch',
      });
    }
    const label = opts.label !== undefined ? checkLabel(opts.label) : String(priv.getAttribute({ label: null }).label ?? '').trim() || 'Certificate';
    const existing = findById(s.session, id, graphene.ObjectClass.CERTIFICATE);
    const same = existing.find((o) => (o.getAttribute({ value: null }).value as Buffer).equals(cert.der));
    const created: graphene.SessionObject[] = [];
    try {
      let certificateWritten = false;
      if (!same) {
        created.push(createCertificateObject(s.session, cert, id, label));
        certificateWritten = true;
      }
      const caCertificatesWritten = writeChain(s.session, opts.chainDer, created);
      // A new certificate for the same key replaces the old one (one CKA_ID, one certificate).
      if (certificateWritten) destroyCreated(existing);
      return { certificateWritten, caCertificatesWritten };
    } catch (err) {
      destroyCreated(created);
      throw mapPkcs11Error(err, { token: s.info.label });
    }
  });
}
