/**
 * Software key pairs for new requests, and the signature algorithm each key type uses.
 *
 * Keys come from Node's own `crypto.webcrypto`, not @peculiar/webcrypto: Node's implementation
 * is OpenSSL underneath and runs generateKey / sign as jobs on libuv's thread pool, so a 4096-bit
 * RSA prime search (seconds) never blocks the main process's event loop, and the UI stays live
 * (issue 2 part 3: "never blocking the UI"). @peculiar/webcrypto would run the same work
 * synchronously on the calling thread (it calls `crypto.generateKeyPairSync`). The private key is extractable because the key store
 * (keystore.ts) wraps it as encrypted PKCS#8 right after.
 */
import { webcrypto } from 'node:crypto';
import { CertwizError } from '../../shared/errors';
import { KEY_ALGORITHMS, type KeyAlgorithm } from '../../shared/constants';

/** What @peculiar/x509 and WebCrypto sign a CSR with. */
export type SigningAlgorithm =
  | { name: 'RSASSA-PKCS1-v1_5'; hash: 'SHA-256' }
  | { name: 'ECDSA'; hash: 'SHA-256' | 'SHA-384' };

/** F4 = 65537 (RFC 8017 §3.1 practice; CA/B Forum BR 6.1.6 requires an odd e ≥ 65537). */
const PUBLIC_EXPONENT = new Uint8Array([0x01, 0x00, 0x01]);

/** WebCrypto generateKey parameters for each key type Certwiz offers. */
export function keyGenParams(alg: KeyAlgorithm): RsaHashedKeyGenParams | EcKeyGenParams {
  switch (alg) {
    case 'rsa-2048':
    case 'rsa-3072':
    case 'rsa-4096':
      return {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: Number(alg.slice(4)),
        publicExponent: PUBLIC_EXPONENT,
        hash: 'SHA-256',
      };
    case 'ec-p256':
      return { name: 'ECDSA', namedCurve: 'P-256' };
    case 'ec-p384':
      return { name: 'ECDSA', namedCurve: 'P-384' };
    default:
      throw new CertwizError('KEY_ALGORITHM_NOT_ALLOWED', 'This key type is not supported.', { algorithm: String(alg) });
  }
}

/**
 * RSA: RSASSA-PKCS1-v1_5 with SHA-256 (RFC 4055 §5, what every CA accepts); P-256: ECDSA with
 * SHA-256; P-384: ECDSA with SHA-384 (RFC 5758 §3.2: hash strength matched to the curve).
 */
export function signingAlgorithmFor(alg: KeyAlgorithm): SigningAlgorithm {
  switch (alg) {
    case 'rsa-2048':
    case 'rsa-3072':
    case 'rsa-4096':
      return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    case 'ec-p256':
      return { name: 'ECDSA', hash: 'SHA-256' };
    case 'ec-p384':
      return { name: 'ECDSA', hash: 'SHA-384' };
    default:
      throw new CertwizError('KEY_ALGORITHM_NOT_ALLOWED', 'This key type is not supported.', { algorithm: String(alg) });
  }
}

export function isKeyAlgorithm(value: unknown): value is KeyAlgorithm {
  return typeof value === 'string' && (KEY_ALGORITHMS as readonly string[]).includes(value);
}

/**
 * A new key pair, generated off the event loop (see the file comment). The private key is
 * extractable (for the encrypted PKCS#8 store); the public key is always extractable.
 */
export async function generateKeyPair(alg: KeyAlgorithm): Promise<CryptoKeyPair> {
  const params = keyGenParams(alg);
  return (await webcrypto.subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair;
}

/** Which of Certwiz's key types a WebCrypto public key is, or null for anything else. */
export function keyAlgorithmOf(key: CryptoKey): KeyAlgorithm | null {
  const a = key.algorithm as Partial<RsaHashedKeyAlgorithm & EcKeyAlgorithm>;
  if (a.name === 'RSASSA-PKCS1-v1_5' || a.name === 'RSA-PSS' || a.name === 'RSA-OAEP') {
    const alg = `rsa-${a.modulusLength}`;
    return isKeyAlgorithm(alg) ? alg : null;
  }
  if (a.name === 'ECDSA' || a.name === 'ECDH') {
    if (a.namedCurve === 'P-256') return 'ec-p256';
    if (a.namedCurve === 'P-384') return 'ec-p384';
  }
  return null;
}
