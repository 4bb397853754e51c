/**
 * How a Medium-level key is protected when the user sets no password.
 *
 * Medium (guide 000: "no password, not recommended") still never stores a key in the clear: the
 * key is encrypted PKCS#8 under a random secret, and the secret is wrapped by a MediumProtector.
 * In Electron that is safeStorage (the OS keyring; written in electron/main against this
 * interface). Where no OS keyring exists (CLI, browser shell, Linux `basic_text`) the fallback
 * below keeps a random key in a 0600 file next to the store. That protects against copying the
 * key store alone, not against someone who can read the user's files, and it says so: `kind` is
 * shown to the user (AppInfo.mediumProtection) instead of pretending (ARCHITECTURE.md).
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { randomBytes, createCipheriv, createDecipheriv } from 'node:crypto';
import { CertwizError } from '../../shared/errors';
import { writeFileAtomic, ensurePrivateDir } from './atomic';

export interface MediumProtector {
  kind: 'os-keyring' | 'fallback-file';
  wrap(secret: Buffer): Promise<Buffer>;
  unwrap(wrapped: Buffer): Promise<Buffer>;
}

/** Format byte of a fallback-wrapped secret: 1 = AES-256-GCM, 12-byte IV, 16-byte tag. */
const VERSION = 1;
const KEY_FILE = 'medium.key';

/** The labelled fallback: AES-256-GCM under a random 32-byte key in <dataDir>/medium.key. */
export function createFallbackProtector(dataDir: string): MediumProtector {
  let keyPromise: Promise<Buffer> | undefined;
  const key = () => (keyPromise ??= loadOrCreateKey(dataDir));
  return {
    kind: 'fallback-file',
    async wrap(secret) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', await key(), iv);
      const body = Buffer.concat([cipher.update(secret), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    async unwrap(wrapped) {
      if (wrapped.length < 29 || wrapped[0] !== VERSION) throw unavailable();
      try {
        const decipher = createDecipheriv('aes-256-gcm', await key(), wrapped.subarray(1, 13));
        decipher.setAuthTag(wrapped.subarray(13, 29));
        return Buffer.concat([decipher.update(wrapped.subarray(29)), decipher.final()]);
      } catch (err) {
        if (err instanceof CertwizError) throw err;
        throw unavailable();
      }
    },
  };
}

async function loadOrCreateKey(dataDir: string): Promise<Buffer> {
  const path = join(dataDir, KEY_FILE);
  const existing = await readKey(path);
  if (existing) return existing;
  await ensurePrivateDir(dataDir);
  try {
    await writeFileAtomic(path, randomBytes(32), { mode: 0o600 });
  } catch (err) {
    // Another process created it first: use theirs.
    if (!(err instanceof CertwizError && err.code === 'FILE_EXISTS')) throw err;
  }
  const created = await readKey(path);
  if (!created) throw unavailable();
  return created;
}

async function readKey(path: string): Promise<Buffer | undefined> {
  try {
    const data = await fs.readFile(path);
    if (data.length !== 32) throw unavailable();
    return data;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (err instanceof CertwizError) throw err;
    throw unavailable();
  }
}

function unavailable(): CertwizError {
  return new CertwizError(
    'MEDIUM_PROTECTION_UNAVAILABLE',
    'The protection of Medium-level keys on this computer cannot be opened (medium.key is missing or changed).',
  );
}
