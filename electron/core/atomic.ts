/**
 * Atomic, owner-only, non-clobbering file writes for key material and everything we save.
 *
 * ARCHITECTURE.md "Writes are atomic": the data goes to a temp file in the target's directory,
 * is fsync'd, then appears under its final name in one step, and the directory is fsync'd so the
 * new name survives a power cut. A crash at any moment leaves the old state or the new one, never
 * a half-written key. Without `overwrite`, the final step is link(2), which fails with EEXIST
 * instead of silently replacing a file another process wrote in the meantime (rename(2) would
 * replace it). Where hard links are unsupported (FAT, some network shares) we fall back to an
 * existence check + rename, which is racy only against another writer of the same new name.
 */
import { promises as fs, constants } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CertwizError } from '../../shared/errors';

export interface AtomicWriteOptions {
  /** File mode of the new file; key material is owner-only. */
  mode?: number;
  /** Replace an existing file (still atomically). Default false: FILE_EXISTS. */
  overwrite?: boolean;
}

/** Temp names start with this so readers (e.g. the key store listing) can skip them. */
export const TEMP_PREFIX = '.certwiz-tmp-';

export function isTempName(name: string): boolean {
  return name.startsWith(TEMP_PREFIX);
}

export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const mode = options.mode ?? 0o600;
  const dir = dirname(path);
  const tmp = join(dir, `${TEMP_PREFIX}${basename(path)}.${randomBytes(6).toString('hex')}`);
  let created = false;
  try {
    if (!options.overwrite && (await exists(path))) throw fileExists(path);
    const fh = await fs.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
    created = true;
    try {
      await fh.writeFile(data);
      // The umask may have narrowed or the platform ignored the open mode; be explicit.
      await fh.chmod(mode).catch(() => undefined);
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (options.overwrite) {
      await fs.rename(tmp, path);
      created = false;
    } else {
      try {
        await fs.link(tmp, path);
        await fs.unlink(tmp);
        created = false;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw fileExists(path);
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
        if (await exists(path)) throw fileExists(path);
        await fs.rename(tmp, path);
        created = false;
      }
    }
    await syncDir(dir);
  } catch (err) {
    if (created) await fs.unlink(tmp).catch(() => undefined);
    throw mapWriteError(err, path);
  }
}

/** Creates a directory (and parents) that only the owner can read: it holds key material. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 }).catch((err) => {
    throw mapWriteError(err, dir);
  });
}

async function exists(path: string): Promise<boolean> {
  try {
    await fs.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** fsync on a directory is how POSIX makes a rename durable; Windows cannot open directories. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(dir, 'r');
    await fh.sync();
  } catch {
    // Some filesystems refuse fsync on directories; the rename itself has happened.
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

function fileExists(path: string): CertwizError {
  return new CertwizError('FILE_EXISTS', 'A file with this name already exists; Certwiz never overwrites it.', {
    path,
  });
}

function mapWriteError(err: unknown, path: string): unknown {
  if (err instanceof CertwizError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new CertwizError('DISK_FULL', 'The disk is full; nothing was written.', { path });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') {
    return new CertwizError('WRITE_FAILED', 'Certwiz could not write this file.', { path, reason: code });
  }
  return err;
}
