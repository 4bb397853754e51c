/**
 * File handles: the bytes of a file the user picked stay in main; the renderer holds only an
 * opaque `fileId` (ARCHITECTURE.md: "The renderer never sees private keys, passwords after
 * submission, or PFX bytes").
 *
 * - Electron: `file:open` shows the native open dialog in main, main reads the file and keeps it
 *   here; the renderer gets {fileId, fileName, size}.
 * - Browser shell: there is no native dialog a page can ask the server for; the browser's file
 *   input is the only way a user hands a file to a web page, so the page sends it once with
 *   `file:upload` and from then on passes the fileId like Electron does.
 *
 * Bounded so a page cannot fill memory: at most MAX_HANDLES files, each at most the PFX limit
 * (10 MB), all together at most MAX_TOTAL_BYTES (the oldest are dropped first); a handle expires
 * after TTL_MS, and `take` drops it once used for an import. Ids are random (128 bits).
 */
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { CertwizError } from '../../shared/errors';
import { MAX_PFX_BYTES } from './pkcs12/limits';

export const MAX_HANDLES = 8;
export const MAX_FILE_BYTES = MAX_PFX_BYTES;
export const MAX_TOTAL_BYTES = 40 * 1024 * 1024;
export const TTL_MS = 10 * 60 * 1000;

export interface HeldFile {
  fileId: string;
  fileName: string;
  size: number;
}

interface Entry extends HeldFile {
  bytes: Uint8Array;
  expires: number;
}

export interface FileHandles {
  /** Keeps a copy of `bytes`; throws FILE_TOO_LARGE / FILE_EMPTY. */
  put(fileName: string, bytes: Uint8Array): HeldFile;
  /** The bytes and name; FILE_HANDLE_EXPIRED when unknown, expired or dropped. */
  get(fileId: string): { fileName: string; bytes: Uint8Array };
  /** Like get, then forgets the file. */
  take(fileId: string): { fileName: string; bytes: Uint8Array };
  drop(fileId: string): void;
  size(): number;
}

export function createFileHandles(opts: { now?: () => number; ttlMs?: number } = {}): FileHandles {
  const now = opts.now ?? Date.now;
  const ttl = opts.ttlMs ?? TTL_MS;
  const files = new Map<string, Entry>();

  const sweep = () => {
    const t = now();
    for (const [id, e] of files) if (e.expires <= t) files.delete(id);
  };
  const total = () => [...files.values()].reduce((n, e) => n + e.bytes.length, 0);

  const get = (fileId: string) => {
    sweep();
    const e = files.get(fileId);
    if (!e) throw new CertwizError('FILE_HANDLE_EXPIRED', 'This file is no longer open in Certwiz; choose it again.');
    return { fileName: e.fileName, bytes: e.bytes };
  };

  return {
    put(fileName, bytes) {
      if (bytes.length === 0) throw new CertwizError('FILE_EMPTY', 'The file is empty.');
      if (bytes.length > MAX_FILE_BYTES) {
        throw new CertwizError('FILE_TOO_LARGE', 'This file is larger than Certwiz opens here (10 MB).', { limit: MAX_FILE_BYTES });
      }
      sweep();
      // Oldest first (Map keeps insertion order).
      while (files.size >= MAX_HANDLES || (files.size > 0 && total() + bytes.length > MAX_TOTAL_BYTES)) {
        files.delete(files.keys().next().value as string);
      }
      const fileId = `f-${randomBytes(16).toString('hex')}`;
      // A display name only: no folders, no control characters.
      // eslint-disable-next-line no-control-regex
      const name = basename(String(fileName).replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 255) || 'file';
      files.set(fileId, { fileId, fileName: name, size: bytes.length, bytes: new Uint8Array(bytes), expires: now() + ttl });
      return { fileId, fileName: name, size: bytes.length };
    },
    get,
    take(fileId) {
      const f = get(fileId);
      files.delete(fileId);
      return f;
    },
    drop(fileId) {
      files.delete(fileId);
    },
    size: () => {
      sweep();
      return files.size;
    },
  };
}
