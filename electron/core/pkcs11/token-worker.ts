/**
 * The token worker thread: the PKCS#11 calls the shells make (list, find, has-key, write
 * certificate, import key, delete/describe objects) run here, off the main thread (issue 5 "How":
 * "PKCS#11 calls block: use ... a worker so the main process and UI stay responsive").
 *
 * One worker per library file (offthread.ts keys them by real path). It loads the library with
 * the same code as main (library.ts: graphene-pk11 over pkcs11js); dlopen hands back the one
 * instance of the process and C_Initialize answers CKR_CRYPTOKI_ALREADY_INITIALIZED when main or
 * another worker came first (PKCS#11 v2.40 §5.4), so there is still one module per library. The
 * worker never calls C_Finalize (library.ts finalizeAll on main does, after stopping workers).
 *
 * Messages: `{ id, epoch, blockMs?, module, req }` in, `{ id, ok, value | code, message, params }`
 * out, plus `{ beat: true }` every BEAT_MS while an operation runs. A beat can only be sent when
 * this thread's event loop is free, so a driver call that hangs stops the beats: that is what
 * offthread.ts measures its timeout against (a PIN-pad login waits in the login worker, not
 * here, and does not count). `epoch` is compared with a shared counter main bumps on a timeout:
 * requests queued behind a hung call are dropped instead of being run late, after their caller
 * was already told TOKEN_TIMEOUT.
 *
 * Only plain data crosses: TokenInfo, hex CKA_IDs, DER bytes, PKCS #8 bytes (a key for import,
 * inside this process only; zeroed after use). Errors go back as {code, message, params} and
 * become the same CertwizError on main. Bundled as dist/token-worker.js (scripts/build.mjs).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createPrivateKey } from 'node:crypto';
import { CertwizError, toCertwizError } from '../../../shared/errors';
import { writeCertificateToToken, type WriteCertificateOptions, type WriteCertificateResult } from './certificate';
import { mapPkcs11Error } from './errors';
import { importKeyToToken, type ImportToTokenOptions, type ImportToTokenResult } from './import';
import { loadModule } from './library';
import { deleteTokenObjects, describeTokenObjects, tokenHasKey } from './objects';
import { findToken, listTokens } from './tokens';
import type { TokenInfo } from './types';

/** What the worker can be asked; `module` (the path as the user gave it) travels beside it. */
export type TokenWorkerRequest =
  | { op: 'list' }
  | { op: 'check' }
  | { op: 'find'; token: string }
  | { op: 'hasKey'; token: string; ckaId: string }
  | { op: 'writeCertificate'; options: Omit<WriteCertificateOptions, 'module'> }
  | { op: 'importKey'; options: Omit<ImportToTokenOptions, 'module' | 'privateKey'> & { pkcs8: Uint8Array } }
  | { op: 'deleteObjects'; token: string; pin?: string; ckaId: string }
  | { op: 'describeObjects'; token: string; pin?: string; ckaId: string };

/** The result type of each operation. */
export interface TokenWorkerResults {
  list: TokenInfo[];
  check: { module: string };
  find: TokenInfo;
  hasKey: boolean;
  writeCertificate: WriteCertificateResult;
  importKey: ImportToTokenResult;
  deleteObjects: { deleted: number };
  describeObjects: { class: string; label: string }[];
}

export interface TokenWorkerMessage {
  id: number;
  epoch: number;
  module: string;
  /** Tests only: block this thread for so long before the call, like a driver that hangs. */
  blockMs?: number;
  req: TokenWorkerRequest;
}

export type TokenWorkerReply =
  | { beat: true }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; code: string; message: string; params: Record<string, string | number>; stale?: boolean };

/** Heartbeat period while an operation runs (offthread.ts times out after many missed beats). */
export const BEAT_MS = 200;

/** Runs one request on this thread (the worker, or main when no worker can start). */
export async function handleTokenRequest(module: string, req: TokenWorkerRequest): Promise<unknown> {
  switch (req.op) {
    case 'list':
      return listTokens(module);
    case 'check':
      // TOKEN_ERROR when the file is not a PKCS#11 library (token:modules add refuses it).
      return { module: loadModule(module).path };
    case 'find':
      return findToken(req.token, module).info;
    case 'hasKey':
      return tokenHasKey({ module, token: req.token, ckaId: req.ckaId });
    case 'writeCertificate':
      return writeCertificateToToken({ ...req.options, module });
    case 'importKey': {
      const { pkcs8, ...rest } = req.options;
      try {
        const privateKey = createPrivateKey({ key: Buffer.from(pkcs8.buffer, pkcs8.byteOffset, pkcs8.byteLength), format: 'der', type: 'pkcs8' });
        return await importKeyToToken({ ...rest, module, privateKey });
      } finally {
        pkcs8.fill(0);
      }
    }
    case 'deleteObjects':
      return deleteTokenObjects({ module, token: req.token, pin: req.pin, ckaId: req.ckaId });
    case 'describeObjects':
      return describeTokenObjects({ module, token: req.token, pin: req.pin, ckaId: req.ckaId });
    default:
      throw new CertwizError('INTERNAL', 'Unknown card operation.');
  }
}

/** Any failure as the plain error that crosses back; PKCS#11 errors get their stable codes. */
export function errorReply(id: number, err: unknown): TokenWorkerReply {
  const e = err instanceof CertwizError ? err : isPkcs11Shaped(err) ? mapPkcs11Error(err) : toCertwizError(err);
  return { id, ok: false, code: e.code, message: e.message, params: e.params as Record<string, string | number> };
}

function isPkcs11Shaped(err: unknown): boolean {
  return !!err && typeof err === 'object' && /\bCKR_/.test(String((err as { message?: unknown }).message));
}

/** Blocks this thread (tests: a driver call that does not return). */
function block(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const data = workerData as { certwizTokenWorker?: boolean; epoch?: SharedArrayBuffer } | null;
if (parentPort && data?.certwizTokenWorker) {
  const port = parentPort;
  const epoch = new Int32Array(data.epoch ?? new SharedArrayBuffer(4));
  let running = 0;
  let beat: ReturnType<typeof setInterval> | undefined;
  port.on('message', async (m: TokenWorkerMessage) => {
    // Queued behind a call that timed out: the caller has its answer already; never run it late.
    if (Atomics.load(epoch, 0) !== m.epoch) {
      port.postMessage({ id: m.id, ok: false, code: 'TOKEN_TIMEOUT', message: 'Dropped after a timeout.', params: {}, stale: true });
      return;
    }
    running++;
    beat ??= setInterval(() => port.postMessage({ beat: true }), BEAT_MS);
    let reply: TokenWorkerReply;
    try {
      if (m.blockMs) block(m.blockMs);
      reply = { id: m.id, ok: true, value: await handleTokenRequest(m.module, m.req) };
    } catch (err) {
      reply = errorReply(m.id, err);
    } finally {
      running--;
      if (running === 0 && beat) {
        clearInterval(beat);
        beat = undefined;
      }
    }
    port.postMessage(reply);
  });
}
