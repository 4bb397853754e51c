/**
 * Public-key facts of token objects: SPKI of a public key object, curve OIDs, algorithm names.
 *
 * The SPKI is rebuilt from CKA_MODULUS / CKA_PUBLIC_EXPONENT (RSA) or CKA_EC_PARAMS / CKA_EC_POINT
 * (EC) through Node's JWK import, so no DER is written by hand. CKA_EC_POINT is a DER OCTET STRING
 * around the point (PKCS#11 v2.40 §2.3.3); some older libraries return the bare point, which we
 * accept too.
 */
import { createPublicKey } from 'node:crypto';
import * as graphene from 'graphene-pk11';
import { CertwizError } from '../../../shared/errors';
import type { KeyAlgorithm } from '../../../shared/ipc';

/** DER of the named-curve OIDs (RFC 5480 §2.1.1.1): prime256v1 and secp384r1. */
export const CURVES = {
  'P-256': { oidDer: Buffer.from('06082a8648ce3d030107', 'hex'), bytes: 32, alg: 'ec-p256' as const, hash: 'SHA-256' },
  'P-384': { oidDer: Buffer.from('06052b81040022', 'hex'), bytes: 48, alg: 'ec-p384' as const, hash: 'SHA-384' },
} as const;
export type CurveName = keyof typeof CURVES;

export function curveOfParams(params: Buffer): CurveName | undefined {
  for (const [name, c] of Object.entries(CURVES) as [CurveName, (typeof CURVES)[CurveName]][]) {
    if (params.equals(c.oidDer)) return name;
  }
  return undefined;
}

const b64u = (b: Buffer) => b.toString('base64url');

/** The uncompressed point from CKA_EC_POINT, unwrapping the DER OCTET STRING when present. */
export function ecPointFromAttribute(raw: Buffer, fieldBytes: number): Buffer {
  const bare = 1 + 2 * fieldBytes;
  if (raw.length === bare && raw[0] === 0x04) return raw;
  if (raw[0] === 0x04) {
    let off = 1;
    let len = raw[off++];
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = (len << 8) | raw[off++];
    }
    const inner = raw.subarray(off, off + len);
    if (inner.length === bare && inner[0] === 0x04) return Buffer.from(inner);
  }
  throw new CertwizError('TOKEN_ERROR', 'The card returned a public key Certwiz cannot read.', { reason: 'ec-point' });
}

/** DER OCTET STRING around an uncompressed point, for CKA_EC_POINT when we create a public key. */
export function ecPointAttribute(point: Buffer): Buffer {
  if (point.length > 255) throw new Error('point too long');
  const len = point.length < 128 ? Buffer.from([point.length]) : Buffer.from([0x81, point.length]);
  return Buffer.concat([Buffer.from([0x04]), len, point]);
}

export interface TokenKeyFacts {
  alg: KeyAlgorithm | 'rsa-other';
  spki: Buffer;
  /** The WebCrypto algorithm a CSR is signed with (SHA-256, or SHA-384 on P-384). */
  signing: { name: 'RSASSA-PKCS1-v1_5'; hash: 'SHA-256' } | { name: 'ECDSA'; hash: 'SHA-256' | 'SHA-384'; namedCurve: CurveName };
}

/** SPKI and algorithm of a public key object on the token. */
export function publicKeyFacts(obj: graphene.SessionObject): TokenKeyFacts {
  const a = obj.getAttribute({ keyType: null });
  if (a.keyType === graphene.KeyType.RSA) {
    const { modulus, publicExponent } = obj.getAttribute({ modulus: null, publicExponent: null }) as {
      modulus: Buffer;
      publicExponent: Buffer;
    };
    const spki = createPublicKey({ key: { kty: 'RSA', n: b64u(modulus), e: b64u(publicExponent) }, format: 'jwk' }).export({
      type: 'spki',
      format: 'der',
    });
    let m = modulus;
    while (m.length > 0 && m[0] === 0) m = m.subarray(1);
    const bits = m.length * 8;
    const alg = bits === 2048 ? 'rsa-2048' : bits === 3072 ? 'rsa-3072' : bits === 4096 ? 'rsa-4096' : 'rsa-other';
    return { alg, spki, signing: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } };
  }
  if (a.keyType === graphene.KeyType.EC) {
    // By number: graphene names CKA_EC_PARAMS twice (paramsEC / paramsECDSA) and returns only one.
    const paramsEC = obj.getAttribute(0x180);
    const pointEC = obj.getAttribute(0x181);
    const curve = curveOfParams(paramsEC);
    if (!curve) {
      throw new CertwizError('MECHANISM_NOT_SUPPORTED', 'The key on the card uses a curve Certwiz does not support.', {});
    }
    const c = CURVES[curve];
    const point = ecPointFromAttribute(pointEC, c.bytes);
    const spki = createPublicKey({
      key: { kty: 'EC', crv: curve, x: b64u(point.subarray(1, 1 + c.bytes)), y: b64u(point.subarray(1 + c.bytes)) },
      format: 'jwk',
    }).export({ type: 'spki', format: 'der' });
    return { alg: c.alg, spki, signing: { name: 'ECDSA', hash: c.hash, namedCurve: curve } };
  }
  throw new CertwizError('MECHANISM_NOT_SUPPORTED', 'The key on the card is of a type Certwiz does not support.', {});
}
