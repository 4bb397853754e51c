/**
 * The PFX worker thread: runs readPfx / writePfx / inspectPfx / verifyPfx off the main thread.
 *
 * Why: the reader and writer are synchronous (the KDF is iterated in JS, kdf.ts), and an NSS or
 * GnuTLS file needs 600000 rounds: about a second during which Electron main (every window) or
 * the browser shell (every request) would stand still. One message in, one message out; only
 * plain data crosses (DER bytes, PKCS #8 bytes, JSON), so nothing depends on KeyObject or
 * X509Certificate being cloneable. Errors go back as {code, message, params} and become the same
 * CertwizError on the other side (offthread.ts).
 *
 * Bundled on its own as dist/pfx-worker.js (scripts/build.mjs) and started from source under tsx
 * in tests (offthread.ts decides).
 */
import { parentPort } from 'node:worker_threads';
import * as crypto from 'node:crypto';
import { toCertwizError } from '../../../shared/errors';
import { readPfx } from './read';
import { writePfx, type WritePfxOptions } from './write';
import { inspectPfx } from './inspect';
import { verifyPfx, type VerifyExpectations } from './verify';
import type { PfxContents, ReadPfxOptions } from './types';

/** PfxContents without the objects that stay on one thread. */
export interface PlainContents {
  certificates: { der: Uint8Array; friendlyName: string | null; localKeyId: string | null; sha1: string }[];
  keys: { pkcs8: Uint8Array; friendlyName: string | null; localKeyId: string | null; certificateIndex: number | null; plain: boolean }[];
  protection: PfxContents['protection'];
}

export type PlainWriteOptions = Omit<WritePfxOptions, 'key' | 'certificate' | 'chain'> & {
  pkcs8: Uint8Array;
  certificate: Uint8Array | string;
  chain?: (Uint8Array | string)[];
};

export type WorkerRequest =
  | { id: number; op: 'read'; bytes: Uint8Array; password: string; opts?: ReadPfxOptions }
  | { id: number; op: 'inspect'; bytes: Uint8Array; password: string; opts?: ReadPfxOptions }
  | { id: number; op: 'verify'; bytes: Uint8Array; password: string; expect: VerifyExpectations }
  | { id: number; op: 'write'; options: PlainWriteOptions };

export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; code: string; message: string; params: Record<string, string | number> };

export function toPlain(c: PfxContents): PlainContents {
  return {
    certificates: c.certificates.map((x) => ({ der: x.der, friendlyName: x.friendlyName, localKeyId: x.localKeyId, sha1: x.sha1 })),
    keys: c.keys.map((k) => ({ pkcs8: k.pkcs8, friendlyName: k.friendlyName, localKeyId: k.localKeyId, certificateIndex: k.certificateIndex, plain: k.plain })),
    protection: c.protection,
  };
}

export function handle(req: WorkerRequest): unknown {
  switch (req.op) {
    case 'read':
      return toPlain(readPfx(req.bytes, req.password, req.opts));
    case 'inspect':
      return inspectPfx(req.bytes, req.password, req.opts);
    case 'verify':
      return verifyPfx(req.bytes, req.password, req.expect);
    case 'write': {
      const { pkcs8, ...rest } = req.options;
      const key = crypto.createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
      return writePfx({ ...rest, key });
    }
  }
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (req: WorkerRequest) => {
    let reply: WorkerReply;
    try {
      reply = { id: req.id, ok: true, value: handle(req) };
    } catch (err) {
      const e = toCertwizError(err);
      reply = { id: req.id, ok: false, code: e.code, message: e.message, params: e.params as Record<string, string | number> };
    }
    port.postMessage(reply);
  });
}
