/**
 * RC4 for reading pbeWithSHAAnd128BitRC4 / 40BitRC4 bags (RFC 7292 App. C) in very old files.
 *
 * Written by hand for the same reason as rc2.ts: neither Node 20 without the legacy provider nor
 * BoringSSL offers it. Never used to write (issue 3).
 */
export function rc4(key: Uint8Array, data: Uint8Array): Buffer {
  const S = new Uint8Array(256);
  for (let i = 0; i < 256; i++) S[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + S[i] + key[i % key.length]) & 0xff;
    [S[i], S[j]] = [S[j], S[i]];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + S[i]) & 0xff;
    [S[i], S[j]] = [S[j], S[i]];
    out[n] = data[n] ^ S[(S[i] + S[j]) & 0xff];
  }
  return out;
}
