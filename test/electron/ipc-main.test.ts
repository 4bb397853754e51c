import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createDispatcher } from '../../electron/ipc/dispatch';
import { registerIpcHandlers, senderInfoOf } from '../../electron/main/ipc-main';
import { isTrustedSender } from '../../electron/main/security';
import { CHANNELS, type CertwizApi, type Envelope } from '../../shared/ipc';
import { CHILD, FakeIpcMain, TOP } from './fakes';

/** A core that records what reached it; only app:info and certs:list answer. */
function fakeCore(reached: string[]): CertwizApi {
  const api: Record<string, (req: unknown) => Promise<unknown>> = {};
  for (const c of CHANNELS) {
    api[c] = async (req) => {
      reached.push(c);
      if (c === 'app:info') return { version: '0.1.0', shell: 'electron' };
      return { echo: req };
    };
  }
  return api as unknown as CertwizApi;
}

function setup() {
  const reached: string[] = [];
  const ipc = new FakeIpcMain();
  const logged: { channel: string; ok: boolean; code?: string }[] = [];
  const remove = registerIpcHandlers(ipc, createDispatcher(fakeCore(reached), isTrustedSender, (e) => logged.push(e)));
  return { ipc, reached, logged, remove };
}

const APP = 'app://certwiz/index.html';

describe('ipcMain wrapper', () => {
  test('should register exactly one handler per contract channel, and remove them all', () => {
    const { ipc, remove } = setup();
    assert.deepEqual([...ipc.handlers.keys()].sort(), [...CHANNELS].sort());
    remove();
    assert.equal(ipc.handlers.size, 0);
  });

  test('should pass a valid request from our top frame to the core', async () => {
    const { ipc, reached } = setup();
    const env = (await ipc.invoke('app:info', TOP(APP), {})) as Envelope<{ version: string }>;
    assert.deepEqual(env, { ok: true, value: { version: '0.1.0', shell: 'electron' } });
    const list = (await ipc.invoke('certs:list', TOP(APP), { expiringDays: 30 })) as Envelope<unknown>;
    assert.deepEqual(list, { ok: true, value: { echo: { expiringDays: 30 } } });
    assert.deepEqual(reached, ['app:info', 'certs:list']);
  });

  type Frame = { url: string; parent: unknown; detached?: boolean } | null;
  const foreign: [string, Frame][] = [
    ['an iframe of our own page', CHILD(APP)],
    ['a file:// page', TOP('file:///tmp/evil.html')],
    ['a web page', TOP('https://evil.example/')],
    ['a look-alike origin', TOP('app://certwiz.evil/index.html')],
    ['a detached frame', { url: APP, parent: null, detached: true }],
    ['a destroyed frame (senderFrame null)', null],
  ];
  for (const [what, frame] of foreign) {
    test(`should refuse ${what} with IPC_FORBIDDEN before the core sees anything`, async () => {
      const { ipc, reached, logged } = setup();
      const env = (await ipc.invoke('csr:create', frame, { profileId: 'generic-server', password: 'hunter2-secret' })) as Envelope<unknown>;
      assert.equal(env.ok, false);
      assert.equal(!env.ok && env.error.code, 'IPC_FORBIDDEN');
      assert.deepEqual(reached, []);
      assert.doesNotMatch(JSON.stringify(env) + JSON.stringify(logged), /hunter2/);
    });
  }

  test('should refuse a bad payload with IPC_INVALID_PAYLOAD and a field name, no secret echoed', async () => {
    const { ipc, reached } = setup();
    const bad = [
      ['csr:create', { profileId: 'generic-server', keyAlgorithm: 'rsa-1024', securityLevel: 'high', subject: {}, password: 'hunter2-secret' }],
      ['csr:save', { requestId: '../../etc/passwd', format: 'csr' }],
      ['app:info', { extra: true }],
      ['certs:list', { expiringDays: -1 }],
      ['request:complete', 'not an object'],
      ['key:backup', { id: 'x'.repeat(500) }],
    ] as const;
    for (const [channel, payload] of bad) {
      const env = (await ipc.invoke(channel, TOP(APP), payload)) as Envelope<unknown>;
      assert.equal(!env.ok && env.error.code, 'IPC_INVALID_PAYLOAD', channel);
      assert.doesNotMatch(JSON.stringify(env), /hunter2/);
    }
    assert.deepEqual(reached, []);
  });

  test('should treat a missing payload as {} and ignore extra arguments', async () => {
    const { ipc } = setup();
    const env = (await ipc.invoke('app:info', TOP(APP))) as Envelope<unknown>;
    assert.equal(env.ok, true);
    const env2 = (await ipc.invoke('app:info', TOP(APP), {}, { smuggled: true })) as Envelope<unknown>;
    assert.equal(env2.ok, true);
  });

  test('senderInfoOf should read the frame URL and whether it is the top frame', () => {
    assert.deepEqual(senderInfoOf({ senderFrame: TOP(APP) }), { origin: APP, isMainFrame: true });
    assert.deepEqual(senderInfoOf({ senderFrame: CHILD(APP) }), { origin: APP, isMainFrame: false });
    assert.deepEqual(senderInfoOf({ senderFrame: null }), { origin: '', isMainFrame: false });
    assert.deepEqual(senderInfoOf({} as never), { origin: '', isMainFrame: false });
  });
});
