/**
 * The app key store: pending requests and installed certificates with their private keys.
 *
 * One JSON file per key (key-record.ts) under <dataDir>/keys, written atomically, owner-only.
 * Security level (guide 000 "Security level", ARCHITECTURE.md):
 *  - High: the PKCS#8 is encrypted under the user's password, which is asked on every use and
 *    never stored;
 *  - Medium: encrypted under a random 32-byte secret that the MediumProtector wraps (OS keyring
 *    in Electron, a labelled fallback file elsewhere).
 * Encryption is node's KeyObject.export({cipher: 'aes-256-cbc'}): OpenSSL 3 writes PBES2 with
 * PBKDF2-HMAC-SHA256 and AES-256-CBC (RFC 8018 §6.2), which `openssl pkey -passin` opens, so a
 * backup is the stored PEM itself (High) or a re-encryption under a backup password (Medium).
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import { CertwizError } from '../../shared/errors';
import type { SecurityLevel, SubjectForm } from '../../shared/ipc';
import type { NormalizedSubject } from '../../shared/subject';
import { writeFileAtomic, ensurePrivateDir, isTempName } from './atomic';
import type { MediumProtector } from './medium';
import { keysDir } from './paths';
import { parseCertificates, thumbprint, keySpkiSha256, certSpkiSha256, toPem, orderChain } from './certs';
import { parseRecord, corrupt, type KeyRecord, type TokenRef } from './key-record';

export type { KeyRecord, TokenRef } from './key-record';

export interface NewPending {
  privateKey: KeyObject;
  csrPem: string;
  profileId: string;
  keyAlgorithm: string;
  securityLevel: SecurityLevel;
  /** Required for High. */
  password?: string;
  subjectForm: SubjectForm;
  normalized?: NormalizedSubject;
  friendlyName?: string;
  renewOf?: string;
  /** Default true: the guides back up the key before submission. */
  exportable?: boolean;
}

export interface ImportKey {
  privateKey: KeyObject;
  certificatePem: string;
  chainPem?: string[];
  securityLevel: SecurityLevel;
  password?: string;
  exportable: boolean;
  friendlyName?: string;
  /** Default 'imported'. */
  profileId?: string;
}

export interface KeyStore {
  readonly dir: string;
  savePending(input: NewPending): Promise<KeyRecord>;
  /** A record for a key that lives on a card (issue 5): no PKCS#8 here. */
  saveTokenKey(input: Omit<NewPending, 'privateKey' | 'password' | 'securityLevel'> & { token: TokenRef; spkiSha256: string }): Promise<KeyRecord>;
  unlockPrivateKey(id: string, password?: string): Promise<KeyObject>;
  importKey(input: ImportKey): Promise<KeyRecord>;
  /** Stores the issued certificate (+ chain) with a pending key. */
  install(id: string, certificatePem: string, chainPem: string[], extra?: { practice?: boolean }): Promise<KeyRecord>;
  /** By id, or by the certificate's SHA-1 / SHA-256 hex thumbprint (colons and case ignored). */
  get(idOrThumbprint: string): Promise<KeyRecord>;
  find(idOrThumbprint: string): Promise<KeyRecord | undefined>;
  findPendingBySpki(spkiSha256: string): Promise<KeyRecord | undefined>;
  findBySpki(spkiSha256: string): Promise<KeyRecord[]>;
  list(): Promise<KeyRecord[]>;
  setSecurityLevel(id: string, level: SecurityLevel, currentPassword?: string, newPassword?: string): Promise<KeyRecord>;
  backupKeyPem(id: string, password?: string, backupPassword?: string): Promise<string>;
  remove(id: string): Promise<void>;
}

export function newKeyId(): string {
  return `k-${Date.now().toString(36)}-${randomBytes(5).toString('hex')}`;
}

export function openKeyStore(dataDir: string, medium: MediumProtector): KeyStore {
  const dir = keysDir(dataDir);
  const fileOf = (id: string) => join(dir, `${id}.json`);

  async function write(rec: KeyRecord, overwrite: boolean): Promise<void> {
    await ensurePrivateDir(dir);
    await writeFileAtomic(fileOf(rec.id), JSON.stringify(rec, null, 2) + '\n', { mode: 0o600, overwrite });
  }

  async function read(id: string): Promise<KeyRecord | undefined> {
    if (!/^[A-Za-z0-9._:-]{1,128}$/.test(id) || id.startsWith('.')) return undefined;
    let text: string;
    try {
      text = await fs.readFile(fileOf(id), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw corrupt(id);
    }
    return parseRecord(text, id);
  }

  async function listAll(): Promise<KeyRecord[]> {
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch {
      return [];
    }
    const out: KeyRecord[] = [];
    for (const name of names.sort()) {
      if (isTempName(name) || !name.endsWith('.json')) continue;
      try {
        const rec = await read(name.slice(0, -5));
        if (rec) out.push(rec);
      } catch {
        // A damaged file must not hide the others; `get` on it reports KEY_STORE_CORRUPT.
      }
    }
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Encrypts for the level; returns the fields to store. */
  async function protect(key: KeyObject, level: SecurityLevel, password?: string) {
    if (level === 'high') {
      const pw = requirePassword(password);
      return { protection: 'password' as const, encryptedKeyPem: encrypt(key, pw), wrappedSecret: undefined };
    }
    const secret = randomBytes(32);
    const wrapped = await medium.wrap(secret);
    return { protection: medium.kind, encryptedKeyPem: encrypt(key, secret), wrappedSecret: wrapped.toString('base64') };
  }

  async function unlock(rec: KeyRecord, password?: string): Promise<KeyObject> {
    if (rec.token || !rec.encryptedKeyPem) {
      throw new CertwizError('INVALID_INPUT', 'This key is on a smart card; use the card to work with it.', { id: rec.id });
    }
    if (rec.securityLevel === 'high') {
      const pw = requirePassword(password);
      try {
        return createPrivateKey({ key: rec.encryptedKeyPem, format: 'pem', passphrase: pw });
      } catch {
        throw new CertwizError('KEY_PASSWORD_INCORRECT', 'The password does not open this key. It was set when the key was made.', { id: rec.id });
      }
    }
    if (rec.protection !== medium.kind) {
      // E.g. a Medium key made by the desktop app (OS keyring) opened from the CLI: say so.
      throw new CertwizError(
        'MEDIUM_PROTECTION_UNAVAILABLE',
        rec.protection === 'os-keyring'
          ? 'This Medium-level key is protected by the operating system’s keyring through the Certwiz app; open it there, or give it the High level there first.'
          : 'This Medium-level key is protected by Certwiz’s fallback file, which is not used here.',
        { id: rec.id, protection: rec.protection },
      );
    }
    const secret = await medium.unwrap(Buffer.from(rec.wrappedSecret ?? '', 'base64'));
    try {
      return createPrivateKey({ key: rec.encryptedKeyPem, format: 'pem', passphrase: secret });
    } catch {
      throw corrupt(rec.id);
    }
  }

  async function get(idOrThumbprint: string): Promise<KeyRecord> {
    const rec = await find(idOrThumbprint);
    if (!rec) throw new CertwizError('NOT_FOUND', 'No key or certificate with this ID or thumbprint is in the store.', { id: idOrThumbprint.slice(0, 128) });
    return rec;
  }

  async function find(idOrThumbprint: string): Promise<KeyRecord | undefined> {
    const direct = await read(idOrThumbprint);
    if (direct) return direct;
    const hex = idOrThumbprint.replace(/[\s:]/g, '').toLowerCase();
    if (!/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(hex)) return undefined;
    return (await listAll()).find((r) => r.certSha1 === hex || r.certSha256 === hex);
  }

  return {
    dir,
    async savePending(input) {
      const now = new Date().toISOString();
      const prot = await protect(input.privateKey, input.securityLevel, input.password);
      const rec: KeyRecord = {
        version: 1,
        id: newKeyId(),
        status: 'pending',
        profileId: input.profileId,
        keyAlgorithm: input.keyAlgorithm,
        securityLevel: input.securityLevel,
        createdAt: now,
        subjectForm: input.subjectForm,
        normalized: input.normalized,
        csrPem: input.csrPem,
        spkiSha256: keySpkiSha256(input.privateKey),
        friendlyName: input.friendlyName,
        renewOf: input.renewOf,
        exportable: input.exportable ?? true,
        ...prot,
      };
      await write(rec, false);
      return rec;
    },

    async saveTokenKey(input) {
      const rec: KeyRecord = {
        version: 1,
        id: newKeyId(),
        status: 'pending',
        profileId: input.profileId,
        keyAlgorithm: input.keyAlgorithm,
        securityLevel: 'high',
        protection: 'token',
        createdAt: new Date().toISOString(),
        subjectForm: input.subjectForm,
        normalized: input.normalized,
        csrPem: input.csrPem,
        spkiSha256: input.spkiSha256,
        friendlyName: input.friendlyName,
        renewOf: input.renewOf,
        exportable: false,
        token: input.token,
      };
      await write(rec, false);
      return rec;
    },

    async unlockPrivateKey(id, password) {
      return unlock(await get(id), password);
    },

    async importKey(input) {
      const certs = parseCertificates(Buffer.from(input.certificatePem), 'certificate');
      const cert = certs[0];
      const spki = keySpkiSha256(input.privateKey);
      if (certSpkiSha256(cert) !== spki) {
        throw new CertwizError('INVALID_INPUT', 'The certificate does not belong to this private key.');
      }
      const sha256 = thumbprint(cert, 'sha256');
      const existing = (await listAll()).find((r) => r.certSha256 === sha256);
      if (existing) {
        throw new CertwizError('ALREADY_COMPLETED', 'This certificate and its key are already in the store.', { id: existing.id });
      }
      const chain = (input.chainPem ?? []).flatMap((p) => parseCertificates(Buffer.from(p), 'chain'));
      const now = new Date().toISOString();
      const prot = await protect(input.privateKey, input.securityLevel, input.password);
      const rec: KeyRecord = {
        version: 1,
        id: newKeyId(),
        status: 'installed',
        profileId: input.profileId ?? 'imported',
        keyAlgorithm: describeKeyAlgorithm(input.privateKey),
        securityLevel: input.securityLevel,
        createdAt: now,
        installedAt: now,
        subjectForm: { cn: '', sans: [] },
        spkiSha256: spki,
        friendlyName: input.friendlyName,
        exportable: input.exportable,
        ...prot,
        certificatePem: toPem(cert),
        chainPem: orderChain(cert, chain).map(toPem),
        certSha1: thumbprint(cert, 'sha1'),
        certSha256: sha256,
      };
      await write(rec, false);
      return rec;
    },

    async install(id, certificatePem, chainPem, extra = {}) {
      const rec = await get(id);
      if (rec.status === 'installed') {
        throw new CertwizError('ALREADY_COMPLETED', 'This request is already completed; its certificate is installed.', { id: rec.id });
      }
      const cert = parseCertificates(Buffer.from(certificatePem), 'certificate')[0];
      if (certSpkiSha256(cert) !== rec.spkiSha256) {
        throw new CertwizError('NO_PENDING_KEY', 'This certificate was not issued for this request’s key.', { id: rec.id });
      }
      const next: KeyRecord = {
        ...rec,
        status: 'installed',
        installedAt: new Date().toISOString(),
        certificatePem: toPem(cert),
        chainPem,
        certSha1: thumbprint(cert, 'sha1'),
        certSha256: thumbprint(cert, 'sha256'),
        ...(extra.practice ? { practice: true } : {}),
      };
      await write(next, true);
      return next;
    },

    get,
    find,

    async findPendingBySpki(spki) {
      return (await listAll()).find((r) => r.status === 'pending' && r.spkiSha256 === spki);
    },

    async findBySpki(spki) {
      return (await listAll()).filter((r) => r.spkiSha256 === spki);
    },

    list: listAll,

    async setSecurityLevel(id, level, currentPassword, newPassword) {
      const rec = await get(id);
      const changingPassword = level === 'high' && rec.securityLevel === 'high' && newPassword !== undefined;
      if (rec.securityLevel === level && !changingPassword) {
        throw new CertwizError('LEVEL_UNCHANGED', `This key already has the ${level === 'high' ? 'High' : 'Medium'} security level.`, { id: rec.id, level });
      }
      if (level === 'high') requirePassword(newPassword);
      const key = await unlock(rec, currentPassword);
      const prot = await protect(key, level, newPassword);
      const next: KeyRecord = { ...rec, securityLevel: level, ...prot };
      if (level === 'high') delete next.wrappedSecret;
      await write(next, true);
      return next;
    },

    async backupKeyPem(id, password, backupPassword) {
      const rec = await get(id);
      if (!rec.exportable) {
        throw new CertwizError('INVALID_INPUT', 'This key was marked not exportable when it was stored; it cannot be backed up.', { id: rec.id, reason: 'notExportable' });
      }
      const key = await unlock(rec, password);
      if (rec.securityLevel === 'high' && backupPassword === undefined) return rec.encryptedKeyPem as string;
      return encrypt(key, requirePassword(backupPassword));
    },

    async remove(id) {
      const rec = await get(id);
      await fs.unlink(fileOf(rec.id)).catch((err) => {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      });
    },
  };
}

/** PBES2 / PBKDF2-HMAC-SHA256 / AES-256-CBC (OpenSSL 3's defaults for this cipher). */
export function encrypt(key: KeyObject, passphrase: string | Buffer): string {
  return key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
}

function requirePassword(password: string | undefined): string {
  if (password === undefined || password === '') {
    throw new CertwizError('PASSWORD_REQUIRED', 'A password is needed for a key with the High security level.');
  }
  return password;
}

/** 'rsa-2048', 'ec-p256'... from the key itself (imported keys were not made here). */
export function describeKeyAlgorithm(key: KeyObject): string {
  const d = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') return `rsa-${d.modulusLength ?? 0}`;
  if (key.asymmetricKeyType === 'ec') {
    const curve = ({ prime256v1: 'p256', 'P-256': 'p256', secp384r1: 'p384', 'P-384': 'p384', secp521r1: 'p521', 'P-521': 'p521' } as Record<string, string>)[d.namedCurve ?? ''];
    return `ec-${curve ?? d.namedCurve ?? 'unknown'}`;
  }
  return key.asymmetricKeyType ?? 'unknown';
}
