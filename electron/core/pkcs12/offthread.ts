/**
 * readPfx / writePfx / inspectPfx / verifyPfx on a worker thread (worker.ts), for the shells that
 * must stay responsive: Electron main and the browser shell (pfx-service.ts). The CLI may keep
 * the synchronous calls.
 *
 * Where the worker code comes from:
 * - from a bundle (dist/web.js, dist/cli-core.js, dist/electron/main.js): dist/pfx-worker.js,
 *   built by scripts/build.mjs as one self-contained IIFE. It is read with fs and started as an
 *   eval worker, because Electron's asar archive is readable through its patched fs while a
 *   Worker given a path inside app.asar would not find the file;
 * - from source (tests under tsx): worker.ts next to this file, with tsx's CommonJS hook loaded
 *   first inside the worker (Node 20 does not pass `--import tsx` hooks on to workers);
 * - neither (should not happen): the same code in this thread, so a PFX still opens.
 *
 * One worker per process, started on first use, unref'd while idle so it never keeps a process
 * alive; jobs run in order. If it dies, pending jobs fail with INTERNAL and the next job starts a
 * new one.
 */
import { Worker } from 'node:worker_threads';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as crypto from 'node:crypto';
import { CertwizError, isErrorCode } from '../../../shared/errors';
import type { PfxInspection } from '../../../shared/pfx';
import { certificateDer, type WritePfxOptions } from './write';
import type { VerifyExpectations, VerifyResult } from './verify';
import type { PfxContents, ReadPfxOptions } from './types';
import { handle, type PlainContents, type WorkerReply, type WorkerRequest } from './worker';

type Job = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

let worker: Worker | null = null;
const pending = new Map<number, Pending>();
let nextId = 1;

/** How the worker would be started here: 'bundle' | 'source' | 'inline'. Exported for tests. */
export function workerMode(): { mode: 'bundle' | 'source' | 'inline'; source?: string } {
  for (const p of [join(__dirname, 'pfx-worker.js'), join(__dirname, '..', 'pfx-worker.js')]) {
    if (existsSync(p)) return { mode: 'bundle', source: readFileSync(p, 'utf8') };
  }
  const ts = join(__dirname, 'worker.ts');
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

function failAll(message: string): void {
  for (const p of pending.values()) p.reject(new CertwizError('INTERNAL', message));
  pending.clear();
}

function start(): Worker | null {
  if (worker) return worker;
  const how = workerMode();
  if (how.mode === 'inline' || !how.source) return null;
  const w = new Worker(how.source, { eval: true });
  w.unref();
  w.on('message', (m: WorkerReply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (pending.size === 0) w.unref();
    if (m.ok) p.resolve(m.value);
    else p.reject(new CertwizError(isErrorCode(m.code) ? m.code : 'INTERNAL', m.message, m.params));
  });
  const dead = () => {
    if (worker === w) worker = null;
    failAll('The PFX worker stopped unexpectedly.');
  };
  w.on('error', dead);
  w.on('exit', dead);
  worker = w;
  return w;
}

function run<T>(job: Job): Promise<T> {
  const w = start();
  if (!w) {
    // No worker code found: same work, this thread.
    return new Promise<T>((resolve) => resolve(handle({ ...job, id: 0 } as WorkerRequest) as T));
  }
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    w.ref();
    w.postMessage({ ...job, id });
  });
}

function fromPlain(p: PlainContents): PfxContents {
  return {
    certificates: p.certificates.map((c) => ({ ...c, der: new Uint8Array(c.der), x509: new crypto.X509Certificate(Buffer.from(c.der)) })),
    keys: p.keys.map((k) => ({
      ...k,
      pkcs8: new Uint8Array(k.pkcs8),
      keyObject: crypto.createPrivateKey({ key: Buffer.from(k.pkcs8), format: 'der', type: 'pkcs8' }),
    })),
    protection: p.protection,
  };
}

/** readPfx on the worker thread; same result and errors. */
export async function readPfxAsync(bytes: Uint8Array, password: string, opts?: ReadPfxOptions): Promise<PfxContents> {
  return fromPlain(await run<PlainContents>({ op: 'read', bytes, password, opts }));
}

export function inspectPfxAsync(bytes: Uint8Array, password: string, opts?: ReadPfxOptions): Promise<PfxInspection> {
  return run<PfxInspection>({ op: 'inspect', bytes, password, opts });
}

export function verifyPfxAsync(bytes: Uint8Array, password: string, expect: VerifyExpectations): Promise<VerifyResult> {
  return run<VerifyResult>({ op: 'verify', bytes, password, expect });
}

/** writePfx on the worker thread: the key crosses as PKCS #8 DER inside this process only. */
export async function writePfxAsync(o: WritePfxOptions): Promise<Uint8Array> {
  const { key, certificate, chain, ...rest } = o;
  const pkcs8 = new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }));
  const out = await run<Uint8Array>({
    op: 'write',
    options: { ...rest, pkcs8, certificate: new Uint8Array(certificateDer(certificate)), chain: chain?.map((c) => new Uint8Array(certificateDer(c))) },
  });
  return new Uint8Array(out);
}

/** Stops the worker (tests; an app quitting does not need it: the worker is unref'd). */
export async function stopPfxWorker(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
