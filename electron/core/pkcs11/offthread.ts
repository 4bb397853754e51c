/**
 * The PKCS#11 calls of the shells on a long-lived worker thread per library (token-worker.ts), with
 * a timeout, so Electron main and the browser shell keep answering while a slow reader lists its
 * slots and a hanging driver gives TOKEN_TIMEOUT instead of a frozen app (issue 5 "How": "PKCS#11
 * calls block: use ... a worker so the main process and UI stay responsive; one module instance
 * per library"). Key generation and signing stay on main: pkcs11js already runs them on libuv's
 * pool, and node-webcrypto-p11 needs its session object there.
 *
 * The timeout counts time the worker's event loop is blocked (no heartbeat from it), not total
 * time: a PIN-pad login waits in the login worker while the token worker still beats, so a user
 * typing slowly on the reader is not cut off. After a timeout the hung worker is left to finish
 * (terminating it mid-call could not interrupt the driver, and would skip the clean-up of a
 * half-written object); until it answers again, calls for that library fail fast with
 * TOKEN_TIMEOUT, and requests queued behind the hung call are dropped, never run late.
 *
 * Where the worker code comes from (as for the PFX worker, pkcs12/offthread.ts):
 * - from a bundle (dist/web.js, dist/cli-core.js, dist/electron/main.js): dist/token-worker.js,
 *   read with fs and started as an eval worker (Electron's asar is readable through its fs, a
 *   Worker path inside app.asar is not). Its externals (graphene-pk11, pkcs11js) resolve from the
 *   bundle that starts it, not from the working directory;
 * - from source (tests under tsx): token-worker.ts with tsx's CommonJS hook loaded first;
 * - neither: the same code on this thread, so cards still work (blocking, as before).
 */
import { Worker } from 'node:worker_threads';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { CertwizError, isErrorCode } from '../../../shared/errors';
import type { WriteCertificateOptions, WriteCertificateResult } from './certificate';
import type { ImportToTokenOptions, ImportToTokenResult } from './import';
import { resolveModulePath } from './modules';
import type { TokenWorkerMessage, TokenWorkerReply, TokenWorkerRequest, TokenWorkerResults } from './token-worker';
import type { TokenInfo, TokenTarget } from './types';

/** Default: a driver call that blocks this long is taken as hung. Slow cards answer in seconds. */
const DEFAULT_TIMEOUT_MS = 20_000;

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  /** To run it on this thread when the worker could not start at all (null: its key has moved). */
  retry: { module: string; req: TokenWorkerRequest } | null;
}

interface TokenWorker {
  /** Real path of the library (the map key). */
  library: string;
  worker: Worker;
  pending: Map<number, Pending>;
  /** Shared with the worker: bumped on a timeout so queued requests are dropped. */
  epoch: Int32Array;
  /** Last message (reply or beat) from the worker. */
  lastSeen: number;
  /** Timed out and has not answered since: fail fast. */
  hung: boolean;
  /** Has sent anything (a beat or a reply): it started and loaded its code. */
  answered: boolean;
  watchdog?: ReturnType<typeof setInterval>;
}

const workers = new Map<string, TokenWorker>();
/** Workers stuck in a driver call, also after stopTokenWorkers dropped them from `workers`. */
const hungWorkers = new Set<TokenWorker>();
let nextId = 1;
const options: { timeoutMs?: number; blockMs?: number } = {};
/**
 * Set when a worker died before it ever answered (its code or the native modules would not load
 * in a thread, e.g. a packaging problem): from then on the calls run on this thread, blocking as
 * before this worker existed, rather than cards not working at all.
 */
let workersUnusable = false;

/**
 * Tests only: `timeoutMs` overrides the timeout (else CERTWIZ_PKCS11_TIMEOUT_MS, else 20 s);
 * `blockMs` makes the worker block that long before each call, like a slow or hung driver.
 * Both off by default; pass undefined to reset.
 */
export function setTokenWorkerOptions(o: { timeoutMs?: number; blockMs?: number }): void {
  if ('timeoutMs' in o) options.timeoutMs = o.timeoutMs;
  if ('blockMs' in o) options.blockMs = o.blockMs;
}

export function tokenTimeoutMs(): number {
  if (options.timeoutMs !== undefined) return options.timeoutMs;
  const env = Number(process.env.CERTWIZ_PKCS11_TIMEOUT_MS);
  return Number.isFinite(env) && env > 0 ? env : DEFAULT_TIMEOUT_MS;
}

/** How the worker would be started here: 'bundle' | 'source' | 'inline'. Exported for tests. */
export function tokenWorkerMode(): { mode: 'bundle' | 'source' | 'inline'; source?: string } {
  for (const p of [join(__dirname, 'token-worker.js'), join(__dirname, '..', 'token-worker.js')]) {
    if (existsSync(p)) {
      // The bundle's `require` (for its externals) resolves from the file that starts it.
      const base = typeof __filename === 'string' ? __filename : p;
      const body = readFileSync(p, 'utf8');
      return { mode: 'bundle', source: `(function (require) {\n${body}\n})(require('node:module').createRequire(${JSON.stringify(base)}));` };
    }
  }
  const ts = join(__dirname, 'token-worker.ts');
  if (existsSync(ts)) {
    try {
      const tsx = require.resolve('tsx/cjs');
      return { mode: 'source', source: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(ts)});` };
    } catch {
      // tsx not installed (a packaged app never runs from source).
    }
  }
  return { mode: 'inline' };
}

function timeoutError(module: string): CertwizError {
  return new CertwizError(
    'TOKEN_TIMEOUT',
    'The card reader or its driver is not answering. Check the reader and the card, then try again; if it stays like this, restart Certwiz.',
    { module, timeoutMs: tokenTimeoutMs() },
  );
}

function failAll(w: TokenWorker, err: () => Error): void {
  for (const p of w.pending.values()) p.reject(err());
  w.pending.clear();
  stopWatchdog(w);
}

function stopWatchdog(w: TokenWorker): void {
  if (w.watchdog) clearInterval(w.watchdog);
  w.watchdog = undefined;
}

function startWatchdog(w: TokenWorker, module: string): void {
  if (w.watchdog) return;
  const limit = tokenTimeoutMs();
  w.watchdog = setInterval(() => {
    if (w.pending.size === 0) return stopWatchdog(w);
    if (Date.now() - w.lastSeen <= tokenTimeoutMs()) return;
    // Hung inside a driver call: answer every caller now and drop what is queued behind it.
    markHung(w, true);
    Atomics.add(w.epoch, 0, 1);
    failAll(w, () => timeoutError(module));
    w.worker.unref();
  }, Math.max(20, Math.min(250, Math.floor(limit / 4))));
}

let exitGuard = false;

function markHung(w: TokenWorker, hung: boolean): void {
  w.hung = hung;
  if (!hung) {
    hungWorkers.delete(w);
    return;
  }
  hungWorkers.add(w);
  if (exitGuard) return;
  exitGuard = true;
  // Node joins every worker thread when the process ends (also on process.exit), and a thread
  // inside a driver call that never returns cannot be stopped: the process would never end.
  // Measured on Node 20 with a C_GetSlotList that sleeps. So a process that still has a hung
  // driver when it exits ends itself with SIGKILL (TerminateProcess on Windows) instead.
  process.once('exit', () => {
    if (hungWorkers.size > 0) process.kill(process.pid, 'SIGKILL');
  });
}

/** Real paths of the libraries whose worker is stuck in a driver call (library.ts skips C_Finalize). */
export function hungTokenLibraries(): Set<string> {
  return new Set([...hungWorkers].map((w) => w.library));
}

async function runHere(module: string, req: TokenWorkerRequest): Promise<unknown> {
  const { handleTokenRequest } = await import('./token-worker');
  return handleTokenRequest(module, req);
}

function workerFor(realPath: string): TokenWorker | undefined {
  const hit = workers.get(realPath);
  if (hit) return hit;
  if (workersUnusable) return undefined;
  const how = tokenWorkerMode();
  if (how.mode === 'inline' || !how.source) return undefined;
  const epoch = new SharedArrayBuffer(4);
  let worker: Worker;
  try {
    worker = new Worker(how.source, { eval: true, workerData: { certwizTokenWorker: true, epoch } });
  } catch {
    return undefined;
  }
  const w: TokenWorker = { library: realPath, worker, pending: new Map(), epoch: new Int32Array(epoch), lastSeen: Date.now(), hung: false, answered: false };
  worker.unref();
  worker.on('message', (m: TokenWorkerReply) => {
    w.lastSeen = Date.now();
    w.answered = true;
    if (w.hung) {
      markHung(w, false);
      // Stopped while it hung (stopTokenWorkers): now that the driver returned, end it.
      if (workers.get(realPath) !== w) void worker.terminate().catch(() => 0);
    }
    if ('beat' in m) return;
    const p = w.pending.get(m.id);
    if (!p) return; // answered already (timed out) or dropped
    w.pending.delete(m.id);
    if (w.pending.size === 0) {
      worker.unref();
      stopWatchdog(w);
    }
    if (m.ok) p.resolve(m.value);
    else p.reject(new CertwizError(isErrorCode(m.code) ? m.code : 'TOKEN_ERROR', m.message, m.params));
  });
  const dead = () => {
    if (workers.get(realPath) === w) workers.delete(realPath);
    markHung(w, false);
    if (!w.answered && !workersUnusable && w.pending.size > 0) {
      workersUnusable = true;
      const retry = [...w.pending.values()];
      w.pending.clear();
      stopWatchdog(w);
      for (const p of retry) {
        if (!p.retry) p.reject(new CertwizError('TOKEN_ERROR', 'The card operation could not start. Try again.', { reason: 'worker-start' }));
        else runHere(p.retry.module, p.retry.req).then(p.resolve, p.reject);
      }
      return;
    }
    failAll(w, () => new CertwizError('TOKEN_ERROR', 'The card driver stopped unexpectedly. Try again.', { reason: 'worker-exit' }));
  };
  worker.on('error', dead);
  worker.on('exit', dead);
  workers.set(realPath, w);
  return w;
}

/** Sends one request to the library's worker; the module path is checked here first. */
async function call<K extends TokenWorkerRequest['op']>(
  modulePath: string | undefined,
  req: Extract<TokenWorkerRequest, { op: K }>,
  transfer: ArrayBuffer[] = [],
): Promise<TokenWorkerResults[K]> {
  const module = resolveModulePath(modulePath);
  const w = workerFor(realpathSync(module));
  if (!w) return (await runHere(module, req)) as TokenWorkerResults[K];
  if (w.hung) throw timeoutError(module);
  const id = nextId++;
  const msg: TokenWorkerMessage = { id, epoch: Atomics.load(w.epoch, 0), module, req };
  if (options.blockMs) msg.blockMs = options.blockMs;
  return new Promise((resolve, reject) => {
    if (w.pending.size === 0) w.lastSeen = Date.now();
    w.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, retry: transfer.length ? null : { module, req } });
    w.worker.ref();
    startWatchdog(w, module);
    w.worker.postMessage(msg, transfer);
  });
}

/** listTokens on the library's worker: every slot with a token, as public facts. */
export function listTokensAsync(modulePath?: string): Promise<TokenInfo[]> {
  return call(modulePath, { op: 'list' });
}

/** Loads the library on its worker: TOKEN_ERROR when the file is not a PKCS#11 library. */
export function checkModuleAsync(modulePath: string): Promise<{ module: string }> {
  return call(modulePath, { op: 'check' });
}

/** findToken on the worker: the token's facts (TOKEN_NOT_PRESENT when it is not in a reader). */
export function findTokenAsync(token: string, modulePath?: string): Promise<TokenInfo> {
  return call(modulePath, { op: 'find', token });
}

/** tokenHasKey on the worker: is the public key with this CKA_ID on the card (no PIN)? */
export function tokenHasKeyAsync(target: Omit<TokenTarget, 'pin'> & { ckaId: string }): Promise<boolean> {
  return call(target.module, { op: 'hasKey', token: target.token, ckaId: target.ckaId });
}

/** writeCertificateToToken on the worker (same checks, same clean-up on failure). */
export function writeCertificateToTokenAsync(opts: WriteCertificateOptions): Promise<WriteCertificateResult> {
  const { module, ...rest } = opts;
  return call(module, { op: 'writeCertificate', options: rest });
}

/**
 * importKeyToToken on the worker. The key crosses as PKCS #8 DER, moved (not copied) to the
 * worker, which zeroes it after C_CreateObject; the exported copy here is zeroed at once.
 */
export function importKeyToTokenAsync(opts: ImportToTokenOptions): Promise<ImportToTokenResult> {
  const { module, privateKey, ...rest } = opts;
  if ((privateKey as KeyObject | undefined)?.type !== 'private') {
    return Promise.reject(new CertwizError('INVALID_INPUT', 'A private key is needed to put a key on the card.', {}));
  }
  const der = privateKey.export({ type: 'pkcs8', format: 'der' });
  const pkcs8 = new Uint8Array(der);
  der.fill(0);
  // Moved: this side's view is detached once posted (the inline path zeroes it after use).
  return call(module, { op: 'importKey', options: { ...rest, pkcs8 } }, [pkcs8.buffer as ArrayBuffer]);
}

/** deleteTokenObjects on the worker: removes the key pair and certificates with this CKA_ID. */
export function deleteTokenObjectsAsync(target: TokenTarget & { ckaId: string }): Promise<{ deleted: number }> {
  return call(target.module, { op: 'deleteObjects', token: target.token, pin: target.pin, ckaId: target.ckaId });
}

/** describeTokenObjects on the worker (status checks, tests). */
export function describeTokenObjectsAsync(target: TokenTarget & { ckaId: string }): Promise<{ class: string; label: string }[]> {
  return call(target.module, { op: 'describeObjects', token: target.token, pin: target.pin, ckaId: target.ckaId });
}

/** Libraries with a token worker, and whether each is hung (diagnostics, tests). */
export function tokenWorkerStates(): { library: string; hung: boolean; pending: number }[] {
  return [...workers].map(([library, w]) => ({ library, hung: w.hung, pending: w.pending.size }));
}

/**
 * Stops the token workers (library.ts finalizeAll, before C_Finalize; tests). A worker hung in a
 * driver call is only let go (unref'd): terminate() would keep the process alive until the call
 * returns; it is ended when it answers again, or by the exit guard in markHung.
 */
export async function stopTokenWorkers(): Promise<void> {
  const all = [...workers.values()];
  workers.clear();
  for (const w of all) failAll(w, () => new CertwizError('CANCELLED', 'The card operation was stopped.'));
  await Promise.all(
    all.map((w) => {
      if (w.hung) {
        w.worker.unref();
        return 0;
      }
      return w.worker.terminate().catch(() => 0);
    }),
  );
}
