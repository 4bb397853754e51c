/**
 * The PKCS#11 calls of the shells on the token worker (electron/core/pkcs11/offthread.ts) against
 * SoftHSM2: same answers and error codes as the calls on main, main's event loop keeps ticking
 * while token:list waits on a slow driver, and a driver that hangs gives TOKEN_TIMEOUT, fails fast
 * until it answers again, and never runs a request that was queued behind the hang. The slow and
 * hung driver is the worker's test hook (setTokenWorkerOptions blockMs): the worker thread blocks
 * before the call, as it would inside a C_GetSlotList that does not return.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSoftHsm, serialOf, SOFTHSM_MODULE, type SoftHsm } from './softhsm';
import { buildSlowModule } from './slow-module';
import { createCore, type Core } from '../../electron/core/service';
import { createFallbackProtector } from '../../electron/core/medium';

const PIN = '11223344';
const root = path.resolve(__dirname, '../..');
let hsm: SoftHsm;
let p11: typeof import('../../electron/core/pkcs11');
let core: Core;
const target = () => ({ module: SOFTHSM_MODULE, token: 'Worker Card', pin: PIN });

before(async () => {
  hsm = createSoftHsm([
    { label: 'Worker Card', pin: PIN },
    { label: 'Second Card', pin: PIN },
  ]);
  p11 = await import('../../electron/core/pkcs11');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'certwiz-token-offthread-'));
  core = createCore({ dataDir, medium: createFallbackProtector(dataDir), shell: 'web', version: 'test', exportDir: path.join(dataDir, 'exports') });
});
after(async () => {
  p11?.setTokenWorkerOptions({ blockMs: undefined, timeoutMs: undefined });
  p11?.finalizeAll();
  await p11?.stopTokenWorkers();
  hsm?.cleanup();
});

function selfSigned(name: string) {
  const key = path.join(hsm.dir, `${name}.key`);
  const crt = path.join(hsm.dir, `${name}.der`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', crt, '-outform', 'DER', '-subj', `/CN=${name}`, '-days', '1'], { stdio: 'pipe' });
  return { key: createPrivateKey(readFileSync(key)), der: readFileSync(crt) };
}

/** Largest gap between 5 ms ticks of this thread while `p` runs. */
async function maxTickGap<T>(p: () => Promise<T>): Promise<{ value: T; gap: number; ms: number }> {
  let last = Date.now();
  let gap = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, 5);
  const t0 = Date.now();
  try {
    const value = await p();
    return { value, gap: Math.max(gap, Date.now() - last), ms: Date.now() - t0 };
  } finally {
    clearInterval(timer);
  }
}

async function waitUntil(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('token worker: same answers as on main', () => {
  test('lists and finds the cards like listTokens / findToken, from a worker thread', async () => {
    const off = await p11.listTokensAsync(SOFTHSM_MODULE);
    assert.deepEqual(off, p11.listTokens(SOFTHSM_MODULE));
    assert.deepEqual(off.filter((t) => t.initialized).map((t) => t.label).sort(), ['Second Card', 'Worker Card']);
    const states = p11.tokenWorkerStates();
    assert.equal(states.length, 1, 'one worker for the library');
    assert.equal((await p11.findTokenAsync(serialOf(hsm, 'Second Card'), SOFTHSM_MODULE)).label, 'Second Card');
    await assert.rejects(p11.findTokenAsync('No Such Card', SOFTHSM_MODULE), (e: any) => e.code === 'TOKEN_NOT_PRESENT' && /Worker Card/.test(e.params.present));
    await assert.rejects(p11.listTokensAsync('/nonexistent/libnothing.so'), { code: 'FILE_NOT_FOUND' });
    const fake = path.join(hsm.dir, 'fake-pkcs11.so');
    writeFileSync(fake, 'not a library');
    await assert.rejects(p11.checkModuleAsync(fake), { code: 'TOKEN_ERROR' });
    assert.deepEqual(await p11.checkModuleAsync(SOFTHSM_MODULE), { module: SOFTHSM_MODULE });
  });

  test('import, has-key, write, describe and delete on the worker; PIN errors keep their codes', async () => {
    const m = selfSigned('Worker Import');
    const r = await p11.importKeyToTokenAsync({ ...target(), privateKey: m.key, certificateDer: m.der, label: 'Worker Import' });
    assert.match(r.ckaId, /^[0-9a-f]{40}$/);
    // pkcs11-tool, the independent peer, sees the key and certificate under one ID.
    const listing = hsm.pkcs11Tool(['--token-label', 'Worker Card', '--login', '--pin', PIN, '--list-objects']);
    assert.equal(listing.split(/\n(?=\S)/).filter((b) => b.includes(`ID:         ${r.ckaId}`)).length, 3, listing);
    assert.equal(await p11.tokenHasKeyAsync({ module: SOFTHSM_MODULE, token: 'Worker Card', ckaId: r.ckaId }), true);
    assert.equal(await p11.tokenHasKeyAsync({ module: SOFTHSM_MODULE, token: 'Second Card', ckaId: r.ckaId }), false);
    // Same certificate again: nothing written (a retried completion).
    assert.deepEqual(await p11.writeCertificateToTokenAsync({ ...target(), ckaId: r.ckaId, certificateDer: m.der }), { certificateWritten: false, caCertificatesWritten: 0 });
    await assert.rejects(p11.writeCertificateToTokenAsync({ ...target(), pin: '99999999', ckaId: r.ckaId, certificateDer: m.der }), { code: 'PIN_INCORRECT' });
    await assert.rejects(p11.importKeyToTokenAsync({ ...target(), privateKey: m.key, certificateDer: m.der, label: 'Again' }), { code: 'FILE_EXISTS' });
    const other = selfSigned('Other');
    await assert.rejects(p11.importKeyToTokenAsync({ ...target(), privateKey: m.key, certificateDer: other.der, label: 'Mixed' }), (e: any) => e.code === 'INVALID_INPUT' && e.params.reason === 'key-mismatch');
    const objs = await p11.describeTokenObjectsAsync({ ...target(), ckaId: r.ckaId });
    assert.deepEqual(objs.map((o) => o.class).sort(), ['CERTIFICATE', 'PRIVATE_KEY', 'PUBLIC_KEY']);
    assert.deepEqual(await p11.deleteTokenObjectsAsync({ ...target(), ckaId: r.ckaId }), { deleted: 3 });
    assert.deepEqual(await p11.describeTokenObjectsAsync({ ...target(), ckaId: r.ckaId }), []);
  });
});

describe('token worker: slow and hung drivers', () => {
  test('main keeps ticking while token:list waits 1.5 s on a slow driver', async () => {
    await core['token:list']({ module: SOFTHSM_MODULE }); // worker warm
    p11.setTokenWorkerOptions({ blockMs: 1500 });
    try {
      const { value, gap, ms } = await maxTickGap(() => core['token:list']({ module: SOFTHSM_MODULE }));
      assert.ok(ms >= 1400, `the slow call took ${ms} ms`);
      assert.ok(value.tokens.some((t) => t.label === 'Worker Card'));
      // On main the same call would stall this thread for the whole 1.5 s.
      assert.ok(gap < 250, `main stalled for ${gap} ms`);
    } finally {
      p11.setTokenWorkerOptions({ blockMs: undefined });
    }
  });

  test('a hung driver gives TOKEN_TIMEOUT, fails fast until it answers, and drops what was queued', async () => {
    const m = selfSigned('Survivor');
    const { ckaId } = await p11.importKeyToTokenAsync({ ...target(), privateKey: m.key, certificateDer: m.der, label: 'Survivor' });
    p11.setTokenWorkerOptions({ blockMs: 2500, timeoutMs: 500 });
    let listErr: any;
    let deleteErr: any;
    const { gap, ms } = await maxTickGap(async () => {
      const list = core['token:list']({ module: SOFTHSM_MODULE }).catch((e) => (listErr = e));
      await waitUntil(() => p11.tokenWorkerStates()[0]?.pending === 1, 400);
      // Queued behind the hung call: must not run when the driver comes back.
      const del = p11.deleteTokenObjectsAsync({ ...target(), ckaId }).catch((e) => (deleteErr = e));
      await Promise.all([list, del]);
    });
    assert.equal(listErr?.code, 'TOKEN_TIMEOUT', String(listErr));
    assert.equal(deleteErr?.code, 'TOKEN_TIMEOUT', String(deleteErr));
    assert.ok(ms >= 450 && ms < 2000, `timed out after ${ms} ms`);
    assert.ok(gap < 250, `main stalled for ${gap} ms`);
    assert.equal(p11.tokenWorkerStates()[0]?.hung, true);
    // While it hangs: an answer at once, no new wait.
    const t0 = Date.now();
    await assert.rejects(core['token:list']({ module: SOFTHSM_MODULE }), { code: 'TOKEN_TIMEOUT' });
    assert.ok(Date.now() - t0 < 100);
    // The helpdesk report's token section says so instead of waiting.
    const { tokensSeen } = await import('../../electron/core/report-sources');
    assert.deepEqual(await tokensSeen({ modules: async () => [SOFTHSM_MODULE] }), [{ module: SOFTHSM_MODULE, error: 'TOKEN_TIMEOUT' }]);
    // Key generation asks the worker before its own slot lookup on main: no freeze, no key.
    const csr = core['csr:create']({
      profileId: 'generic-server',
      subject: { cn: 'hung.example.com', sans: [] },
      keyAlgorithm: 'ec-p256',
      securityLevel: 'high',
      keyLocation: { kind: 'token', token: 'Worker Card', module: SOFTHSM_MODULE, pin: PIN },
    } as Parameters<Core['csr:create']>[0]);
    await assert.rejects(csr, { code: 'TOKEN_TIMEOUT' });

    p11.setTokenWorkerOptions({ blockMs: undefined, timeoutMs: undefined });
    await waitUntil(() => p11.tokenWorkerStates()[0]?.hung === false, 5000);
    assert.ok((await core['token:list']({ module: SOFTHSM_MODULE })).tokens.some((t) => t.label === 'Worker Card'));
    const objs = await p11.describeTokenObjectsAsync({ ...target(), ckaId });
    assert.equal(objs.length, 3, 'the delete queued behind the hang was dropped, not run late');
    await p11.deleteTokenObjectsAsync({ ...target(), ckaId });
  });
});

describe('a driver that really blocks (C shim over SoftHSM sleeping in C_GetSlotList)', () => {
  let slow: string | undefined;
  before(() => {
    slow = buildSlowModule(hsm.dir);
    process.env.SLOW_P11_REAL = SOFTHSM_MODULE;
  });
  after(() => {
    delete process.env.SLOW_P11_REAL;
    delete process.env.SLOW_P11_MS;
  });

  test('main keeps ticking while the driver sleeps inside C_GetSlotList', async (t) => {
    if (!slow) return t.skip('gcc or p11-kit headers missing');
    const module = slow;
    assert.ok((await p11.listTokensAsync(module)).some((x) => x.label === 'Worker Card'));
    process.env.SLOW_P11_MS = '600';
    try {
      const { value, gap, ms } = await maxTickGap(() => p11.listTokensAsync(module));
      // graphene asks C_GetSlotList twice (count, then list).
      assert.ok(ms >= 1100, `the slow call took ${ms} ms`);
      assert.ok(value.some((x) => x.label === 'Worker Card'));
      assert.ok(gap < 250, `main stalled for ${gap} ms`);
    } finally {
      process.env.SLOW_P11_MS = '0';
    }
  });

  test('a driver call that never returns: TOKEN_TIMEOUT, and the process still ends', { timeout: 60_000 }, (t) => {
    if (!slow) return t.skip('gcc or p11-kit headers missing');
    const script = path.join(hsm.dir, 'hung-child.ts');
    writeFileSync(
      script,
      `import * as p11 from ${JSON.stringify(path.join(root, 'electron/core/pkcs11/index.ts'))};
      (async () => {
        await p11.listTokensAsync(${JSON.stringify(slow)});
        process.env.SLOW_P11_MS = '120000';
        p11.setTokenWorkerOptions({ timeoutMs: 500 });
        const t0 = Date.now();
        const e: any = await p11.listTokensAsync(${JSON.stringify(slow)}).catch((err) => err);
        console.log(e.code, Date.now() - t0 < 3000);
        p11.finalizeAll(); // must not call into the hung library
        console.log('finalized');
      })();`,
    );
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: root, env: { ...hsm.env, SLOW_P11_REAL: SOFTHSM_MODULE }, encoding: 'utf8', timeout: 50_000 });
    assert.deepEqual(r.stdout.trim().split('\n'), ['TOKEN_TIMEOUT true', 'finalized'], r.stderr);
    // Node joins worker threads at exit, which a thread inside the driver would block for two
    // minutes; the exit guard ends the process at once instead.
    assert.equal(r.signal, 'SIGKILL');
    assert.ok(Date.now() - t0 < 30_000, `ended after ${Date.now() - t0} ms`);
  });
});

describe('token worker from a bundle', () => {
  test('dist-style token-worker.js starts as an eval worker and resolves its natives from the bundle, not the cwd', { timeout: 60_000 }, () => {
    // Built into a private folder under dist/ (the shared bundles are left alone); run from /tmp.
    const dir = path.join(root, 'dist', `.token-probe-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
      const external = ['pkcs11js', 'graphene-pk11', 'node-webcrypto-p11', 'electron'];
      const b = spawnSync(process.execPath, ['-e', `
        const esbuild = require('esbuild');
        const base = { bundle: true, platform: 'node', target: 'node20', external: ${JSON.stringify(external)}, logLevel: 'error' };
        esbuild.buildSync({ ...base, format: 'iife', entryPoints: ['electron/core/pkcs11/token-worker.ts'], outfile: ${JSON.stringify(path.join(dir, 'token-worker.js'))} });
        esbuild.buildSync({ ...base, format: 'cjs', entryPoints: ['electron/core/pkcs11/offthread.ts'], outfile: ${JSON.stringify(path.join(dir, 'probe.js'))} });
      `], { cwd: root, encoding: 'utf8' });
      assert.equal(b.status, 0, b.stderr);
      const script = `const m = require(${JSON.stringify(path.join(dir, 'probe.js'))});
        console.log(m.tokenWorkerMode().mode);
        m.listTokensAsync(${JSON.stringify(SOFTHSM_MODULE)}).then((t) => { console.log(t.filter((x) => x.initialized).map((x) => x.label).sort().join(',')); return m.stopTokenWorkers(); })
          .catch((e) => { console.error(e.code, e.message); process.exit(1); });`;
      const out = spawnSync(process.execPath, ['-e', script], { cwd: hsm.dir, env: hsm.env, encoding: 'utf8', timeout: 30_000 });
      assert.equal(out.status, 0, out.stderr);
      assert.deepEqual(out.stdout.trim().split('\n'), ['bundle', 'Second Card,Worker Card']);
      // A worker that cannot even start (say, natives not loadable in a thread): the calls run
      // on the main thread instead, blocking as before, rather than cards not working at all.
      writeFileSync(path.join(dir, 'token-worker.js'), 'throw new Error("no natives in this thread");\n');
      const fallback = spawnSync(process.execPath, ['-e', script], { cwd: hsm.dir, env: hsm.env, encoding: 'utf8', timeout: 30_000 });
      assert.equal(fallback.status, 0, fallback.stderr);
      assert.deepEqual(fallback.stdout.trim().split('\n'), ['bundle', 'Second Card,Worker Card']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('scripts/build.mjs bundles the token worker next to the PFX worker', () => {
    assert.match(readFileSync(path.join(root, 'scripts/build.mjs'), 'utf8'), /'token-worker': 'electron\/core\/pkcs11\/token-worker\.ts'/);
  });
});
