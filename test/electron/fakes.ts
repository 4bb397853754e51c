/**
 * A tiny fake of the parts of Electron the shell calls, recording every call.
 *
 * No Electron binary exists on this machine, so the shell's modules take Electron as a
 * parameter and these fakes stand in; tests assert the exact calls and drive the recorded
 * handlers (navigation events, permission requests, IPC invokes) the way Electron would.
 */
export type Call = [string, ...unknown[]];

export class FakeEmitter {
  listeners = new Map<string, ((...args: any[]) => void)[]>();
  on(event: string, listener: (...args: any[]) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: (...args: any[]) => void) {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]) {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
}

/** An Electron-like event: records preventDefault. */
export function fakeEvent(url?: string) {
  return {
    url,
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
}

export class FakeWebContents extends FakeEmitter {
  openHandler?: (d: { url: string }) => { action: 'deny' } | { action: 'allow' };
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' } | { action: 'allow' }) {
    this.openHandler = h;
  }
}

export class FakeShell {
  opened: string[] = [];
  async openExternal(url: string) {
    this.opened.push(url);
  }
}

export function makeFakeBrowserWindow(log: Call[]) {
  return class FakeBrowserWindow extends FakeEmitter {
    static instances: FakeBrowserWindow[] = [];
    options: Record<string, any>;
    webContents = new FakeWebContents();
    shown = 0;
    focused = 0;
    minimized = false;
    loaded: string[] = [];
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      FakeBrowserWindow.instances.push(this);
      log.push(['BrowserWindow', options]);
    }
    show() {
      this.shown += 1;
    }
    focus() {
      this.focused += 1;
    }
    isMinimized() {
      return this.minimized;
    }
    restore() {
      this.minimized = false;
      log.push(['restore']);
    }
    async loadURL(url: string) {
      this.loaded.push(url);
      log.push(['loadURL', url]);
    }
  };
}

export class FakeIpcMain {
  handlers = new Map<string, (event: any, ...args: any[]) => unknown>();
  handle(channel: string, listener: (event: any, ...args: any[]) => unknown) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  /** What Electron does on `ipcRenderer.invoke(channel, payload)` from a frame. */
  async invoke(channel: string, frame: { url: string; parent: unknown; detached?: boolean } | null, ...args: unknown[]) {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return h({ senderFrame: frame }, ...args);
  }
}

export const TOP = (url: string) => ({ url, parent: null, detached: false });
export const CHILD = (url: string) => ({ url, parent: TOP('app://certwiz/index.html'), detached: false });

export class FakeSession {
  requestHandler?: (wc: unknown, permission: string, cb: (g: boolean) => void, details: { requestingUrl?: string }) => void;
  checkHandler?: (wc: unknown, permission: string, origin: string, details: { requestingUrl?: string }) => boolean;
  beforeRequest?: { filter: { urls: string[] }; listener: (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void };
  setPermissionRequestHandler(h: NonNullable<FakeSession['requestHandler']>) {
    this.requestHandler = h;
  }
  setPermissionCheckHandler(h: NonNullable<FakeSession['checkHandler']>) {
    this.checkHandler = h;
  }
  webRequest = {
    onBeforeRequest: (filter: { urls: string[] }, listener: NonNullable<FakeSession['beforeRequest']>['listener']) => {
      this.beforeRequest = { filter, listener };
    },
  };
  /** Asks the request handler like Chromium would; resolves with the decision. */
  request(permission: string, requestingUrl: string): Promise<boolean> {
    return new Promise((resolve) => this.requestHandler!({}, permission, resolve, { requestingUrl }));
  }
}

/** safeStorage with a reversible "encryption" so tests can see what was stored. */
export function fakeSafeStorage(opts: { available: boolean; backend?: string; asyncApi?: boolean }) {
  const calls: string[] = [];
  const seal = (s: string) => Buffer.from(`sealed(${Buffer.from(s).toString('hex')})`);
  const open = (b: Buffer) => {
    const m = /^sealed\(([0-9a-f]*)\)$/.exec(b.toString());
    if (!m) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(m[1], 'hex').toString();
  };
  const base = {
    calls,
    isEncryptionAvailable: () => (calls.push('isEncryptionAvailable'), opts.available),
    encryptString: (s: string) => (calls.push('encryptString'), seal(s)),
    decryptString: (b: Buffer) => (calls.push('decryptString'), open(b)),
    getSelectedStorageBackend: () => (calls.push('getSelectedStorageBackend'), opts.backend ?? 'gnome_libsecret'),
  };
  if (!opts.asyncApi) return base;
  return {
    ...base,
    isAsyncEncryptionAvailable: async () => (calls.push('isAsyncEncryptionAvailable'), opts.available),
    encryptStringAsync: async (s: string) => (calls.push('encryptStringAsync'), seal(s)),
    decryptStringAsync: async (b: Buffer) => (calls.push('decryptStringAsync'), { result: open(b), shouldReEncrypt: false }),
  };
}
