import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const root = path.resolve(import.meta.dirname, '../..');

describe('Electron bundles', () => {
  test('node scripts/build.mjs --only=electron should build main.js and a tiny preload.js', () => {
    const r = spawnSync(process.execPath, ['scripts/build.mjs', '--only=electron'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const main = fs.readFileSync(path.join(root, 'dist/electron/main.js'), 'utf8');
    const preload = fs.readFileSync(path.join(root, 'dist/electron/preload.js'), 'utf8');
    // main: Electron itself and native modules stay external; everything else is bundled.
    const required = new Set([...main.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!));
    for (const id of required) {
      assert.ok(id.startsWith('node:') || ['electron', 'pkcs11js', 'graphene-pk11', 'node-webcrypto-p11'].includes(id), `unexpected runtime require: ${id}`);
    }
    assert.ok(required.has('electron'));
    assert.match(main, /app:\/\/certwiz|"certwiz"/);
    // preload: sandboxed, so 'electron' is its only require.
    assert.deepEqual([...new Set([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))], ['electron']);
  });
});
