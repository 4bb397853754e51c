/**
 * The PKCS #12 key derivation function and the password encodings PFX files use.
 *
 * Written by hand: node:crypto has PBKDF2 but not this KDF (RFC 7292 App. B.2), which the MAC and
 * the pbeWithSHAAnd* schemes need. Its password is a BMPString (UTF-16BE) with a trailing 00 00
 * (App. B.1); PBES2 instead uses the UTF-8 bytes (RFC 8018 §3, OpenSSL and Windows agree).
 */
import * as crypto from 'node:crypto';
import { iterateDigest } from './iterate';
import type { HashName } from './oids';

/** Purpose byte of App. B.3: 1 key, 2 IV, 3 MAC key. */
export type KdfPurpose = 1 | 2 | 3;

const HASH_SIZES: Record<HashName, { u: number; v: number }> = {
  sha1: { u: 20, v: 64 },
  sha224: { u: 28, v: 64 },
  sha256: { u: 32, v: 64 },
  sha384: { u: 48, v: 128 },
  sha512: { u: 64, v: 128 },
};

export function digestSize(hash: HashName): number {
  return HASH_SIZES[hash].u;
}

// crypto.hash (Node 20.12+, Electron's Node 22) is about 40% faster than createHash for the many
// tiny digests of the iteration loop; fall back where it is missing.
const oneShot = (crypto as unknown as { hash?: (a: string, d: Uint8Array, e: 'buffer') => Buffer }).hash;
function digest(hash: HashName, data: Uint8Array): Buffer {
  return oneShot ? oneShot(hash, data, 'buffer') : crypto.createHash(hash).update(data).digest();
}

/** RFC 7292 App. B.2, steps 1-7. `password` is already encoded (see `bmpPassword`). */
export function pkcs12Kdf(
  hash: HashName,
  password: Uint8Array,
  salt: Uint8Array,
  purpose: KdfPurpose,
  iterations: number,
  length: number,
): Buffer {
  const { u, v } = HASH_SIZES[hash];
  const D = Buffer.alloc(v, purpose);
  const fill = (src: Uint8Array): Buffer => {
    const out = Buffer.alloc(src.length === 0 ? 0 : v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length];
    return out;
  };
  const I = Buffer.concat([fill(salt), fill(password)]);
  const blocks = Math.ceil(length / u);
  const out = Buffer.alloc(blocks * u);
  for (let i = 0; i < blocks; i++) {
    let A = digest(hash, Buffer.concat([D, I]));
    const fast = iterations > 1 ? iterateDigest(hash, A, iterations - 1) : A;
    if (fast) A = fast;
    else for (let r = 1; r < iterations; r++) A = digest(hash, A);
    A.copy(out, i * u);
    if (i + 1 === blocks) break;
    // Step 6: B = A repeated to v bytes; each v-byte block of I becomes (I_j + B + 1) mod 2^(8v).
    const B = Buffer.alloc(v);
    for (let k = 0; k < v; k++) B[k] = A[k % u];
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const s = I[j + k] + B[k] + carry;
        I[j + k] = s & 0xff;
        carry = s >>> 8;
      }
    }
  }
  return out.subarray(0, length);
}

/** UTF-16BE of the password plus 00 00 (RFC 7292 App. B.1); "" becomes just 00 00. */
export function bmpPassword(password: string): Buffer {
  const out = Buffer.alloc(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) out.writeUInt16BE(password.charCodeAt(i), i * 2);
  return out;
}

/**
 * Password byte strings to try with the PKCS #12 KDF, most likely first.
 *
 * - BMPString with 00 00: the standard, OpenSSL, NSS, Java, current Windows.
 * - Empty: Windows CAPI writes an empty password as no bytes at all (Windows_Azure_Tools.p12 in
 *   the interop vectors opens only that way).
 * - Each UTF-8 byte widened to 16 bits: OpenSSL before 1.1.0 did that with non-ASCII passwords
 *   (its asc2uni), so old files made by it open with that form only.
 */
export function kdfPasswordCandidates(password: string): Buffer[] {
  const list = [bmpPassword(password)];
  if (password === '') list.push(Buffer.alloc(0));
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(password)) {
    const utf8 = Buffer.from(password, 'utf8');
    const wide = Buffer.alloc(utf8.length * 2 + 2);
    for (let i = 0; i < utf8.length; i++) wide[i * 2 + 1] = utf8[i];
    list.push(wide);
  }
  return list;
}
