import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startElectronShell, type ElectronLike } from '../../electron/main/app';
import { quitAfterRelease } from '../../electron/main/shutdown';
import { createFallbackProtector } from '../../electron/core/medium';
import { CHANNELS, type CertwizApi } from '../../shared/ipc';
import { FakeEmitter, FakeIpcMain, FakeSession, FakeShell, fakeEvent, fakeSafeStorage, makeFakeBrowserWindow, type Call } from './fakes';

function fakeElectron() {
  const log: Call[] = [];
  const app = Object.assign(new FakeEmitter(), {
    isPackaged: true,
    readyResolve: (() => {}) as () => void,
    enableSandbox: () => undefined,
    requestSingleInstanceLock: () => true,
    quit: () => log.push(['app.quit']),
    exit: (code?: number) => log.push(['app.exit', code]),
    whenReady: () => new Promise<void>((r) => (app.readyResolve = r)),
    getPath: (name: string) => `/nonexistent/${name}`,
    setPath: () => undefined,
    getVersion: () => '0.1.0',
    getLocale: () => 'en-US',
    getName: () => 'Certwiz',
  });
  const electron = {
    app,
    BrowserWindow: makeFakeBrowserWindow(log),
    ipcMain: new FakeIpcMain(),
    protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
    session: { defaultSession: new FakeSession() },
    safeStorage: fakeSafeStorage({ available: true, backend: 'kwallet5', asyncApi: true }),
    dialog: { showSaveDialog: async () => ({ canceled: true }), showOpenDialog: async () => ({ canceled: true, filePaths: [] }), showErrorBox: () => undefined },
    shell: new FakeShell(),
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => undefined },
  };
  return { electron, app, log };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('Electron quit (will-quit releases cards and the PFX worker)', () => {
  test('should hold the first will-quit, run the release once, then quit; the second will-quit passes', async () => {
    const f = fakeElectron();
    const released: string[] = [];
    const fakeCore = Object.fromEntries(CHANNELS.map((c) => [c, async () => ({})])) as unknown as CertwizApi;
    startElectronShell(f.electron as unknown as ElectronLike, {
      createCore: () => fakeCore,
      createFallbackProtector,
      release: async () => {
        released.push('finalizeAll+stopPfxWorker');
      },
    }, { env: {}, platform: 'linux', rendererDir: 'r', preloadPath: 'p' });
    assert.equal(f.app.listeners.get('will-quit')?.length, 1);

    const first = fakeEvent();
    f.app.emit('will-quit', first);
    assert.equal(first.prevented, true, 'quit held until the release is done');
    const again = fakeEvent();
    f.app.emit('will-quit', again); // a second Cmd+Q while releasing: still held, no second release
    assert.equal(again.prevented, true);
    await tick();
    await tick();
    assert.deepEqual(released, ['finalizeAll+stopPfxWorker']);
    assert.equal(f.log.filter((c) => c[0] === 'app.quit').length, 1, 'quits again after the release');

    const last = fakeEvent();
    f.app.emit('will-quit', last);
    assert.equal(last.prevented, false, 'the quit that follows the release goes through');
    assert.deepEqual(released, ['finalizeAll+stopPfxWorker']);
  });

  test('a release that throws or hangs never keeps the app open', async () => {
    const quits: number[] = [];
    const app = { quit: () => quits.push(1) };
    quitAfterRelease(app, () => {
      throw new Error('pkcs11js missing');
    })(fakeEvent());
    await tick();
    await tick();
    assert.equal(quits.length, 1);

    const hung = quitAfterRelease(app, () => new Promise<void>(() => undefined), 20);
    hung(fakeEvent());
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(quits.length, 2);
  });

  test('the default release finalises loaded PKCS#11 libraries and stops the PFX worker (real modules)', async () => {
    const { releaseNativeResources } = await import('../../electron/main/shutdown');
    const off = await import('../../electron/core/pkcs12/offthread');
    // Start the worker with a real call (a bad file is enough), then release: a later call starts a new one.
    await assert.rejects(off.inspectPfxAsync(new Uint8Array([1, 2, 3]), ''));
    await releaseNativeResources();
    await assert.rejects(off.inspectPfxAsync(new Uint8Array([1, 2, 3]), ''));
    await off.stopPfxWorker();
  });
});

describe('Electron quit with a hung card library (shutdown.ts hard exit)', () => {
  /** An app that records quit() and can emit 'quit' like Electron does after will-quit passes. */
  function fakeApp() {
    const log: string[] = [];
    const app = Object.assign(new FakeEmitter(), { quit: () => log.push('quit') });
    return { app, log };
  }

  test('a library still hung after the release: quit as usual, then SIGKILL on the app’s quit event, once', async () => {
    const { app, log } = fakeApp();
    const onWillQuit = quitAfterRelease(app, async () => undefined, 1000, { hungCheck: () => true, kill: () => log.push('kill'), graceMs: 40 });
    onWillQuit(fakeEvent());
    await tick();
    await tick();
    assert.deepEqual(log, ['quit'], 'the normal quit goes first (windows close, will-quit passes)');
    app.emit('quit');
    assert.deepEqual(log, ['quit', 'kill'], 'ended at the last JS moment, before Node joins the stuck thread');
    await new Promise((r) => setTimeout(r, 80));
    assert.deepEqual(log, ['quit', 'kill'], 'the grace timer does not kill twice');
  });

  test('when the quit event never comes, the grace timer ends the process', async () => {
    const { app, log } = fakeApp();
    quitAfterRelease(app, async () => undefined, 1000, { hungCheck: () => true, kill: () => log.push('kill'), graceMs: 30 })(fakeEvent());
    await tick();
    await tick();
    assert.deepEqual(log, ['quit']);
    await new Promise((r) => setTimeout(r, 80));
    assert.deepEqual(log, ['quit', 'kill']);
  });

  test('no hung library, or the driver came back before the end: no kill, no quit listener', async () => {
    const healthy = fakeApp();
    quitAfterRelease(healthy.app, async () => undefined, 1000, { hungCheck: () => false, kill: () => healthy.log.push('kill'), graceMs: 20 })(fakeEvent());
    await tick();
    await tick();
    assert.equal(healthy.app.listeners.get('quit'), undefined);

    const recovered = fakeApp();
    let hung = true;
    quitAfterRelease(recovered.app, async () => undefined, 1000, { hungCheck: () => hung, kill: () => recovered.log.push('kill'), graceMs: 20 })(fakeEvent());
    await tick();
    await tick();
    hung = false; // the driver answered: Node can join the thread, a normal end is better
    recovered.app.emit('quit');
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(healthy.log, ['quit']);
    assert.deepEqual(recovered.log, ['quit']);
  });

  test('a release that hangs past its timeout still gets the hung check and the kill; a throwing check is “not hung”', async () => {
    const { app, log } = fakeApp();
    quitAfterRelease(app, () => new Promise<void>(() => undefined), 20, { hungCheck: () => true, kill: () => log.push('kill'), graceMs: 10 })(fakeEvent());
    await new Promise((r) => setTimeout(r, 80));
    assert.deepEqual(log, ['quit', 'kill']);

    const other = fakeApp();
    quitAfterRelease(other.app, async () => undefined, 1000, {
      hungCheck: () => {
        throw new Error('module gone');
      },
      kill: () => other.log.push('kill'),
      graceMs: 10,
    })(fakeEvent());
    await new Promise((r) => setTimeout(r, 40));
    assert.deepEqual(other.log, ['quit']);
  });
});
