/**
 * The PFX worker thread (electron/core/pkcs12/offthread.ts): the same results and error codes as
 * the synchronous reader and writer, and the event loop keeps ticking while a 600000-iteration
 * file (what NSS pk12util and GnuTLS certtool write) is read, so Electron main and the browser
 * shell stay responsive. Also from the esbuild bundle: dist/pfx-worker.js started as an eval worker.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspectPfx, readPfx } from '../../electron/core/pkcs12';
import { inspectPfxAsync, readPfxAsync, stopPfxWorker, verifyPfxAsync, workerMode, writePfxAsync } from '../../electron/core/pkcs12/offthread';
import { makePki, must, type Pki } from './peers';

let pki: Pki;
const root = join(__dirname, '..', '..');

before(() => {
  pki = makePki('certwiz-pfx-thread-');
  // pk12util's count: 600000 for the key, the certificates and the MAC.
  must(pki.dir, 'openssl', ['pkcs12', '-export', '-inkey', 'rsa.key', '-in', 'rsa.pem', '-certfile', 'chain.pem', '-iter', '600000', '-maciter', '-out', 'slow.p12', '-passout', 'pass:slow-pw']);
});
after(() => stopPfxWorker());

describe('PFX worker thread', () => {
  test('should run from source under tsx', () => {
    assert.equal(workerMode().mode, 'source');
  });

  test('should keep the event loop ticking while a 600000-iteration file is read', async () => {
    const bytes = pki.read('slow.p12');
    let ticks = 0;
    let longest = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      ticks++;
    }, 10);
    const t0 = performance.now();
    const contents = await readPfxAsync(bytes, 'slow-pw');
    const took = performance.now() - t0;
    clearInterval(timer);
    assert.equal(contents.keys.length, 1);
    assert.equal(contents.certificates.length, 3);
    assert.equal(contents.protection.macIterations, 600000);
    assert.ok(contents.keys[0].keyObject.asymmetricKeyType === 'rsa');
    assert.ok(contents.certificates[contents.keys[0].certificateIndex!].x509.checkPrivateKey(contents.keys[0].keyObject));
    // The read takes hundreds of ms; the timer must have fired all along (no gap near the whole read).
    assert.ok(took > 100, `read took ${took.toFixed(0)} ms`);
    assert.ok(ticks >= Math.floor(took / 10 / 3), `${ticks} ticks in ${took.toFixed(0)} ms`);
    assert.ok(longest < Math.max(150, took / 2), `longest gap ${longest.toFixed(0)} ms of ${took.toFixed(0)} ms`);
  });

  test('should give the same inspection and error codes as the synchronous reader', async () => {
    must(pki.dir, 'openssl', ['pkcs12', '-export', '-inkey', 'ec.key', '-in', 'ec.pem', '-certfile', 'chain.pem', '-name', 'EC leaf', '-out', 'ec.p12', '-passout', 'pass:ec-pw']);
    const bytes = pki.read('ec.p12');
    assert.deepEqual(await inspectPfxAsync(bytes, 'ec-pw'), inspectPfx(bytes, 'ec-pw'));
    await assert.rejects(readPfxAsync(bytes, 'wrong'), { code: 'PFX_BAD_PASSWORD' });
    await assert.rejects(readPfxAsync(new Uint8Array([0x30, 0x03, 0x02, 0x01]), ''), { code: 'PFX_CORRUPT' });
    await assert.rejects(readPfxAsync(pki.read('slow.p12'), 'slow-pw', { maxIterations: 1000 }), { code: 'PFX_ITERATIONS_TOO_HIGH' });
  });

  test('should write on the worker what openssl opens, and verify it there', async () => {
    const key = crypto.createPrivateKey(pki.read('rsa.key'));
    for (const profile of ['aes256-sha256', '3des-sha1'] as const) {
      const bytes = await writePfxAsync({ key, certificate: pki.text('rsa.pem'), chain: [pki.text('chain.pem').split(/(?<=-----END CERTIFICATE-----\n)/)[0]], profile, password: 'out-pw', friendlyName: 'RSA' });
      const file = pki.path(`out-${profile}.p12`);
      writeFileSync(file, bytes);
      must(pki.dir, 'openssl', ['pkcs12', '-in', file, '-passin', 'pass:out-pw', '-noout']);
      const sync = readPfx(bytes, 'out-pw');
      assert.equal(sync.certificates.length, 2);
      const v = await verifyPfxAsync(bytes, 'out-pw', { profile, privacy: true, certificateSha1: sync.certificates[0].sha1 });
      assert.equal(v.ok, true, JSON.stringify(v.checks));
    }
  });

  test('should start dist/pfx-worker.js from a bundle', { timeout: 120_000 }, () => {
    const r = spawnSync(process.execPath, ['scripts/build.mjs', '--only=web', '--quiet'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(root, 'dist/pfx-worker.js')));
    // A tiny bundle of offthread.ts placed in dist/ finds the worker next to it, like web.js does.
    const probe = join(root, 'dist', `offthread-probe-${process.pid}.js`);
    const b = spawnSync(process.execPath, [
      '-e',
      `require('esbuild').buildSync({ entryPoints: ['electron/core/pkcs12/offthread.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: ${JSON.stringify(probe)}, logLevel: 'error' })`,
    ], { cwd: root, encoding: 'utf8' });
    assert.equal(b.status, 0, b.stderr);
    try {
      const script = `const m = require(${JSON.stringify(probe)}); const fs = require('fs');
        console.log(m.workerMode().mode);
        m.inspectPfxAsync(fs.readFileSync(${JSON.stringify(pki.path('ec.p12'))}), 'ec-pw').then((j) => { console.log(j.keys.length, j.certificates.length); return m.stopPfxWorker(); });`;
      const out = spawnSync(process.execPath, ['-e', script], { cwd: pki.dir, encoding: 'utf8', timeout: 30_000 });
      assert.equal(out.status, 0, out.stderr);
      assert.deepEqual(out.stdout.trim().split('\n'), ['bundle', '1 3']);
    } finally {
      spawnSync('rm', ['-f', probe, `${probe}.map`]);
    }
  });
});
