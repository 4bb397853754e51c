import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startElectronShell, dataDirFor, type ElectronLike, type CoreOptions } from '../../electron/main/app';
import { createCore } from '../../electron/core/service';
import { createFallbackProtector } from '../../electron/core/medium';
import { CHANNELS, type CertwizApi, type Envelope, type AppInfo } from '../../shared/ipc';
import { FakeEmitter, FakeIpcMain, FakeSession, FakeShell, TOP, CHILD, fakeEvent, fakeSafeStorage, makeFakeBrowserWindow, type Call } from './fakes';

function fakeElectron(opts: { lock?: boolean; backend?: string; home: string; saveTo?: string | null }) {
  const log: Call[] = [];
  const app = Object.assign(new FakeEmitter(), {
    isPackaged: true,
    readyResolve: (() => {}) as () => void,
    enableSandbox: () => log.push(['app.enableSandbox']),
    requestSingleInstanceLock: () => (log.push(['app.requestSingleInstanceLock']), opts.lock ?? true),
    quit: () => log.push(['app.quit']),
    exit: (code?: number) => log.push(['app.exit', code]),
    whenReady: () => new Promise<void>((r) => (app.readyResolve = r)),
    getPath: (name: string) => path.join(opts.home, `path-${name}`),
    setPath: (name: string, p: string) => log.push(['app.setPath', name, p]),
    getVersion: () => '0.1.0',
    getLocale: () => 'zh-HK',
    getName: () => 'Certwiz',
  });
  const session = new FakeSession();
  const ipcMain = new FakeIpcMain();
  const shell = new FakeShell();
  const BrowserWindow = makeFakeBrowserWindow(log);
  const dialogCalls: unknown[][] = [];
  const electron = {
    app,
    BrowserWindow,
    ipcMain,
    protocol: {
      registerSchemesAsPrivileged: (s: unknown) => log.push(['protocol.registerSchemesAsPrivileged', s]),
      handle: (scheme: string) => log.push(['protocol.handle', scheme]),
    },
    session: { defaultSession: session },
    safeStorage: fakeSafeStorage({ available: true, backend: opts.backend ?? 'basic_text', asyncApi: true }),
    dialog: {
      showSaveDialog: async (win: unknown, o: Record<string, unknown>) => (dialogCalls.push(['save', win, o]), opts.saveTo ? { canceled: false, filePath: opts.saveTo } : { canceled: true }),
      showOpenDialog: async (win: unknown, o: Record<string, unknown>) => (dialogCalls.push(['open', win, o]), { canceled: true, filePaths: [] }),
      showErrorBox: (title: string, content: string) => log.push(['dialog.showErrorBox', title, content]),
    },
    shell,
    Menu: {
      buildFromTemplate: (t: unknown) => ({ template: t }),
      setApplicationMenu: (m: unknown) => log.push(['Menu.setApplicationMenu', m]),
    },
  };
  return { electron, log, app, session, ipcMain, shell, BrowserWindow, dialogCalls };
}

const names = (log: Call[]) => log.map((c) => c[0]);

describe('Electron shell start-up', () => {
  test('should do the before-ready steps in order, then lock the session, serve app://, wire IPC and open one window', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-app-'));
    const f = fakeElectron({ home });
    let coreOpts: CoreOptions | undefined;
    const shell = startElectronShell(f.electron as unknown as ElectronLike, {
      createCore: (o) => ((coreOpts = o), createCore(o)),
      createFallbackProtector,
    }, { env: { CERTWIZ_HOME: home }, platform: 'linux', rendererDir: '/app/dist/renderer', preloadPath: '/app/dist/electron/preload.js' });

    assert.deepEqual(names(f.log), ['protocol.registerSchemesAsPrivileged', 'app.enableSandbox', 'app.setPath', 'app.requestSingleInstanceLock']);
    assert.deepEqual(f.log[2], ['app.setPath', 'userData', path.join(home, 'electron-profile')]);
    assert.equal(f.ipcMain.handlers.size, 0, 'nothing answers before ready');
    for (const e of ['second-instance', 'web-contents-created', 'window-all-closed', 'activate']) assert.ok(f.app.listeners.has(e), e);
    f.app.emit('activate');
    f.app.emit('second-instance');
    assert.equal(f.BrowserWindow.instances.length, 0, 'no window before ready');

    f.app.readyResolve();
    await shell.ready;
    assert.deepEqual(names(f.log).slice(4), ['protocol.handle', 'Menu.setApplicationMenu', 'BrowserWindow', 'loadURL']);
    assert.ok(f.session.requestHandler && f.session.checkHandler && f.session.beforeRequest, 'session locked');
    assert.deepEqual([...f.ipcMain.handlers.keys()].sort(), [...CHANNELS].sort());
    const win = f.BrowserWindow.instances[0]!;
    assert.equal(win.options.webPreferences.preload, '/app/dist/electron/preload.js');
    assert.equal(win.options.webPreferences.devTools, false, 'packaged: no devtools');
    assert.deepEqual(win.loaded, ['app://certwiz/index.html']);

    // The core got the data dir, the honest protector and the native save dialog.
    assert.equal(coreOpts!.dataDir, home);
    assert.equal(coreOpts!.shell, 'electron');
    assert.equal(coreOpts!.locale, 'zh-HK');
    assert.equal(coreOpts!.medium.kind, 'fallback-file', 'basic_text is not a keyring');
    assert.equal(shell.medium()!.reason, 'basic_text');
    assert.equal(typeof coreOpts!.saveFile, 'function');

    // A real request from our page reaches the real core and says how Medium keys are kept.
    const env = (await f.ipcMain.invoke('app:info', TOP('app://certwiz/index.html'), {})) as Envelope<AppInfo>;
    assert.equal(env.ok, true);
    assert.equal(env.ok && env.value.mediumProtection, 'fallback-file');
    assert.equal(env.ok && env.value.shell, 'electron');
    const refused = (await f.ipcMain.invoke('app:info', CHILD('app://certwiz/index.html'), {})) as Envelope<AppInfo>;
    assert.equal(!refused.ok && refused.error.code, 'IPC_FORBIDDEN');
    fs.rmSync(home, { recursive: true, force: true });
  });

  test('should lock every new web contents, focus the window for a second instance, and quit when closed', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-app-'));
    const f = fakeElectron({ home, backend: 'kwallet5' });
    const fakeCore = Object.fromEntries(CHANNELS.map((c) => [c, async () => ({})])) as unknown as CertwizApi;
    const s = startElectronShell(f.electron as unknown as ElectronLike, { createCore: () => fakeCore, createFallbackProtector }, {
      env: {}, platform: 'linux', rendererDir: 'r', preloadPath: 'p',
    });
    f.app.readyResolve();
    await s.ready;
    assert.equal(s.medium()!.protector.kind, 'os-keyring');
    assert.equal(f.log.some((c) => c[0] === 'app.setPath'), false, 'no CERTWIZ_HOME: Electron userData untouched');

    const contents = new (class extends FakeEmitter { openHandler?: (d: { url: string }) => unknown; setWindowOpenHandler(h: (d: { url: string }) => unknown) { this.openHandler = h; } })();
    f.app.emit('web-contents-created', {}, contents);
    const nav = fakeEvent('https://evil.example/');
    contents.emit('will-navigate', nav);
    assert.equal(nav.prevented, true);
    assert.deepEqual(contents.openHandler!({ url: 'https://evil.example/' }), { action: 'deny' });

    const win = f.BrowserWindow.instances[0]!;
    win.minimized = true;
    f.app.emit('second-instance', {}, ['certwiz'], '/');
    assert.equal(win.minimized, false);
    assert.equal(win.focused, 1);

    // macOS: the dock icon reopens a window once the last one closed; never before ready.
    win.emit('closed');
    assert.equal(s.window(), null);
    f.app.emit('activate');
    assert.equal(f.BrowserWindow.instances.length, 2);

    f.app.emit('window-all-closed');
    assert.equal(f.log.filter((c) => c[0] === 'app.quit').length, 1);
    fs.rmSync(home, { recursive: true, force: true });
  });

  test('should quit at once without a window when another instance holds the lock', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-app-'));
    const f = fakeElectron({ home, lock: false });
    const s = startElectronShell(f.electron as unknown as ElectronLike, { createCore: () => { throw new Error('must not run'); }, createFallbackProtector }, {
      env: {}, platform: 'linux', rendererDir: 'r', preloadPath: 'p',
    });
    await s.ready;
    assert.deepEqual(names(f.log), ['protocol.registerSchemesAsPrivileged', 'app.enableSandbox', 'app.requestSingleInstanceLock', 'app.quit']);
    assert.equal(f.app.listeners.size, 0);
    fs.rmSync(home, { recursive: true, force: true });
  });

  test('should show a native error box and exit 1 when the core cannot start', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-app-'));
    const f = fakeElectron({ home });
    const s = startElectronShell(f.electron as unknown as ElectronLike, { createCore: () => { throw new Error('data dir is read-only'); }, createFallbackProtector }, {
      env: {}, platform: 'linux', rendererDir: 'r', preloadPath: 'p',
    });
    f.app.readyResolve();
    await s.ready;
    assert.deepEqual(f.log.slice(-2), [['dialog.showErrorBox', 'Certwiz could not start', 'data dir is read-only'], ['app.exit', 1]]);
    assert.equal(f.BrowserWindow.instances.length, 0);
    fs.rmSync(home, { recursive: true, force: true });
  });

  test('saveFile should show the native save dialog with the suggested name, and map cancel to null', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-app-'));
    for (const saveTo of [path.join(home, 'chosen.csr'), null]) {
      const f = fakeElectron({ home, saveTo });
      let coreOpts: CoreOptions | undefined;
      const fakeCore = Object.fromEntries(CHANNELS.map((c) => [c, async () => ({})])) as unknown as CertwizApi;
      const s = startElectronShell(f.electron as unknown as ElectronLike, { createCore: (o) => ((coreOpts = o), fakeCore), createFallbackProtector }, {
        env: {}, platform: 'linux', rendererDir: 'r', preloadPath: 'p',
      });
      f.app.readyResolve();
      await s.ready;
      const got = await coreOpts!.saveFile!({ defaultName: '../../etc/www.example.com.csr', filters: [{ name: 'Certificate request', extensions: ['csr'] }] });
      assert.equal(got, saveTo);
      const [kind, win, o] = f.dialogCalls[0] as [string, unknown, Record<string, any>];
      assert.equal(kind, 'save');
      assert.equal(win, f.BrowserWindow.instances[0], 'modal to the main window');
      assert.equal(o.defaultPath, path.join(home, 'path-documents', 'www.example.com.csr'), 'name only, no folders from the request');
      assert.deepEqual(o.filters[0], { name: 'Certificate request', extensions: ['csr'] });
      assert.ok(o.properties.includes('showOverwriteConfirmation'));
    }
    fs.rmSync(home, { recursive: true, force: true });
  });

  test('openFile (file:open, issue 3) should show the native open dialog in main, modal to the window, and map cancel to null', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-app-'));
    const f = fakeElectron({ home });
    let coreOpts: CoreOptions | undefined;
    const fakeCore = Object.fromEntries(CHANNELS.map((c) => [c, async () => ({})])) as unknown as CertwizApi;
    const s = startElectronShell(f.electron as unknown as ElectronLike, { createCore: (o) => ((coreOpts = o), fakeCore), createFallbackProtector }, {
      env: {}, platform: 'linux', rendererDir: 'r', preloadPath: 'p',
    });
    f.app.readyResolve();
    await s.ready;
    assert.equal(await coreOpts!.openFile!({ filters: [{ name: 'PFX', extensions: ['pfx', 'p12'] }] }), null);
    const [kind, win, o] = f.dialogCalls[0] as [string, unknown, Record<string, any>];
    assert.equal(kind, 'open');
    assert.equal(win, f.BrowserWindow.instances[0]);
    assert.deepEqual(o.filters[0], { name: 'PFX', extensions: ['pfx', 'p12'] });
    assert.deepEqual(o.properties, ['openFile']);
    fs.rmSync(home, { recursive: true, force: true });
  });

  test('dataDirFor should prefer CERTWIZ_HOME, else the same platform dir as the CLI', () => {
    assert.equal(dataDirFor({ CERTWIZ_HOME: '/tmp/x' }, 'linux'), '/tmp/x');
    assert.equal(dataDirFor({ CERTWIZ_HOME: '  ', XDG_DATA_HOME: '/xdg' }, 'linux'), '/xdg/certwiz');
    assert.equal(dataDirFor({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32'), 'C:\\Users\\a\\AppData\\Roaming\\Certwiz');
  });
});
