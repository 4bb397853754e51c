/**
 * The Medium-level key protector for Electron: the OS keyring through safeStorage, or, where
 * that is not real protection, the labelled fallback file — and it says which.
 *
 * safeStorage uses DPAPI on Windows, the Keychain on macOS and libsecret/KWallet on Linux. On
 * Linux without a keyring it selects `basic_text`, which encrypts under a hard-coded password
 * (Chromium's os_crypt "peanuts"): no protection at all, so Certwiz does not call that
 * `os-keyring`. It uses the fallback protector (a random key in a 0600 file, electron/core/medium.ts)
 * and reports `fallback-file`, which the UI shows (ARCHITECTURE.md, "say so to the user instead of
 * pretending"; issue 2 part 3).
 *
 * Wrapped secrets carry a 4-byte tag, so a key wrapped by the keyring still opens after a restart
 * and one wrapped by the fallback (format byte 0x01) still opens once a keyring appears.
 */
import { CertwizError } from '../../shared/errors';
import type { MediumProtector } from '../core/medium';

/** Tag of a secret wrapped by safeStorage; cannot collide with the fallback's format byte 0x01. */
export const KEYRING_TAG = Buffer.from('CWK1', 'ascii');

export type MediumChoice = 'os-keyring' | 'basic_text' | 'unavailable';

/** The parts of Electron's safeStorage used here; the async API (Electron 45) is preferred. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
  isAsyncEncryptionAvailable?(): Promise<boolean>;
  encryptStringAsync?(plainText: string): Promise<Buffer>;
  decryptStringAsync?(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

export interface ChosenProtector {
  protector: MediumProtector;
  /** Why this kind: the keyring works, Linux only has `basic_text`, or safeStorage is unavailable. */
  reason: MediumChoice;
  /** Linux backend name as Electron reported it (for the About box / diagnostics). */
  backend?: string;
}

/** Backends that are not a keyring: `unknown` means asked before ready, so not proven either. */
const NOT_A_KEYRING = new Set(['basic_text', 'unknown']);

async function available(s: SafeStorageLike): Promise<boolean> {
  try {
    if (typeof s.isAsyncEncryptionAvailable === 'function') return await s.isAsyncEncryptionAvailable();
    return s.isEncryptionAvailable();
  } catch {
    return false;
  }
}

async function encrypt(s: SafeStorageLike, text: string): Promise<Buffer> {
  return typeof s.encryptStringAsync === 'function' ? s.encryptStringAsync(text) : s.encryptString(text);
}

async function decrypt(s: SafeStorageLike, data: Buffer): Promise<string> {
  if (typeof s.decryptStringAsync === 'function') return (await s.decryptStringAsync(data)).result;
  return s.decryptString(data);
}

function unavailable(): CertwizError {
  return new CertwizError(
    'MEDIUM_PROTECTION_UNAVAILABLE',
    'This key was protected by the system keyring, which cannot be opened now.',
  );
}

/**
 * Chooses honestly (call after app 'ready'). `fallback` is the core's fallback-file protector
 * for the same data dir; it is used for new keys whenever the keyring is not real, and always
 * for secrets it wrapped earlier.
 */
export async function chooseMediumProtector(opts: {
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  fallback: MediumProtector;
}): Promise<ChosenProtector> {
  const { safeStorage, platform, fallback } = opts;
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() ?? 'unknown' : undefined;
  const isAvailable = await available(safeStorage);
  let reason: MediumChoice = 'os-keyring';
  if (backend !== undefined && NOT_A_KEYRING.has(backend)) reason = 'basic_text';
  else if (!isAvailable) reason = 'unavailable';

  const useKeyring = reason === 'os-keyring';
  const protector: MediumProtector = {
    kind: useKeyring ? 'os-keyring' : 'fallback-file',
    async wrap(secret) {
      if (!useKeyring) return fallback.wrap(secret);
      const sealed = await encrypt(safeStorage, secret.toString('base64'));
      return Buffer.concat([KEYRING_TAG, sealed]);
    },
    async unwrap(wrapped) {
      if (!(wrapped.length > KEYRING_TAG.length && wrapped.subarray(0, KEYRING_TAG.length).equals(KEYRING_TAG))) {
        return fallback.unwrap(wrapped);
      }
      if (!isAvailable) throw unavailable();
      try {
        return Buffer.from(await decrypt(safeStorage, wrapped.subarray(KEYRING_TAG.length)), 'base64');
      } catch {
        throw unavailable();
      }
    },
  };
  return { protector, reason, ...(backend !== undefined ? { backend } : {}) };
}
