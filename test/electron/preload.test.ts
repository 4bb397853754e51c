import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { CHANNEL_NAMES } from '../../shared/channels';
import { CHANNELS } from '../../shared/ipc';
import { buildBridge } from '../../electron/preload/bridge';

describe('channel list', () => {
  test('shared/channels.ts should list exactly the contract channels of shared/ipc.ts', () => {
    assert.deepEqual([...CHANNEL_NAMES].sort(), [...CHANNELS].sort());
    assert.equal(new Set(CHANNEL_NAMES).size, CHANNEL_NAMES.length);
  });
});

describe('bridge', () => {
  test('should expose one function per channel, frozen, invoking that channel with the payload', async () => {
    const sent: [string, unknown][] = [];
    const bridge = buildBridge(async (c, p) => (sent.push([c, p]), { ok: true, value: c }));
    assert.deepEqual(Object.keys(bridge).sort(), [...CHANNELS].sort());
    assert.ok(Object.isFrozen(bridge));
    for (const c of CHANNELS) assert.equal(typeof bridge[c], 'function');
    assert.deepEqual(await bridge['certs:list']({ expiringDays: 5 }), { ok: true, value: 'certs:list' });
    await bridge['app:info']();
    assert.deepEqual(sent, [['certs:list', { expiringDays: 5 }], ['app:info', {}]]);
  });

  test('should resolve to an error envelope, never reject, when IPC itself fails', async () => {
    const bridge = buildBridge(async () => {
      throw new Error("Error invoking remote method 'app:info': No handler registered");
    });
    const env = await bridge['app:info']();
    assert.equal(env.ok, false);
    assert.equal(!env.ok && env.error.code, 'INTERNAL');
    assert.doesNotMatch(JSON.stringify(env), /No handler/);
  });
});

describe('sandboxed preload bundle', () => {
  test("should require only 'electron', carry no zod, and expose exactly window.certwiz", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-preload-'));
    try {
      // Same settings as scripts/build.mjs's electron job.
      await build({
        entryPoints: { preload: 'electron/preload/preload.ts' },
        outdir: dir,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        external: ['electron', 'pkcs11js', 'graphene-pk11', 'node-webcrypto-p11'],
        logLevel: 'silent',
      });
      const code = fs.readFileSync(path.join(dir, 'preload.js'), 'utf8');
      assert.doesNotMatch(code, /zod|ZodError/, 'zod must not be bundled into the preload');
      assert.ok(code.length < 20_000, `preload stays tiny (${code.length} bytes)`);

      const required: string[] = [];
      const exposed: [string, Record<string, unknown>][] = [];
      const invoked: [string, unknown][] = [];
      const fakeElectron = {
        contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push([key, api]) },
        ipcRenderer: { invoke: async (c: string, p: unknown) => (invoked.push([c, p]), { ok: true, value: null }) },
      };
      // What Electron's sandboxed preload gets: a require that knows only 'electron'.
      const sandboxRequire = (id: string) => {
        required.push(id);
        if (id === 'electron') return fakeElectron;
        throw new Error(`module not found: ${id}`);
      };
      const module = { exports: {} };
      vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, console, Promise, Object });
      assert.deepEqual([...new Set(required)], ['electron']);
      assert.equal(exposed.length, 1);
      assert.equal(exposed[0]![0], 'certwiz');
      assert.deepEqual(Object.keys(exposed[0]![1]).sort(), [...CHANNELS].sort());
      await (exposed[0]![1]['csr:save'] as (r: unknown) => Promise<unknown>)({ requestId: 'r1', format: 'csr' });
      assert.deepEqual(invoked, [['csr:save', { requestId: 'r1', format: 'csr' }]]);
      assert.ok(!('ipcRenderer' in exposed[0]![1]) && !('invoke' in exposed[0]![1]) && !('send' in exposed[0]![1]));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
