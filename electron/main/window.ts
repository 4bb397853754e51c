/**
 * The main window and the navigation lock every web contents gets.
 *
 * Certwiz is one page served from app://certwiz: it never navigates, never opens windows, never
 * embeds a webview (Electron security checklist items 13-15). A link to one of the allow-listed
 * CA sites opens in the user's browser instead; anything else is dropped. Electron objects are
 * passed in (typed structurally) so the same code runs against a fake in plain-Node tests.
 */
import { APP_ENTRY_URL, isAllowedExternalUrl, isAppUrl } from './security';

/** What a navigation event looks like: Electron 45 puts the URL on the event (and, deprecated, as 2nd argument). */
interface NavigationEvent {
  preventDefault(): void;
  url?: string;
}

/** The parts of Electron's WebContents this module touches. */
export interface LockableContents {
  on(event: string, listener: (...args: any[]) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
}

export interface ExternalOpener {
  openExternal(url: string): Promise<void>;
}

/**
 * Opens an allow-listed https URL in the user's browser; anything else is ignored.
 *
 * electronegativity: OPEN_EXTERNAL_JS_CHECK — the only call of shell.openExternal in the app;
 * it is reached only with an https URL whose host is on EXTERNAL_HOSTS (./security.ts).
 */
export function openExternalIfAllowed(shell: ExternalOpener, url: string): boolean {
  if (!isAllowedExternalUrl(url)) return false;
  shell.openExternal(url).catch(() => {
    /* the OS had no handler: nothing the user can act on here */
  });
  return true;
}

/** Applied to every web contents the app creates (app 'web-contents-created'). */
export function lockWebContents(contents: LockableContents, shell: ExternalOpener): void {
  const urlOf = (event: NavigationEvent, legacy: unknown): string =>
    typeof event?.url === 'string' ? event.url : typeof legacy === 'string' ? legacy : '';

  // Top-level navigation: never. An allow-listed link goes to the browser instead.
  contents.on('will-navigate', (event: NavigationEvent, legacyUrl?: unknown) => {
    event.preventDefault();
    openExternalIfAllowed(shell, urlOf(event, legacyUrl));
  });
  // Sub-frames (there are none in our page, but a frame must not load anything foreign).
  contents.on('will-frame-navigate', (event: NavigationEvent) => {
    if (!isAppUrl(urlOf(event, undefined))) event.preventDefault();
  });
  contents.on('will-redirect', (event: NavigationEvent, legacyUrl?: unknown) => {
    if (!isAppUrl(urlOf(event, legacyUrl))) event.preventDefault();
  });
  contents.on('will-attach-webview', (event: NavigationEvent) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(shell, url);
    return { action: 'deny' };
  });
}

/** The parts of Electron's BrowserWindow used here. */
export interface WindowLike {
  webContents: { on(event: string, listener: (...args: any[]) => void): unknown };
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  loadURL(url: string): Promise<void>;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
}

export type WindowFactory<W extends WindowLike> = new (options: Record<string, unknown>) => W;

export interface MainWindowOptions {
  preloadPath: string;
  devTools: boolean;
  title?: string;
  icon?: string;
}

/**
 * Creates the window, shows it once painted, and loads the app page.
 *
 * The options are one literal on purpose: Electronegativity (scripts/electronegativity.mjs) reads
 * `new BrowserWindow({...})` statically and can only vouch for values it sees here.
 * electronegativity: PRELOAD_JS_CHECK — the preload is sandboxed and context-isolated and exposes
 * one named function per contract channel (electron/preload/bridge.ts), never ipcRenderer.
 */
export function createMainWindow<W extends WindowLike>(BrowserWindow: WindowFactory<W>, opts: MainWindowOptions): W {
  const win = new BrowserWindow({
    title: opts.title ?? 'Certwiz',
    width: 1000,
    height: 760,
    minWidth: 640,
    minHeight: 520,
    show: false,
    backgroundColor: '#ffffff',
    ...(opts.icon ? { icon: opts.icon } : {}),
    webPreferences: {
      preload: opts.preloadPath,
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
      devTools: opts.devTools,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.loadURL(APP_ENTRY_URL).catch((err: unknown) => {
    // A missing build is the usual cause; say so once on the console (no page to show it on).
    console.error(`certwiz: could not load ${APP_ENTRY_URL}: ${(err as Error)?.message ?? err}`);
  });
  return win;
}

/** Second instance started: bring the existing window forward instead. */
export function focusWindow(win: WindowLike | null | undefined): void {
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
