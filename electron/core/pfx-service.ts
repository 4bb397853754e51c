/**
 * PFX backup and restore for every shell (issue 3): the `pfx:inspect`, `pfx:export` and
 * `pfx:import` channels, and the steps the CLI shares with them.
 *
 * Export = unlock the key, write the PFX (pkcs12/write.ts), save it atomically without silently
 * replacing a file, re-read what is on disk and verify it (pkcs12/verify.ts); a file that fails
 * is removed, and the stored key is deleted (if asked) only after a passing verification. Import
 * = read, pick each key with its certificate and chain (pkcs12/select.ts), store it at the chosen
 * security level. Responses carry public facts only (shared/ipc.ts).
 */
import * as crypto from 'node:crypto';
import { promises as fs } from 'node:fs';
import { CertwizError } from '../../shared/errors';
import type { CertwizApi, PfxExported, SaveResult, StoreEntry } from '../../shared/ipc';
import type { PfxProfile, PfxVerifyResult } from '../../shared/pfx';
import { writeFileAtomic } from './atomic';
import { saveNonClobbering, safeFileName } from './files';
import type { KeyRecord, KeyStore } from './keystore';
import { inspectPfx, keyEntries, MAX_PFX_BYTES, readPfx, verifyPfx, writePfx } from './pkcs12';

/** A stored key that may leave Certwiz: installed (has its certificate), exportable, not on a card. */
export async function exportableRecord(keystore: KeyStore, idOrThumb: string): Promise<KeyRecord> {
  const rec = await keystore.get(idOrThumb);
  if (rec.status !== 'installed' || !rec.certificatePem) {
    throw new CertwizError('INVALID_INPUT', 'This request has no certificate yet; back up its key instead.', { id: rec.id, reason: 'pending' });
  }
  if (!rec.exportable) {
    throw new CertwizError('INVALID_INPUT', 'This key was marked not exportable when it was stored; it cannot be exported.', { id: rec.id, reason: 'notExportable' });
  }
  if (rec.protection === 'token') {
    throw new CertwizError('INVALID_INPUT', 'This key lives on a smart card and cannot be exported.', { id: rec.id, reason: 'token' });
  }
  return rec;
}

export interface PfxExportChoices {
  profile: PfxProfile;
  includeChain: boolean;
  privacy: boolean;
  friendlyName?: string;
  password: string;
}

const sha1Of = (pem: string) => crypto.createHash('sha1').update(new crypto.X509Certificate(pem).raw).digest('hex');

/** The PFX bytes for a record and what verify-after-write must find in them. */
export function buildPfx(rec: KeyRecord, key: crypto.KeyObject, c: PfxExportChoices) {
  const chainPem = c.includeChain ? rec.chainPem ?? [] : [];
  const bytes = writePfx({
    key,
    certificate: rec.certificatePem!,
    chain: chainPem,
    includeChain: c.includeChain,
    privacy: c.privacy,
    profile: c.profile,
    password: c.password,
    friendlyName: c.friendlyName ?? rec.friendlyName,
  });
  const expect = { profile: c.profile, privacy: c.privacy, certificateSha1: sha1Of(rec.certificatePem!), chainSha1: chainPem.map(sha1Of) };
  return { bytes, expect, certificateCount: 1 + chainPem.length };
}

/** Re-reads the written file from disk and verifies it; removes it and throws when it fails. */
export async function verifyWritten(path: string, password: string, expect: ReturnType<typeof buildPfx>['expect']): Promise<PfxVerifyResult> {
  const verify = verifyPfx(await fs.readFile(path), password, expect);
  if (!verify.ok) {
    await fs.unlink(path).catch(() => undefined);
    throw new CertwizError('WRITE_FAILED', 'The written file did not pass verification and was removed; the key was not deleted.', {
      failed: verify.checks.filter((x) => !x.ok).map((x) => x.id).join(','),
    });
  }
  return verify;
}

/** The certificate's CN (or the friendly name) as a file name. */
export function defaultPfxName(rec: KeyRecord): string {
  const cn = rec.certificatePem ? /^CN=(.*)$/m.exec(new crypto.X509Certificate(rec.certificatePem).subject)?.[1] : undefined;
  return `${safeFileName(rec.friendlyName || cn || rec.subjectForm.cn || '', 'certificate')}.pfx`;
}

function decodeFile(dataBase64: string): Buffer {
  const bytes = Buffer.from(dataBase64, 'base64');
  if (bytes.length > MAX_PFX_BYTES) {
    throw new CertwizError('PFX_TOO_LARGE', 'This file is larger than any PFX file Certwiz opens (10 MB).', { limit: MAX_PFX_BYTES });
  }
  return bytes;
}

export interface PfxServiceDeps {
  keystore: KeyStore;
  entry(rec: KeyRecord): StoreEntry;
  /** Native save dialog (Electron; it asks before replacing a file), else undefined. */
  saveFile?: (o: { defaultName: string; filters: { name: string; extensions: string[] }[] }) => Promise<string | null>;
  exportDir(): string;
}

export type PfxService = Pick<CertwizApi, 'pfx:inspect' | 'pfx:export' | 'pfx:import'>;
export type { PfxExported };

export function createPfxService(deps: PfxServiceDeps): PfxService {
  async function save(defaultName: string, data: Uint8Array): Promise<SaveResult> {
    if (deps.saveFile) {
      const path = await deps.saveFile({ defaultName, filters: [{ name: 'Personal Information Exchange', extensions: ['pfx', 'p12'] }] });
      if (!path) return { cancelled: true };
      await writeFileAtomic(path, data, { mode: 0o600, overwrite: true });
      return { path };
    }
    return { path: await saveNonClobbering(deps.exportDir(), defaultName, data, 0o600) };
  }

  return {
    async 'pfx:inspect'(req) {
      return inspectPfx(decodeFile(req.dataBase64), req.password);
    },

    async 'pfx:export'(req) {
      const rec = await exportableRecord(deps.keystore, req.id);
      const key = await deps.keystore.unlockPrivateKey(rec.id, rec.securityLevel === 'high' ? req.keyPassword : undefined);
      const built = buildPfx(rec, key, req);
      const saved = await save(defaultPfxName(rec), built.bytes);
      if ('cancelled' in saved) return { saved, verify: null, keyDeleted: false };
      const verify = await verifyWritten(saved.path, req.password, built.expect);
      let keyDeleted = false;
      if (req.deleteKey) {
        await deps.keystore.remove(rec.id);
        keyDeleted = true;
      }
      return { saved, verify, keyDeleted };
    },

    async 'pfx:import'(req) {
      if (req.securityLevel === 'high' && !req.newPassword) {
        throw new CertwizError('PASSWORD_REQUIRED', 'A password is needed for a key with the High security level.', { field: 'newPassword' });
      }
      const entries = keyEntries(readPfx(decodeFile(req.dataBase64), req.password));
      const out: StoreEntry[] = [];
      for (const e of entries) {
        const rec = await deps.keystore.importKey({
          privateKey: e.key,
          certificatePem: e.certificatePem,
          chainPem: e.chainPem,
          securityLevel: req.securityLevel,
          password: req.securityLevel === 'high' ? req.newPassword : undefined,
          exportable: req.exportable,
          friendlyName: req.includeExtendedProperties ? e.friendlyName ?? undefined : undefined,
        });
        out.push(deps.entry(rec));
      }
      return { entries: out };
    },
  };
}
