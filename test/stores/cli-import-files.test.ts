/**
 * `certwiz store import FILE...` through the built CLI (issue 4 CLI contract): several files in
 * one call, the default store (Linux: $HOME/.pki/nssdb), ROOT_NEEDS_CONFIRMATION with exit 5
 * while the other files are still placed and named, one JSON object with --json, and
 * `pfx import FILE --store SPEC`. Checked against certutil's own listing of the DB.
 */
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NssStore } from '../../electron/core/stores/nss';
import { makePki, type TestPki } from './pki';

const root = join(__dirname, '..', '..');
const bin = join(root, 'bin', 'certwiz.js');
let pki: TestPki;

function newest(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n = Math.max(n, e.isDirectory() ? newest(p) : /\.(ts|json)$/.test(e.name) ? statSync(p).mtimeMs : 0);
  }
  return n;
}

before(() => {
  pki = makePki();
  const built = join(root, 'dist', 'cli-core.js');
  const sources = Math.max(newest(join(root, 'electron')), newest(join(root, 'shared')));
  if (!existsSync(built) || statSync(built).mtimeMs < sources || statSync(join(root, 'dist', 'cli.js')).mtimeMs < sources) {
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--only=cli', '--quiet'], { cwd: root, stdio: 'inherit' });
  }
});

async function freshHome(): Promise<{ home: string; db: string }> {
  const home = mkdtempSync(join(tmpdir(), 'certwiz-home-'));
  const db = join(home, '.pki', 'nssdb');
  mkdirSync(join(home, '.pki'), { recursive: true });
  await NssStore.create(db);
  return { home, db };
}

function certwiz(home: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: home,
    env: { PATH: process.env.PATH, HOME: home, CERTWIZ_HOME: join(home, 'certwiz'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** certutil -L rows: nickname → trust flags. */
function nssRows(db: string): Map<string, string> {
  const out = execFileSync('certutil', ['-L', '-d', `sql:${db}`], { encoding: 'utf8' });
  const rows = new Map<string, string>();
  for (const line of out.split('\n').slice(4)) {
    const m = /^(.*\S)\s+(\S*,\S*,\S*)\s*$/.exec(line);
    if (m) rows.set(m[1], m[2]);
  }
  return rows;
}

describe('certwiz store import FILE... (built CLI, default NSS store)', () => {
  test('three files in one call; the root is held (exit 5) and the output says what was placed', async () => {
    const { home, db } = await freshHome();
    const r = certwiz(home, ['store', 'import', pki.file('sub.pem'), pki.file('root.crl'), pki.file('chain.p7b')]);
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stderr, /^certwiz: ROOT_NEEDS_CONFIRMATION: "Practice Root CA 3" is a root certificate/m);
    assert.match(r.stdout, /^sub\.pem: intermediate "Practice Sub CA 3 - 17" → Intermediate Certification Authorities$/m);
    assert.match(r.stdout, /^chain\.p7b: root "Practice Root CA 3" held back \(needs confirmation\)$/m);
    assert.match(r.stdout, /^root\.crl: /m);
    const rows = nssRows(db);
    assert.equal(rows.size, 1, [...rows.keys()].join(', '));
    assert.equal([...rows.values()][0], ',,', 'the Sub CA sits there without trust');

    // Confirmed: the root gets C,, and nothing is duplicated.
    const again = certwiz(home, ['store', 'import', pki.file('chain.p7b'), pki.file('root.crl'), '--trust-root', '--json']);
    assert.equal(again.code, 0, again.stderr);
    const json = JSON.parse(again.stdout);
    assert.equal(json.error, undefined);
    assert.equal(json.files.length, 2);
    const after = nssRows(db);
    assert.equal(after.size, 2);
    assert.ok([...after.values()].includes('C,,'), [...after.entries()].join('; '));
    const crls = execFileSync('crlutil', ['-L', '-d', `sql:${db}`], { encoding: 'utf8' });
    assert.match(crls, /Practice Root CA 3/);
  });

  test('--json with a held root prints exactly one JSON object holding the report and the error', async () => {
    const { home } = await freshHome();
    const r = certwiz(home, ['store', 'import', pki.file('root.pem'), pki.file('sub.der'), '--json']);
    assert.equal(r.code, 5, r.stderr);
    const json = JSON.parse(r.stdout); // throws if there were two objects
    assert.equal(json.error.code, 'ROOT_NEEDS_CONFIRMATION');
    assert.equal(json.files[1].items[0].location, 'intermediate');
    assert.equal(json.needsConfirmation.length, 1);
  });

  test('a fixed-arity command still refuses extra words; chain show takes more files', async () => {
    const { home } = await freshHome();
    const r = certwiz(home, ['store', 'remove', 'aa', 'bb', '--store', 'nss']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /USAGE: expected THUMBPRINT/);
    const c = certwiz(home, ['chain', 'show', pki.file('leaf.pem'), pki.file('sub.pem'), pki.file('root.pem'), pki.file('root.crl')]);
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stdout, /The root "Practice Root CA 3" is not trusted yet; it is in the file you downloaded from the CA as "root.pem"/);
  });

  test('pfx import FILE --store nss puts key and chain into the NSS DB; app stays the default', async () => {
    const { home, db } = await freshHome();
    const env = { CERTWIZ_PFX_PASSWORD: pki.pfxPassword };
    const r = certwiz(home, ['pfx', 'import', pki.file('leaf.p12'), '--store', 'nss', '--security-level', 'medium', '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.ok(json.placed.some((p: { location: string }) => p.location === 'personal'));
    const keys = execFileSync('certutil', ['-K', '-d', `sql:${db}`], { encoding: 'utf8' });
    assert.match(keys, /Test Leaf|localhost/);
    const rows = nssRows(db);
    assert.ok(!([...rows.values()].includes('C,,') || [...rows.values()].includes('CT,C,C')), 'root not trusted without --trust-root');

    const high = certwiz(home, ['pfx', 'import', pki.file('leaf.p12'), '--store', 'nss', '--security-level', 'high'], env);
    assert.equal(high.code, 3, high.stderr);
    assert.match(high.stderr, /^certwiz: INVALID_INPUT: This store has no per-key "High" protection/m);
  });
});
