import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { generateKeyPair, keyAlgorithmOf, keyGenParams, signingAlgorithmFor } from '../../electron/core/keys';
import { KEY_ALGORITHMS, type KeyAlgorithm } from '../../shared/ipc';
import { CertwizError } from '../../shared/errors';

describe('keys', () => {
  test('RSA 4096 generation leaves the event loop free (it runs in the libuv pool)', async () => {
    let last = performance.now();
    let maxGap = 0;
    let ticks = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks++;
    }, 5);
    const started = performance.now();
    const kp = await generateKeyPair('rsa-4096');
    const took = performance.now() - started;
    clearInterval(timer);
    assert.equal((kp.publicKey.algorithm as RsaHashedKeyAlgorithm).modulusLength, 4096);
    if (took > 100) {
      // A synchronous generator would give one gap as long as the whole generation.
      assert.ok(ticks > 2, `only ${ticks} timer ticks in ${took.toFixed(0)} ms`);
      assert.ok(maxGap < Math.max(100, took / 2), `event loop blocked ${maxGap.toFixed(0)} ms of ${took.toFixed(0)} ms`);
    }
  });

  test('each key type: right algorithm, extractable private key, and a signature that verifies', async () => {
    for (const alg of KEY_ALGORITHMS.filter((a) => a !== 'rsa-4096')) {
      const kp = await generateKeyPair(alg);
      assert.equal(keyAlgorithmOf(kp.publicKey), alg);
      assert.equal(kp.privateKey.extractable, true);
      const sigAlg = signingAlgorithmFor(alg);
      const data = new TextEncoder().encode('certwiz');
      const sig = await webcrypto.subtle.sign(sigAlg, kp.privateKey, data);
      assert.ok(await webcrypto.subtle.verify(sigAlg, kp.publicKey, sig, data), alg);
    }
  });

  test('signing algorithms: SHA-256 for RSA and P-256, SHA-384 for P-384', () => {
    assert.deepEqual(signingAlgorithmFor('rsa-2048'), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' });
    assert.deepEqual(signingAlgorithmFor('ec-p256'), { name: 'ECDSA', hash: 'SHA-256' });
    assert.deepEqual(signingAlgorithmFor('ec-p384'), { name: 'ECDSA', hash: 'SHA-384' });
  });

  test('an unknown key type is a CertwizError, not a crash', () => {
    for (const f of [keyGenParams, signingAlgorithmFor]) {
      assert.throws(() => f('rsa-1024' as KeyAlgorithm), (e: unknown) => e instanceof CertwizError && e.code === 'KEY_ALGORITHM_NOT_ALLOWED');
    }
  });
});
