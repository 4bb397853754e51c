/**
 * The hand-written primitives: RC2 (RFC 2268 §5 vectors and OpenSSL's legacy provider as the
 * peer), RC4 (against OpenSSL), the PKCS #12 KDF (RFC 7292 App. B; vectors published with
 * Bouncy Castle's PKCS12 tests) and the password encodings.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rc2CbcDecrypt, rc2CbcEncrypt, rc2EncryptBlock, rc2ExpandKey, rc2DecryptBlock } from '../../electron/core/pkcs12/rc2';
import { rc4 } from '../../electron/core/pkcs12/rc4';
import { bmpPassword, kdfPasswordCandidates, pkcs12Kdf } from '../../electron/core/pkcs12/kdf';
import { iterateDigest } from '../../electron/core/pkcs12/iterate';
import { createHash } from 'node:crypto';

function opensslEnc(cipher: string, key: Buffer, iv: Buffer | null, data: Buffer): Buffer {
  const args = ['enc', `-${cipher}`, '-provider', 'legacy', '-provider', 'default', '-K', key.toString('hex')];
  if (iv) args.push('-iv', iv.toString('hex'));
  const r = spawnSync('openssl', args, { input: data });
  assert.equal(r.status, 0, r.stderr?.toString());
  return r.stdout;
}

describe('RC2 (RFC 2268)', () => {
  test('should match the RFC 2268 section 5 test vectors', () => {
    const vectors: [string, number, string, string][] = [
      ['0000000000000000', 63, '0000000000000000', 'ebb773f993278eff'],
      ['ffffffffffffffff', 64, 'ffffffffffffffff', '278b27e42e2f0d49'],
      ['3000000000000000', 64, '1000000000000001', '30649edf9be7d2c2'],
      ['88', 64, '0000000000000000', '61a8a244adacccf0'],
      ['88bca90e90875a', 64, '0000000000000000', '6ccf4308974c267f'],
      ['88bca90e90875a7f0f79c384627bafb2', 64, '0000000000000000', '1a807d272bbe5db1'],
      ['88bca90e90875a7f0f79c384627bafb2', 128, '0000000000000000', '2269552ab0f85ca6'],
    ];
    for (const [k, bits, p, c] of vectors) {
      const K = rc2ExpandKey(Buffer.from(k, 'hex'), bits);
      const block = Buffer.from(p, 'hex');
      rc2EncryptBlock(K, block);
      assert.equal(block.toString('hex'), c, `key ${k}/${bits}`);
      rc2DecryptBlock(K, block);
      assert.equal(block.toString('hex'), p);
    }
  });

  test('should decrypt what openssl rc2-40-cbc and rc2-cbc (legacy provider) encrypt', () => {
    for (const [cipher, keyLen, bits] of [['rc2-40-cbc', 5, 40], ['rc2-cbc', 16, 128]] as const) {
      for (const len of [0, 1, 7, 8, 9, 100]) {
        const key = randomBytes(keyLen);
        const iv = randomBytes(8);
        const data = randomBytes(len);
        const ct = opensslEnc(cipher, key, iv, data);
        assert.deepEqual(rc2CbcEncrypt(key, bits, iv, data), ct);
        assert.deepEqual(rc2CbcDecrypt(key, bits, iv, ct), data);
      }
    }
  });

  test('should report bad padding as null, not garbage', () => {
    const key = randomBytes(5);
    const iv = randomBytes(8);
    const ct = rc2CbcEncrypt(key, 40, iv, Buffer.from('hello'));
    const wrongKey = Buffer.from(key);
    wrongKey[0] ^= 1;
    const out = rc2CbcDecrypt(wrongKey, 40, iv, ct);
    assert.ok(out === null || !out.equals(Buffer.from('hello')));
    assert.equal(rc2CbcDecrypt(key, 40, iv, ct.subarray(0, 7)), null);
  });
});

describe('RC4', () => {
  test('should match openssl rc4', () => {
    const key = randomBytes(16);
    const data = randomBytes(77);
    assert.deepEqual(rc4(key, data), opensslEnc('rc4', key, null, data));
  });
});

describe('PKCS #12 KDF (RFC 7292 App. B.2)', () => {
  const kdf = (pw: string, salt: string, id: 1 | 2 | 3, it: number, n: number) =>
    pkcs12Kdf('sha1', bmpPassword(pw), Buffer.from(salt, 'hex'), id, it, n).toString('hex').toUpperCase();

  test('should reproduce the published SHA-1 vectors', () => {
    assert.equal(kdf('smeg', '0A58CF64530D823F', 1, 1, 24), '8AAAE6297B6CB04642AB5B077851284EB7128F1A2A7FBCA3');
    assert.equal(kdf('smeg', '0A58CF64530D823F', 2, 1, 8), '79993DFE048D3B76');
    assert.equal(kdf('smeg', '642B99AB44FB4B1F', 1, 1, 24), 'F3A95FEC48D7711E985CFE67908C5AB79FA3D7C5CAA5D966');
    assert.equal(kdf('smeg', '642B99AB44FB4B1F', 2, 1, 8), 'C0A38D64A79BEA1D');
    assert.equal(kdf('queeg', '05DEC959ACFF72F7', 1, 1000, 24), 'ED2034E36328830FF09DF1E1A07DD357185DAC0D4F9EB3D4');
    assert.equal(kdf('queeg', '05DEC959ACFF72F7', 2, 1000, 8), '11DEDAD7758D4860');
  });

  test('should encode passwords as BMPString with 00 00, and offer the other empty form', () => {
    assert.equal(bmpPassword('').toString('hex'), '0000');
    assert.equal(bmpPassword('aé').toString('hex'), '006100e90000');
    assert.equal(bmpPassword('𝄞').toString('hex'), 'd834dd1e0000');
    assert.deepEqual(kdfPasswordCandidates('').map((b) => b.toString('hex')), ['0000', '']);
    assert.equal(kdfPasswordCandidates('abc').length, 1);
    assert.equal(kdfPasswordCandidates('pä').length, 2);
  });
});

describe('iterated SHA-1 / SHA-256 (iterate.ts)', () => {
  test('should equal node:crypto applied round by round', () => {
    for (const hash of ['sha1', 'sha256']) {
      for (const rounds of [1, 2, 3, 64, 1000]) {
        let want = createHash(hash).update(randomBytes(40)).digest();
        const start = want;
        for (let i = 0; i < rounds; i++) want = createHash(hash).update(want).digest();
        assert.deepEqual(iterateDigest(hash, start, rounds), want, `${hash} x${rounds}`);
      }
    }
    assert.equal(iterateDigest('sha512', Buffer.alloc(64), 2), null, 'other hashes use node:crypto');
  });

  test('should give the same KDF output as the plain loop for SHA-256 and SHA-512', () => {
    const salt = randomBytes(16);
    const pw = bmpPassword('Pässwörd');
    const plain = (hash: 'sha256' | 'sha512', n: number) => {
      const v = hash === 'sha256' ? 64 : 128;
      const D = Buffer.alloc(v, 3);
      const fill = (b: Buffer) => Buffer.from(Array.from({ length: v * Math.ceil(b.length / v) }, (_, i) => b[i % b.length]));
      let A = createHash(hash).update(Buffer.concat([D, fill(salt), fill(pw)])).digest();
      for (let i = 1; i < n; i++) A = createHash(hash).update(A).digest();
      return A;
    };
    assert.deepEqual(pkcs12Kdf('sha256', pw, salt, 3, 777, 32), plain('sha256', 777));
    assert.deepEqual(pkcs12Kdf('sha512', pw, salt, 3, 77, 64), plain('sha512', 77));
  });
});
