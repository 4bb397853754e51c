/**
 * The Electron shell's lifecycle: single instance, locked-down sessions and windows, the app://
 * protocol, the honest Medium protector, the core behind the IPC sender check, one window.
 *
 * Everything Electron is passed in as one object (main.ts hands over the real module), so a test
 * drives the whole start-up with a fake and asserts the exact calls; nothing here imports
 * 'electron'. The core is the same plain-Node core the CLI and the browser shell run.
 */
import { join } from 'node:path';
import type { CertwizApi } from '../../shared/ipc';
import type { MediumProtector } from '../core/medium';
import { defaultDataDir } from '../core/paths';
import { createDispatcher, type DispatchLog } from '../ipc/dispatch';
import { createOpenFile, createSaveFile, type DialogLike, type OpenFile, type SaveFile } from './dialogs';
import { registerIpcHandlers, type IpcMainLike } from './ipc-main';
import { buildMenuTemplate, type MenuItemTemplate } from './menu';
import { registerAppScheme, serveAppProtocol, type ProtocolHandlerHost, type SchemeRegistrar } from './protocol';
import { chooseMediumProtector, type ChosenProtector, type SafeStorageLike } from './safe-storage';
import { isTrustedSender } from './security';
import { notifyExpiring, type NotificationClass } from './expiry-notice';
import { lockSession, type SessionLike } from './session';
import { quitAfterRelease, releaseNativeResources } from './shutdown';
import { createMainWindow, focusWindow, lockWebContents, openExternalIfAllowed, type ExternalOpener, type LockableContents, type WindowFactory, type WindowLike } from './window';

/** The slice of the `electron` module the shell uses. */
export interface ElectronLike {
  app: {
    isPackaged: boolean;
    enableSandbox(): void;
    requestSingleInstanceLock(): boolean;
    quit(): void;
    exit(code?: number): void;
    on(event: string, listener: (...args: any[]) => void): unknown;
    whenReady(): Promise<unknown>;
    getPath(name: 'userData' | 'documents' | 'downloads'): string;
    setPath(name: 'userData', path: string): void;
    getVersion(): string;
    getLocale(): string;
    getName(): string;
  };
  BrowserWindow: WindowFactory<WindowLike & { on(event: 'closed', listener: () => void): unknown }>;
  ipcMain: IpcMainLike;
  protocol: SchemeRegistrar & ProtocolHandlerHost;
  session: { defaultSession: SessionLike };
  safeStorage: SafeStorageLike;
  dialog: DialogLike & { showErrorBox(title: string, content: string): void };
  shell: ExternalOpener;
  Menu: { buildFromTemplate(template: MenuItemTemplate[]): unknown; setApplicationMenu(menu: unknown): void };
  /** System notifications (expiry notice on start, issue 6); absent in fakes that do not need it. */
  Notification?: NotificationClass;
}

export interface CoreOptions {
  dataDir: string;
  medium: MediumProtector;
  shell: 'electron';
  version: string;
  locale?: string;
  saveFile?: SaveFile;
  /** file:open (issue 3): main shows the dialog and reads the file; the renderer gets a handle. */
  openFile?: OpenFile;
}

export interface ShellDeps {
  createCore(opts: CoreOptions): CertwizApi | Promise<CertwizApi>;
  createFallbackProtector(dataDir: string): MediumProtector;
  log?: DispatchLog;
  /** Run on `will-quit` before the process ends; default: PKCS#11 finalizeAll + stopPfxWorker (./shutdown.ts). */
  release?: () => void | Promise<void>;
}

export interface ShellOptions {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** dist/renderer, served on app://certwiz/. */
  rendererDir: string;
  /** dist/electron/preload.js. */
  preloadPath: string;
}

/**
 * The data dir: $CERTWIZ_HOME, else the same platform dir the CLI and the browser shell use
 * (electron/core/paths.ts). Electron's own userData on Linux is ~/.config/Certwiz, which would
 * give the desktop app a key store the CLI cannot see; one store for every shell is what a
 * user expects ("certwiz list" shows what the wizard made). userData stays Chromium's profile.
 */
export function dataDirFor(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  return defaultDataDir(env, platform);
}

export interface RunningShell {
  /** Settles once the window exists (or start-up failed and the app is exiting). */
  ready: Promise<void>;
  window(): WindowLike | null;
  medium(): ChosenProtector | null;
}

export function startElectronShell(electron: ElectronLike, deps: ShellDeps, opts: ShellOptions): RunningShell {
  const { app } = electron;
  let win: (WindowLike & { on(event: 'closed', listener: () => void): unknown }) | null = null;
  let chosen: ChosenProtector | null = null;

  // Before ready: privileged scheme, sandbox for every renderer, and a separate Chromium profile
  // when CERTWIZ_HOME isolates a run (tests, a second profile), which also scopes the lock.
  registerAppScheme(electron.protocol);
  app.enableSandbox();
  if (opts.env.CERTWIZ_HOME?.trim()) app.setPath('userData', join(opts.env.CERTWIZ_HOME.trim(), 'electron-profile'));

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ready: Promise.resolve(), window: () => null, medium: () => null };
  }

  const devTools = !app.isPackaged;
  const openWindow = () => {
    win = createMainWindow(electron.BrowserWindow, { preloadPath: opts.preloadPath, devTools });
    win.on('closed', () => {
      win = null;
    });
  };

  app.on('second-instance', () => focusWindow(win));
  // Cards' libraries finalised and the PFX worker stopped before the process ends (./shutdown.ts).
  app.on('will-quit', quitAfterRelease(app, deps.release ?? releaseNativeResources));
  app.on('web-contents-created', (_event: unknown, contents: LockableContents) => lockWebContents(contents, electron.shell));
  app.on('window-all-closed', () => {
    if (opts.platform !== 'darwin') app.quit();
  });
  let started = false;
  app.on('activate', () => {
    // macOS dock click with no window open; before ready the start-up below opens it.
    if (started && !win) openWindow();
  });

  const ready = app.whenReady().then(async () => {
    lockSession(electron.session.defaultSession);
    serveAppProtocol(electron.protocol, opts.rendererDir);
    const dataDir = dataDirFor(opts.env, opts.platform);
    chosen = await chooseMediumProtector({
      safeStorage: electron.safeStorage,
      platform: opts.platform,
      fallback: deps.createFallbackProtector(dataDir),
    });
    const saveFile = createSaveFile(electron.dialog, () => win, () => app.getPath('documents'));
    const openFile = createOpenFile(electron.dialog, () => win, () => app.getPath('documents'));
    const core = await deps.createCore({
      dataDir,
      medium: chosen.protector,
      shell: 'electron',
      version: app.getVersion(),
      locale: app.getLocale(),
      saveFile,
      openFile,
    });
    registerIpcHandlers(electron.ipcMain, createDispatcher(core, isTrustedSender, deps.log));
    const template = buildMenuTemplate({
      platform: opts.platform,
      appName: app.getName(),
      devTools,
      openExternal: (url) => openExternalIfAllowed(electron.shell, url),
    });
    electron.Menu.setApplicationMenu(electron.Menu.buildFromTemplate(template));
    openWindow();
    started = true;
    // Certificates expiring within 30 days, as a system notification (issue 6); never blocks start-up.
    void notifyExpiring(core, electron.Notification, app.getLocale(), () => focusWindow(win));
  });

  const settled = ready.catch((err: unknown) => {
    // No window to show it in: a native box with the reason, then exit (never a stack trace).
    const reason = err instanceof Error ? err.message : String(err);
    electron.dialog.showErrorBox('Certwiz could not start', reason);
    app.exit(1);
  });

  return { ready: settled, window: () => win, medium: () => chosen };
}
