/**
 * Writes a PFX in one of the two export profiles of issue 3 ("Write two profiles").
 *
 * - `aes256-sha256`: the OpenSSL 3 layout: PBES2 / PBKDF2-HMAC-SHA256 / AES-256-CBC for the key
 *   and the certificates, HMAC-SHA256 MAC, DER, at least 2048 iterations. Read by Windows 10 1709+
 *   / Server 2019+, OpenSSL 1.1.1+, current Java, macOS, Android 16.
 * - `3des-sha1`: pbeWithSHAAnd3-KeyTripleDES-CBC for both bags and an HMAC-SHA1 MAC, for
 *   Windows 7 / Server 2012-2016, older macOS, Java and Android (interop-vectors README).
 * Never RC2 or RC4. The authenticated safe holds the certificates first (encrypted when
 * `privacy`, as Windows' "Enable certificate privacy"), then the shrouded key, like OpenSSL.
 * localKeyID = SHA-1 of the leaf certificate, on the key and the leaf only; friendlyName on the
 * leaf, and on the key only when asked (Windows turns a key-bag friendly name into the key
 * container name).
 */
import 'reflect-metadata';
import * as crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import { AsnSerializer, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { ContentInfo } from '@peculiar/asn1-cms';
import { DigestInfo } from '@peculiar/asn1-rsa';
import { EncryptedData, EncryptedPrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { AuthenticatedSafe, CertBag, MacData, PFX, PKCS12Attribute, SafeBag, SafeContents } from '@peculiar/asn1-pfx';
import { CertwizError } from '../../../shared/errors';
import { toAb, toU8 } from './asn1';
import { bmpPassword } from './kdf';
import { DEFAULT_MAX_ITERATIONS } from './limits';
import { computeMac } from './mac';
import { OID } from './oids';
import { pbeEncrypt, type PfxProfile } from './pbe';
import { PFX_PROFILES } from '../../../shared/pfx';

export type { PfxProfile } from './pbe';
export { PFX_PROFILES };
/** OpenSSL 3's default count; the issue's floor for AES256-SHA256. */
export const DEFAULT_PFX_ITERATIONS = 2048;

/** A certificate as DER bytes, PEM text or a node:crypto X509Certificate. */
export type CertificateInput = Uint8Array | string | crypto.X509Certificate;

export interface WritePfxOptions {
  key: crypto.KeyObject;
  certificate: CertificateInput;
  /** Issuers above the leaf, in any order (written in the order given). */
  chain?: CertificateInput[];
  profile: PfxProfile;
  password: string;
  /** "Include all certificates in the certification path" (default true). */
  includeChain?: boolean;
  /** "Enable certificate privacy": encrypt the certificate bags (default true). */
  privacy?: boolean;
  /** friendlyName on the leaf certificate bag. */
  friendlyName?: string;
  /** friendlyName on the key bag (off by default, see the file comment). */
  keyFriendlyName?: string;
  /** Default 2048; at least 2048 for aes256-sha256. */
  iterations?: number;
}

function invalid(message: string, params: Record<string, string | number> = {}): CertwizError {
  return new CertwizError('INVALID_INPUT', message, params);
}

export function certificateDer(input: CertificateInput): Buffer {
  if (input instanceof crypto.X509Certificate) return input.raw;
  if (typeof input === 'string') {
    const m = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(input);
    if (!m) throw invalid('This is not a PEM certificate.');
    return Buffer.from(m[1].replace(/\s+/g, ''), 'base64');
  }
  return Buffer.from(input);
}

/** Assigned after construction: asn1-pfx 2.x's PKCS12Attribute constructor drops its params. */
function attribute(oid: string, valueDer: ArrayBuffer): PKCS12Attribute {
  return Object.assign(new PKCS12Attribute(), { attrId: oid, attrValues: [valueDer] });
}

/** SET OF in DER is sorted by encoding (X.690 §11.6); asn1-schema writes array order. */
function sortedAttributes(attrs: PKCS12Attribute[]): PKCS12Attribute[] {
  return attrs
    .map((a) => ({ a, der: Buffer.from(AsnSerializer.serialize(a)) }))
    .sort((x, y) => Buffer.compare(x.der, y.der))
    .map((x) => x.a);
}

function bagAttributes(friendlyName: string | undefined, localKeyId: Buffer | undefined): PKCS12Attribute[] | undefined {
  const attrs: PKCS12Attribute[] = [];
  if (friendlyName) attrs.push(attribute(OID.friendlyName, new asn1js.BmpString({ value: friendlyName }).toBER(false)));
  if (localKeyId) attrs.push(attribute(OID.localKeyId, new asn1js.OctetString({ valueHex: toAb(localKeyId) }).toBER(false)));
  return attrs.length ? sortedAttributes(attrs) : undefined;
}

function certBag(der: Buffer, friendlyName?: string, localKeyId?: Buffer): SafeBag {
  const value = new CertBag({ certId: OID.x509Certificate, certValue: AsnSerializer.serialize(new OctetString(der)) });
  return new SafeBag({ bagId: OID.certBag, bagValue: AsnSerializer.serialize(value), bagAttributes: bagAttributes(friendlyName, localKeyId) });
}

function dataContentInfo(der: ArrayBuffer): ContentInfo {
  return new ContentInfo({ contentType: OID.data, content: AsnSerializer.serialize(new OctetString(der)) });
}

/** RFC 5652 §8 EncryptedData (version 0) around encrypted SafeContents; asn1-cms lacks the type. */
function encryptedContentInfo(profile: PfxProfile, plain: ArrayBuffer, password: string, iterations: number): ContentInfo {
  const { alg, data } = pbeEncrypt(profile, new Uint8Array(plain), password, iterations);
  const algNode = new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: alg.oid }), asn1js.fromBER(alg.params).result] });
  const encryptedData = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 0 }),
      new asn1js.Sequence({
        value: [
          new asn1js.ObjectIdentifier({ value: OID.data }),
          algNode,
          new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: toAb(data) }),
        ],
      }),
    ],
  });
  return new ContentInfo({ contentType: OID.encryptedData, content: encryptedData.toBER(false) });
}

/** Builds the PFX bytes. Throws INVALID_INPUT for a key that does not match the certificate. */
export function writePfx(opts: WritePfxOptions): Uint8Array {
  const { key, profile, password } = opts;
  if (!PFX_PROFILES.includes(profile)) throw invalid('Unknown PFX encryption profile.', { profile: String(profile) });
  const iterations = opts.iterations ?? DEFAULT_PFX_ITERATIONS;
  const floor = profile === 'aes256-sha256' ? 2048 : 1;
  if (!Number.isInteger(iterations) || iterations < floor || iterations > DEFAULT_MAX_ITERATIONS) {
    throw invalid('The iteration count is out of range.', { min: floor, max: DEFAULT_MAX_ITERATIONS });
  }
  if (key.type !== 'private') throw invalid('A private key is needed to export a PFX.');

  const leafDer = certificateDer(opts.certificate);
  let leaf: crypto.X509Certificate;
  try {
    leaf = new crypto.X509Certificate(leafDer);
  } catch {
    throw invalid('The certificate cannot be read.');
  }
  const keySpki = crypto.createPublicKey(key).export({ type: 'spki', format: 'der' });
  if (!leaf.publicKey.export({ type: 'spki', format: 'der' }).equals(keySpki)) {
    throw new CertwizError('INVALID_INPUT', 'The private key does not belong to this certificate.');
  }

  const localKeyId = crypto.createHash('sha1').update(leafDer).digest();
  const certBags = [certBag(leafDer, opts.friendlyName, localKeyId)];
  if (opts.includeChain ?? true) {
    const seen = new Set([leafDer.toString('hex')]);
    for (const c of opts.chain ?? []) {
      const der = certificateDer(c);
      if (seen.has(der.toString('hex'))) continue;
      seen.add(der.toString('hex'));
      certBags.push(certBag(der));
    }
  }
  const certContents = AsnSerializer.serialize(new SafeContents(certBags));

  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  const { alg, data } = pbeEncrypt(profile, pkcs8, password, iterations);
  const shrouded = new EncryptedPrivateKeyInfo({
    encryptionAlgorithm: new AlgorithmIdentifier({ algorithm: alg.oid, parameters: alg.params }),
    encryptedData: new EncryptedData(data),
  });
  const keyBag = new SafeBag({
    bagId: OID.pkcs8ShroudedKeyBag,
    bagValue: AsnSerializer.serialize(shrouded),
    bagAttributes: bagAttributes(opts.keyFriendlyName, localKeyId),
  });
  const keyContents = AsnSerializer.serialize(new SafeContents([keyBag]));

  const certInfo = opts.privacy ?? true ? encryptedContentInfo(profile, certContents, password, iterations) : dataContentInfo(certContents);
  const authSafe = Buffer.from(AsnSerializer.serialize(new AuthenticatedSafe([certInfo, dataContentInfo(keyContents)])));

  const hash = profile === 'aes256-sha256' ? 'sha256' : 'sha1';
  const salt = crypto.randomBytes(profile === 'aes256-sha256' ? 16 : 8);
  const mac = computeMac(hash, bmpPassword(password), salt, iterations, authSafe);
  const macData = new MacData({
    mac: new DigestInfo({
      digestAlgorithm: new AlgorithmIdentifier({ algorithm: hash === 'sha256' ? OID.sha256 : OID.sha1, parameters: null }),
      digest: new OctetString(mac),
    }),
    macSalt: new OctetString(salt),
    iterations,
  });
  const pfx = new PFX({ version: 3, authSafe: dataContentInfo(toAb(authSafe)), macData });
  return toU8(AsnSerializer.serialize(pfx));
}
