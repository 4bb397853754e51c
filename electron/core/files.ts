/**
 * Reading files a user points at, and saving files where no native save dialog exists.
 *
 * Input files are untrusted and bounded (stat before read: a 4 GB file is refused without being
 * read). Saving without a dialog (browser shell, CLI defaults) goes to the export dir under a
 * name that never replaces an existing file: "name.csr", then "name (2).csr"... as browsers do
 * with downloads.
 */
import { promises as fs } from 'node:fs';
import { join, extname, basename } from 'node:path';
import { CertwizError } from '../../shared/errors';
import { writeFileAtomic, ensurePrivateDir } from './atomic';

export async function readInputFile(path: string, maxBytes: number): Promise<Buffer> {
  let size: number;
  try {
    const st = await fs.stat(path);
    if (!st.isFile()) throw new CertwizError('FILE_NOT_FOUND', 'This is not a file.', { file: basename(path) });
    size = st.size;
  } catch (err) {
    if (err instanceof CertwizError) throw err;
    throw new CertwizError('FILE_NOT_FOUND', 'The file was not found.', { file: basename(path) });
  }
  if (size === 0) throw new CertwizError('FILE_EMPTY', 'The file is empty.', { file: basename(path) });
  if (size > maxBytes) {
    throw new CertwizError('FILE_TOO_LARGE', 'The file is too large for what it should hold.', { file: basename(path), maxBytes });
  }
  try {
    return await fs.readFile(path);
  } catch {
    throw new CertwizError('FILE_NOT_FOUND', 'The file could not be read.', { file: basename(path) });
  }
}

/** A file name made from what a person typed: no path separators, no control characters. */
export function safeFileName(stem: string, fallback: string): string {
  const cleaned = stem
    .replace(/^\*\./, 'wildcard.')
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 100);
  return cleaned || fallback;
}

/** Writes `data` into `dir` as `name`, or `name (2)`, `name (3)`... never replacing a file. */
export async function saveNonClobbering(dir: string, name: string, data: string | Uint8Array, mode: number): Promise<string> {
  await ensurePrivateDir(dir);
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; n < 1000; n++) {
    const path = join(dir, n === 1 ? name : `${stem} (${n})${ext}`);
    try {
      await writeFileAtomic(path, data, { mode, overwrite: false });
      return path;
    } catch (err) {
      if (!(err instanceof CertwizError && err.code === 'FILE_EXISTS')) throw err;
    }
  }
  throw new CertwizError('FILE_EXISTS', 'Too many files with this name already exist.', { file: name });
}
