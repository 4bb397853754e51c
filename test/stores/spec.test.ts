import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFirefoxProfiles, parseStoreSpec } from '../../electron/core/stores/spec';
import { openStore } from '../../electron/core/stores/open';

describe('store SPEC (issue 4 CLI contract)', () => {
  test('every documented form', () => {
    const home = '/home/u';
    assert.deepEqual(parseStoreSpec('nss', home), { kind: 'nss', dir: '/home/u/.pki/nssdb' });
    assert.deepEqual(parseStoreSpec('nss:/tmp/db', home), { kind: 'nss', dir: '/tmp/db' });
    assert.deepEqual(parseStoreSpec('nss:sql:/tmp/db', home), { kind: 'nss', dir: '/tmp/db' });
    assert.deepEqual(parseStoreSpec('nss:~/x', home), { kind: 'nss', dir: '/home/u/x' });
    assert.deepEqual(parseStoreSpec('firefox', home), { kind: 'firefox' });
    assert.deepEqual(parseStoreSpec('windows:LocalMachine', home), { kind: 'windows', location: 'LocalMachine' });
    assert.deepEqual(parseStoreSpec('macos:system', home), { kind: 'macos', keychain: 'system' });
    assert.deepEqual(parseStoreSpec('app', home), { kind: 'app' });
  });

  test('default is the OS user store', () => {
    assert.deepEqual(parseStoreSpec(undefined, '/h', 'linux'), { kind: 'nss', dir: '/h/.pki/nssdb' });
    assert.deepEqual(parseStoreSpec(undefined, '/h', 'win32'), { kind: 'windows', location: 'CurrentUser' });
    assert.deepEqual(parseStoreSpec(undefined, '/h', 'darwin'), { kind: 'macos', keychain: 'login' });
  });

  test('unknown SPEC is a USAGE error', () => {
    assert.throws(() => parseStoreSpec('windows:Machine', '/h'), { code: 'USAGE' });
    assert.throws(() => parseStoreSpec('nss:', '/h'), { code: 'USAGE' });
  });

  test('Firefox profiles are found where mkcert looks (classic and snap), only those with cert9.db', async () => {
    const home = mkdtempSync(join(tmpdir(), 'certwiz-ff-'));
    for (const p of ['.mozilla/firefox/abcd.default-release', '.mozilla/firefox/empty.profile', 'snap/firefox/common/.mozilla/firefox/x1.default']) {
      mkdirSync(join(home, p), { recursive: true });
    }
    writeFileSync(join(home, '.mozilla/firefox/abcd.default-release/cert9.db'), '');
    writeFileSync(join(home, 'snap/firefox/common/.mozilla/firefox/x1.default/cert9.db'), '');
    assert.deepEqual(await findFirefoxProfiles(home), [
      join(home, '.mozilla/firefox/abcd.default-release'),
      join(home, 'snap/firefox/common/.mozilla/firefox/x1.default'),
    ]);
    const store = await openStore('firefox', { home });
    assert.match(store.label, /Firefox profile at .*abcd\.default-release/);
    await assert.rejects(openStore('firefox', { home: mkdtempSync(join(tmpdir(), 'certwiz-ff-')) }), { code: 'STORE_NOT_FOUND' });
  });
});
