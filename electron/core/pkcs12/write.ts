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
import { CertwizError } from '../../../shared/errors';
import * as der from './der';
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

/** PKCS #12 bag attributes (RFC 7292 §4.2): a SET OF Attribute, DER-sorted (X.690 §11.6). */
function bagAttributes(friendlyName: string | undefined, localKeyId: Buffer | undefined): Buffer[] {
  const attrs: Buffer[] = [];
  if (friendlyName) attrs.push(der.seq(der.oid(OID.friendlyName), der.setOf(der.bmpString(friendlyName))));
  if (localKeyId) attrs.push(der.seq(der.oid(OID.localKeyId), der.setOf(der.octets(localKeyId))));
  return attrs.length ? [der.setOf(...attrs)] : [];
}

/** SafeBag { certBag, [0] CertBag { x509Certificate, [0] OCTET STRING cert }, attributes }. */
function certBag(certDer: Buffer, friendlyName?: string, localKeyId?: Buffer): Buffer {
  const value = der.seq(der.oid(OID.x509Certificate), der.explicit(0, der.octets(certDer)));
  return der.seq(der.oid(OID.certBag), der.explicit(0, value), ...bagAttributes(friendlyName, localKeyId));
}

/** ContentInfo { data, [0] OCTET STRING } (RFC 5652 §3). */
function dataContentInfo(content: Uint8Array): Buffer {
  return der.seq(der.oid(OID.data), der.explicit(0, der.octets(content)));
}

/** RFC 5652 §8 EncryptedData (version 0) around encrypted SafeContents. */
function encryptedContentInfo(profile: PfxProfile, plain: Uint8Array, password: string, iterations: number): Buffer {
  const { alg, data } = pbeEncrypt(profile, plain, password, iterations);
  const algId = der.seq(der.oid(alg.oid), new Uint8Array(alg.params));
  const encryptedData = der.seq(der.integer(0), der.seq(der.oid(OID.data), algId, der.implicitPrimitive(0, data)));
  return der.seq(der.oid(OID.encryptedData), der.explicit(0, encryptedData));
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
      const cDer = certificateDer(c);
      if (seen.has(cDer.toString('hex'))) continue;
      seen.add(cDer.toString('hex'));
      certBags.push(certBag(cDer));
    }
  }
  const certContents = der.seq(...certBags);

  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  const { alg, data } = pbeEncrypt(profile, pkcs8, password, iterations);
  // EncryptedPrivateKeyInfo (RFC 5958 §3) in a pkcs8ShroudedKeyBag.
  const shrouded = der.seq(der.seq(der.oid(alg.oid), new Uint8Array(alg.params)), der.octets(data));
  const keyBag = der.seq(der.oid(OID.pkcs8ShroudedKeyBag), der.explicit(0, shrouded), ...bagAttributes(opts.keyFriendlyName, localKeyId));
  const keyContents = der.seq(keyBag);

  const certInfo = opts.privacy ?? true ? encryptedContentInfo(profile, certContents, password, iterations) : dataContentInfo(certContents);
  const authSafe = der.seq(certInfo, dataContentInfo(keyContents));

  const hash = profile === 'aes256-sha256' ? 'sha256' : 'sha1';
  const salt = crypto.randomBytes(profile === 'aes256-sha256' ? 16 : 8);
  const mac = computeMac(hash, bmpPassword(password), salt, iterations, authSafe);
  // MacData { DigestInfo { AlgorithmIdentifier { hash, NULL }, digest }, macSalt, iterations }.
  const macData = der.seq(der.seq(der.seq(der.oid(hash === 'sha256' ? OID.sha256 : OID.sha1), der.NULL), der.octets(mac)), der.octets(salt), der.integer(iterations));
  return new Uint8Array(der.seq(der.integer(3), dataContentInfo(authSafe), macData));
}
