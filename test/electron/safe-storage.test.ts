import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createFallbackProtector } from '../../electron/core/medium';
import { KEYRING_TAG, chooseMediumProtector } from '../../electron/main/safe-storage';
import { CertwizError } from '../../shared/errors';
import { fakeSafeStorage } from './fakes';

function tempFallback() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-medium-'));
  return { dir, fallback: createFallbackProtector(dir) };
}

describe('Medium protector over safeStorage', () => {
  test('should use the OS keyring when a real backend is available, with the tagged format', async () => {
    const { dir, fallback } = tempFallback();
    const ss = fakeSafeStorage({ available: true, backend: 'gnome_libsecret', asyncApi: true });
    const chosen = await chooseMediumProtector({ safeStorage: ss, platform: 'linux', fallback });
    assert.equal(chosen.protector.kind, 'os-keyring');
    assert.equal(chosen.reason, 'os-keyring');
    assert.equal(chosen.backend, 'gnome_libsecret');
    const secret = randomBytes(32);
    const wrapped = await chosen.protector.wrap(secret);
    assert.deepEqual(wrapped.subarray(0, 4), KEYRING_TAG);
    assert.ok(!wrapped.includes(secret), 'the secret is not stored in the clear');
    assert.deepEqual(await chosen.protector.unwrap(wrapped), secret);
    assert.ok(ss.calls.includes('encryptStringAsync') && ss.calls.includes('decryptStringAsync'), 'async API preferred');
    assert.ok(!ss.calls.includes('encryptString'));
    assert.equal(fs.existsSync(path.join(dir, 'medium.key')), false, 'no fallback key file made');
  });

  test('should be honest on Linux basic_text: fallback-file protector, even though safeStorage "works"', async () => {
    const { dir, fallback } = tempFallback();
    const ss = fakeSafeStorage({ available: true, backend: 'basic_text' });
    const chosen = await chooseMediumProtector({ safeStorage: ss, platform: 'linux', fallback });
    assert.equal(chosen.protector.kind, 'fallback-file');
    assert.equal(chosen.reason, 'basic_text');
    const secret = randomBytes(32);
    const wrapped = await chosen.protector.wrap(secret);
    assert.equal(wrapped[0], 1, 'the fallback format byte');
    assert.ok(!ss.calls.includes('encryptString'), 'safeStorage not used to wrap');
    assert.deepEqual(await chosen.protector.unwrap(wrapped), secret);
    assert.equal((fs.statSync(path.join(dir, 'medium.key')).mode & 0o777).toString(8), '600');
  });

  test('should treat an unknown backend (asked before ready) as no keyring', async () => {
    const { fallback } = tempFallback();
    const chosen = await chooseMediumProtector({ safeStorage: fakeSafeStorage({ available: true, backend: 'unknown' }), platform: 'linux', fallback });
    assert.equal(chosen.protector.kind, 'fallback-file');
  });

  test('should fall back when encryption is unavailable (any platform), and not ask Linux backends elsewhere', async () => {
    const { fallback } = tempFallback();
    const ss = fakeSafeStorage({ available: false });
    const chosen = await chooseMediumProtector({ safeStorage: ss, platform: 'win32', fallback });
    assert.equal(chosen.protector.kind, 'fallback-file');
    assert.equal(chosen.reason, 'unavailable');
    assert.equal(chosen.backend, undefined);
    assert.ok(!ss.calls.includes('getSelectedStorageBackend'));
  });

  test('should use the synchronous API on macOS/Windows when the async one is absent', async () => {
    const { fallback } = tempFallback();
    const ss = fakeSafeStorage({ available: true });
    const chosen = await chooseMediumProtector({ safeStorage: ss, platform: 'darwin', fallback });
    assert.equal(chosen.protector.kind, 'os-keyring');
    const secret = randomBytes(32);
    assert.deepEqual(await chosen.protector.unwrap(await chosen.protector.wrap(secret)), secret);
    assert.ok(ss.calls.includes('encryptString'));
  });

  test('should still open fallback-wrapped secrets once a keyring appears', async () => {
    const { fallback } = tempFallback();
    const secret = randomBytes(32);
    const old = await fallback.wrap(secret);
    const chosen = await chooseMediumProtector({ safeStorage: fakeSafeStorage({ available: true, asyncApi: true }), platform: 'linux', fallback });
    assert.equal(chosen.protector.kind, 'os-keyring');
    assert.deepEqual(await chosen.protector.unwrap(old), secret);
  });

  test('should say MEDIUM_PROTECTION_UNAVAILABLE (no secret, no stack) when the keyring is gone or data is damaged', async () => {
    const { fallback } = tempFallback();
    const secret = randomBytes(32);
    const withKeyring = await chooseMediumProtector({ safeStorage: fakeSafeStorage({ available: true }), platform: 'darwin', fallback });
    const wrapped = await withKeyring.protector.wrap(secret);
    const without = await chooseMediumProtector({ safeStorage: fakeSafeStorage({ available: false }), platform: 'darwin', fallback });
    await assert.rejects(without.protector.unwrap(wrapped), (e: unknown) => e instanceof CertwizError && e.code === 'MEDIUM_PROTECTION_UNAVAILABLE');
    const damaged = Buffer.concat([KEYRING_TAG, Buffer.from('garbage')]);
    await assert.rejects(withKeyring.protector.unwrap(damaged), (e: unknown) => e instanceof CertwizError && e.code === 'MEDIUM_PROTECTION_UNAVAILABLE' && !e.message.includes(secret.toString('hex')));
  });
});
