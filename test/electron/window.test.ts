import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createMainWindow, focusWindow, lockWebContents } from '../../electron/main/window';
import { buildMenuTemplate } from '../../electron/main/menu';
import { FakeShell, FakeWebContents, fakeEvent, makeFakeBrowserWindow, type Call } from './fakes';

describe('main window', () => {
  test('should be built with isolation, sandbox, no Node, web security and no webview', () => {
    const log: Call[] = [];
    const BW = makeFakeBrowserWindow(log);
    const win = createMainWindow(BW, { preloadPath: '/app/dist/electron/preload.js', devTools: false });
    assert.deepEqual(win.options.webPreferences, {
      preload: '/app/dist/electron/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: false,
    });
    assert.equal(win.options.show, false, 'shown only when painted');
    assert.deepEqual(win.loaded, ['app://certwiz/index.html']);
    assert.equal(win.shown, 0);
    win.emit('ready-to-show');
    assert.equal(win.shown, 1);
  });

  test('should bring a minimised window forward for a second instance', () => {
    const log: Call[] = [];
    const BW = makeFakeBrowserWindow(log);
    const win = createMainWindow(BW, { preloadPath: 'p', devTools: true });
    win.minimized = true;
    focusWindow(win);
    assert.equal(win.minimized, false);
    assert.equal(win.focused, 1);
    focusWindow(null); // no window yet: nothing to do, no throw
  });
});

describe('navigation lock', () => {
  function locked() {
    const wc = new FakeWebContents();
    const shell = new FakeShell();
    lockWebContents(wc, shell);
    return { wc, shell };
  }

  test('should prevent every top-level navigation, even to our own origin', () => {
    const { wc, shell } = locked();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://certwiz/other.html']) {
      const e = fakeEvent(url);
      wc.emit('will-navigate', e, url);
      assert.equal(e.prevented, true, url);
    }
    assert.deepEqual(shell.opened, []);
  });

  test('should open an allow-listed CA link in the browser instead of navigating', () => {
    const { wc, shell } = locked();
    const e = fakeEvent('https://www.ecert.gov.hk/en/sc/index.html');
    wc.emit('will-navigate', e);
    assert.equal(e.prevented, true);
    assert.deepEqual(shell.opened, ['https://www.ecert.gov.hk/en/sc/index.html']);
  });

  test('should deny every new window and hand only allow-listed https links to the OS', () => {
    const { wc, shell } = locked();
    assert.deepEqual(wc.openHandler!({ url: 'https://evil.example/' }), { action: 'deny' });
    assert.deepEqual(wc.openHandler!({ url: 'app://certwiz/index.html' }), { action: 'deny' });
    assert.deepEqual(wc.openHandler!({ url: 'https://www.hongkongpost.gov.hk/' }), { action: 'deny' });
    assert.deepEqual(shell.opened, ['https://www.hongkongpost.gov.hk/']);
  });

  test('should refuse webviews, foreign frame navigations and foreign redirects', () => {
    const { wc } = locked();
    const webview = fakeEvent();
    wc.emit('will-attach-webview', webview, {}, {});
    assert.equal(webview.prevented, true);
    const frameOut = fakeEvent('https://evil.example/');
    wc.emit('will-frame-navigate', frameOut);
    assert.equal(frameOut.prevented, true);
    const frameIn = fakeEvent('app://certwiz/index.html');
    wc.emit('will-frame-navigate', frameIn);
    assert.equal(frameIn.prevented, false);
    const redirect = fakeEvent('https://evil.example/');
    wc.emit('will-redirect', redirect);
    assert.equal(redirect.prevented, true);
  });
});

describe('application menu', () => {
  const roles = (t: ReturnType<typeof buildMenuTemplate>): string[] =>
    t.flatMap((i) => [String(i.role ?? ''), ...roles((i.submenu as ReturnType<typeof buildMenuTemplate>) ?? [])]).filter(Boolean);

  test('should have edit roles, and developer tools only in development', () => {
    const opened: string[] = [];
    const prod = buildMenuTemplate({ platform: 'linux', appName: 'Certwiz', devTools: false, openExternal: (u) => opened.push(u) });
    for (const r of ['copy', 'paste', 'cut', 'selectAll', 'quit']) assert.ok(roles(prod).includes(r), r);
    assert.ok(!roles(prod).includes('toggleDevTools'));
    assert.ok(!roles(prod).includes('reload'));
    const dev = buildMenuTemplate({ platform: 'linux', appName: 'Certwiz', devTools: true, openExternal: () => {} });
    assert.ok(roles(dev).includes('toggleDevTools'));
    const mac = buildMenuTemplate({ platform: 'darwin', appName: 'Certwiz', devTools: false, openExternal: () => {} });
    assert.equal(mac[0]!.label, 'Certwiz');
    const help = prod.find((i) => i.role === 'help')!;
    (help.submenu as { click: () => void }[])[0]!.click();
    assert.deepEqual(opened, ['https://www.ecert.gov.hk/']);
  });
});
