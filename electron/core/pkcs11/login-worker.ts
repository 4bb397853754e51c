/**
 * C_Login off the main thread.
 *
 * PKCS#11 has no asynchronous login and pkcs11js no callback form of it, yet on a reader with a
 * PIN pad C_Login returns only when the user has typed the PIN there, and slow cards take a
 * second; in Electron's main process that would freeze every window. Session handles belong to
 * the process, not a thread (PKCS#11 v2.40 §5.6), and the library was initialised with
 * CKF_OS_LOCKING_OK (library.ts), so a worker thread can log in a session the main thread opened:
 * the worker loads the same library (dlopen hands back the same instance; its C_Initialize only
 * answers CKR_CRYPTOKI_ALREADY_INITIALIZED) and never finalises it. One worker per library,
 * started on first use and unref'd so it never keeps the process alive. When a worker cannot
 * start, login falls back to the synchronous call.
 */
import { Worker } from 'node:worker_threads';
import type * as graphene from 'graphene-pk11';

/** Plain JS so it runs from a bundle without a separate worker file (scripts/build.mjs). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const pkcs11js = require(workerData.pkcs11js);
const lib = new pkcs11js.PKCS11();
lib.load(workerData.library);
try { lib.C_Initialize({ flags: workerData.flags }); } catch (e) {
  if (!/CKR_CRYPTOKI_ALREADY_INITIALIZED/.test(String(e && e.message))) {
    try { lib.C_Initialize(); } catch (e2) { if (!/CKR_CRYPTOKI_ALREADY_INITIALIZED/.test(String(e2 && e2.message))) throw e2; }
  }
}
parentPort.on('message', (m) => {
  try {
    lib.C_Login(Buffer.from(m.session), m.userType, m.pin);
    parentPort.postMessage({ id: m.id, ok: true });
  } catch (e) {
    parentPort.postMessage({ id: m.id, ok: false, code: e && typeof e.code === 'number' ? e.code : 0, message: String(e && e.message).split('\\n')[0] });
  }
});
`;

interface Pending {
  resolve: () => void;
  reject: (e: Error) => void;
}

interface LoginWorker {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Set when the worker died: later logins go synchronous. */
  broken: boolean;
}

const workers = new Map<string, LoginWorker>();
let nextId = 1;

function workerFor(libraryRealPath: string): LoginWorker | undefined {
  const hit = workers.get(libraryRealPath);
  if (hit) return hit.broken ? undefined : hit;
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { pkcs11js: require.resolve('pkcs11js'), library: libraryRealPath, flags: 0x2 /* CKF_OS_LOCKING_OK */ },
    });
  } catch {
    return undefined;
  }
  const entry: LoginWorker = { worker, pending: new Map(), broken: false };
  worker.unref();
  worker.on('message', (m: { id: number; ok: boolean; code?: number; message?: string }) => {
    const p = entry.pending.get(m.id);
    if (!p) return;
    entry.pending.delete(m.id);
    if (entry.pending.size === 0) worker.unref();
    if (m.ok) p.resolve();
    else p.reject(Object.assign(new Error(m.message || 'C_Login failed'), { code: m.code }));
  });
  const fail = () => {
    entry.broken = true;
    for (const p of entry.pending.values()) p.reject(Object.assign(new Error('CKR_GENERAL_ERROR'), { code: 0x5 }));
    entry.pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', fail);
  workers.set(libraryRealPath, entry);
  return entry;
}

/**
 * Logs `session` in as the user from a worker thread; rejects with the pkcs11js-shaped error
 * (`{ code, message: 'CKR_…' }`) that errors.ts maps.
 */
export function loginOffThread(libraryRealPath: string, session: graphene.Session, pin: string, userType = 1): Promise<void> {
  const w = workerFor(libraryRealPath);
  if (!w) {
    return new Promise((resolve, reject) => {
      try {
        session.login(pin, userType);
        resolve();
      } catch (err) {
        reject(err);
      }
    });
  }
  const id = nextId++;
  return new Promise<void>((resolve, reject) => {
    w.pending.set(id, { resolve, reject });
    w.worker.ref();
    w.worker.postMessage({ id, session: new Uint8Array(session.handle), userType, pin });
  });
}

/** Stops the login workers (before C_Finalize in library.ts). */
export async function stopLoginWorkers(): Promise<void> {
  const all = [...workers.values()];
  workers.clear();
  await Promise.all(all.map((w) => w.worker.terminate().catch(() => 0)));
}

/** Libraries with a live login worker (diagnostics and tests). */
export function loginWorkerCount(): number {
  return [...workers.values()].filter((w) => !w.broken).length;
}
