import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const root = path.resolve(import.meta.dirname, '../..');
const script = path.join(root, 'scripts/electronegativity.mjs');
const run = (args: string[]) => spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

describe('Electronegativity gate (scripts/electronegativity.mjs)', () => {
  test('should pass on the Electron shell as written: no open HIGH finding', () => {
    const r = run([]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /HIGH 0/);
    assert.match(r.stdout, /no open HIGH finding/);
  });

  test('should fail, naming the checks, on a window without isolation and with no navigation limit', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-eng-fixture-'));
    fs.writeFileSync(
      path.join(dir, 'main.js'),
      `const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });\n`,
    );
    const r = run(['--input', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /HIGH CONTEXT_ISOLATION_JS_CHECK main\.js:2/);
    assert.match(r.stdout, /HIGH LIMIT_NAVIGATION_GLOBAL_CHECK/);
    assert.match(r.stdout, /FAILED/);
  });
});
