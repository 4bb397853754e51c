/**
 * RC2 in CBC mode (RFC 2268), for reading old PFX files only.
 *
 * Written by hand because Node 20 (OpenSSL 3 without the legacy provider) and Electron
 * (BoringSSL) have no RC2, yet `openssl pkcs12 -legacy`, Windows before 1709 and older macOS
 * encrypt the certificate bags with pbeWithSHAAnd40BitRC2-CBC (interop-vectors README). Never used
 * to write: the writer's profiles are AES and 3DES only (issue 3, "Never RC2 or RC4").
 * Checked against `openssl enc -rc2-40-cbc -provider legacy` and RFC 2268 §5 vectors in tests.
 */

// RFC 2268 §2: "PITABLE", a permutation of 0..255 derived from the digits of pi.
const PITABLE = Uint8Array.from(
  Buffer.from(
    'd978f9c419ddb5ed28e9fd794aa0d89dc67e37832b76538e624c6488448bfba2' +
      '179a59f587b34f1361456d8d09817d32bd8f40eb86b77b0bf09521225c6b4e82' +
      '54d66593ce60b21c7356c014a78cf1dc1275ca1f3bbee4d1423dd430a33cb626' +
      '6fbf0eda4669075727f21d9bbc944303f811c7f690ef3ee706c3d52fc8661ed7' +
      '08e8eade8052eef784aa72ac354d6a2a961ad2715a1549744b9fd05e0418a4ec' +
      'c2e0416e0f51cbcc2491af50a1f47039997c3a8523b8b47afc02365b25559731' +
      '2d5dfa98e38a92ae05df2910676cbac9d300e6cfe19ea82c6316013f58e289a9' +
      '0d38341bab33ffb0bb480c5fb9b1cd2ec5f3db47e5a59c770aa62068fe7fc1ad',
    'hex',
  ),
);

/** RFC 2268 §2 key expansion: 64 16-bit words from a key of 1..128 bytes, effective bits T1. */
export function rc2ExpandKey(key: Uint8Array, effectiveBits: number): Uint16Array {
  const T = key.length;
  if (T < 1 || T > 128 || effectiveBits < 1 || effectiveBits > 1024) {
    throw new RangeError('RC2 key or effective key length out of range');
  }
  const L = new Uint8Array(128);
  L.set(key);
  for (let i = T; i < 128; i++) L[i] = PITABLE[(L[i - 1] + L[i - T]) & 0xff];
  const T8 = (effectiveBits + 7) >> 3;
  const TM = 0xff >> (8 * T8 - effectiveBits);
  L[128 - T8] = PITABLE[L[128 - T8] & TM];
  for (let i = 127 - T8; i >= 0; i--) L[i] = PITABLE[L[i + 1] ^ L[i + T8]];
  const K = new Uint16Array(64);
  for (let i = 0; i < 64; i++) K[i] = L[2 * i] | (L[2 * i + 1] << 8);
  return K;
}

const rol = (x: number, s: number) => ((x << s) | (x >>> (16 - s))) & 0xffff;
const ror = (x: number, s: number) => ((x >>> s) | (x << (16 - s))) & 0xffff;
const SHIFTS = [1, 2, 3, 5];

/** RFC 2268 §3: encrypts one 8-byte block in place (used by tests and for symmetry). */
export function rc2EncryptBlock(K: Uint16Array, block: Uint8Array): void {
  const R = [0, 1, 2, 3].map((i) => block[2 * i] | (block[2 * i + 1] << 8));
  let j = 0;
  const mix = () => {
    for (let i = 0; i < 4; i++) {
      R[i] = (R[i] + K[j] + (R[(i + 3) & 3] & R[(i + 2) & 3]) + (~R[(i + 3) & 3] & R[(i + 1) & 3])) & 0xffff;
      j++;
      R[i] = rol(R[i], SHIFTS[i]);
    }
  };
  const mash = () => {
    for (let i = 0; i < 4; i++) R[i] = (R[i] + K[R[(i + 3) & 3] & 63]) & 0xffff;
  };
  for (let r = 0; r < 16; r++) {
    mix();
    if (r === 4 || r === 10) mash();
  }
  for (let i = 0; i < 4; i++) {
    block[2 * i] = R[i] & 0xff;
    block[2 * i + 1] = R[i] >> 8;
  }
}

/** RFC 2268 §4: decrypts one 8-byte block in place. */
export function rc2DecryptBlock(K: Uint16Array, block: Uint8Array): void {
  const R = [0, 1, 2, 3].map((i) => block[2 * i] | (block[2 * i + 1] << 8));
  let j = 63;
  const rmix = () => {
    for (let i = 3; i >= 0; i--) {
      R[i] = ror(R[i], SHIFTS[i]);
      R[i] = (R[i] - K[j] - (R[(i + 3) & 3] & R[(i + 2) & 3]) - (~R[(i + 3) & 3] & R[(i + 1) & 3])) & 0xffff;
      j--;
    }
  };
  const rmash = () => {
    for (let i = 3; i >= 0; i--) R[i] = (R[i] - K[R[(i + 3) & 3] & 63]) & 0xffff;
  };
  for (let r = 0; r < 16; r++) {
    rmix();
    if (r === 4 || r === 10) rmash();
  }
  for (let i = 0; i < 4; i++) {
    block[2 * i] = R[i] & 0xff;
    block[2 * i + 1] = R[i] >> 8;
  }
}

/**
 * RC2-CBC decryption with PKCS #7 padding removed; null when the padding is wrong (which, for a
 * PFX, almost always means a wrong password).
 */
export function rc2CbcDecrypt(key: Uint8Array, effectiveBits: number, iv: Uint8Array, data: Uint8Array): Buffer | null {
  if (iv.length !== 8 || data.length === 0 || data.length % 8 !== 0) return null;
  const K = rc2ExpandKey(key, effectiveBits);
  const out = Buffer.alloc(data.length);
  let prev: Uint8Array = Uint8Array.from(iv);
  for (let off = 0; off < data.length; off += 8) {
    const block = Uint8Array.from(data.subarray(off, off + 8));
    rc2DecryptBlock(K, block);
    for (let k = 0; k < 8; k++) out[off + k] = block[k] ^ prev[k];
    prev = data.subarray(off, off + 8);
  }
  const pad = out[out.length - 1];
  if (pad < 1 || pad > 8) return null;
  for (let k = out.length - pad; k < out.length; k++) if (out[k] !== pad) return null;
  return out.subarray(0, out.length - pad);
}

/** RC2-CBC encryption with PKCS #7 padding: only for tests (comparing with OpenSSL). */
export function rc2CbcEncrypt(key: Uint8Array, effectiveBits: number, iv: Uint8Array, data: Uint8Array): Buffer {
  const K = rc2ExpandKey(key, effectiveBits);
  const pad = 8 - (data.length % 8);
  const buf = Buffer.concat([Buffer.from(data), Buffer.alloc(pad, pad)]);
  let prev: Uint8Array = Uint8Array.from(iv);
  for (let off = 0; off < buf.length; off += 8) {
    const block = buf.subarray(off, off + 8);
    for (let k = 0; k < 8; k++) block[k] ^= prev[k];
    rc2EncryptBlock(K, block);
    prev = block;
  }
  return buf;
}
