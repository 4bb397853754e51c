import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const root = path.resolve(import.meta.dirname, '../..');
const script = path.join(root, 'scripts/start-electron.mjs');
const ONE_LINE = /^certwiz: .+\. Run the browser shell instead: npm run start:web\n$/;

function run(env: Record<string, string>, args: string[] = []) {
  const base = { ...process.env };
  delete base.ELECTRON_OVERRIDE_DIST_PATH;
  // No network: any download attempt goes to a closed local port and an empty cache.
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-ecache-'));
  const r = spawnSync(process.execPath, [script, ...args], {
    env: { ...base, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: cache, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  fs.rmSync(cache, { recursive: true, force: true });
  return r;
}

/** Where an Electron binary is installed (a developer machine), the download paths cannot be reached. */
const electronInstalled = fs.existsSync(path.join(root, 'node_modules/electron/path.txt'));

function assertOneLine(r: ReturnType<typeof run>, mention: RegExp) {
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, ONE_LINE);
  assert.match(r.stderr, mention);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
}

describe('npm start (scripts/start-electron.mjs)', () => {
  test('should say in one line that the pinned Electron binary is missing, exit 1, no stack', () => {
    const nowhere = path.join(os.tmpdir(), 'certwiz-no-electron-here');
    assertOneLine(run({ ELECTRON_OVERRIDE_DIST_PATH: nowhere }), new RegExp(`no Electron binary at ${nowhere.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  test('should try Electron’s installer and, when it fails with a stack trace, still print one line', { skip: electronInstalled }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-inst-'));
    const installer = path.join(dir, 'install.js');
    const marker = path.join(dir, 'ran');
    fs.writeFileSync(installer, `require('fs').writeFileSync(${JSON.stringify(marker)}, '1'); console.error(new Error('getaddrinfo ENOTFOUND github.com').stack); process.exit(1);`);
    const r = run({ CERTWIZ_ELECTRON_INSTALLER: installer });
    assertOneLine(r, /Electron could not be downloaded \(offline\?\)/);
    assert.ok(fs.existsSync(marker), 'the installer was tried');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('should give up on a hanging download after its time limit, in one line', { skip: electronInstalled }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-inst-'));
    const installer = path.join(dir, 'install.js');
    fs.writeFileSync(installer, 'setInterval(() => {}, 1000);');
    const t0 = Date.now();
    const r = run({ CERTWIZ_ELECTRON_INSTALLER: installer, CERTWIZ_ELECTRON_INSTALL_TIMEOUT_MS: '700' });
    assertOneLine(r, /could not be downloaded/);
    assert.ok(Date.now() - t0 < 20_000);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('should run the real Electron installer offline and still print one line', { skip: electronInstalled }, () => {
    // node_modules/electron has no binary on this machine; the mirror is a closed port.
    const r = run({});
    assertOneLine(r, /could not be downloaded/);
  });

  test('should launch the binary on the project folder, without ELECTRON_RUN_AS_NODE, passing its exit code on', () => {
    if (process.platform === 'win32') return;
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-edist-'));
    const out = path.join(dist, 'args.json');
    const fake = path.join(dist, 'electron');
    fs.writeFileSync(fake, `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ argv: process.argv.slice(2), runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null }));\nprocess.exit(7);\n`, { mode: 0o755 });
    const r = run({ ELECTRON_OVERRIDE_DIST_PATH: dist, ELECTRON_RUN_AS_NODE: '1' }, ['--no-build', '--lang=zh-HK']);
    assert.equal(r.status, 7, r.stderr);
    const seen = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.deepEqual(seen, { argv: [root, '--lang=zh-HK'], runAsNode: null });
    fs.rmSync(dist, { recursive: true, force: true });
  });
});
