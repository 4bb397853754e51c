/**
 * PFX backup and restore for every shell (issue 3): the `file:open` / `file:upload` handles and
 * the `pfx:inspect`, `pfx:export`, `pfx:import`, `certs:export`, `pem:export` channels, and the
 * steps the CLI shares with them.
 *
 * Export = unlock the key, write the PFX (pkcs12/write.ts), save it atomically without silently
 * replacing a file, re-read what is on disk and verify it (pkcs12/verify.ts); a file that fails
 * is removed, and the stored key is deleted (if asked) only after a passing verification. Import
 * = read, pick each key with its certificate and chain (pkcs12/select.ts), store it at the chosen
 * security level. Responses carry public facts only (shared/ipc.ts). Files come in as handles
 * (file-handles.ts): the renderer names a file by fileId, main holds the bytes. The reading,
 * writing and verifying run on a worker thread (pkcs12/offthread.ts) so a 600000-iteration file
 * does not stop Electron main or the browser shell; the CLI keeps the synchronous calls.
 */
import * as crypto from 'node:crypto';
import { promises as fs } from 'node:fs';
import { CertwizError } from '../../shared/errors';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { CertwizApi, Completed, PfxExported, SaveResult, StoreEntry } from '../../shared/ipc';
import type { PfxInspection, PfxProfile, PfxVerifyResult } from '../../shared/pfx';
import { CERTIFICATE_EXTENSIONS, PFX_EXTENSIONS, type FilePurpose, type OpenedFile } from '../../shared/pfx-contract';
import { writeFileAtomic } from './atomic';
import { readInputFile, saveNonClobbering, safeFileName } from './files';
import { encrypt, type KeyRecord, type KeyStore } from './keystore';
import { keyEntries, MAX_PFX_BYTES, verifyPfx, writePfx } from './pkcs12';
import { inspectPfxAsync, readPfxAsync, verifyPfxAsync, writePfxAsync } from './pkcs12/offthread';
import { parseCertificates, summarize, toPem } from './certs';
import type { FileHandles } from './file-handles';
import { importPfxIntoStore } from './store-service';

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

/** What writePfx gets for a record, and what verify-after-write must then find in the file. */
function pfxPlan(rec: KeyRecord, key: crypto.KeyObject, c: PfxExportChoices) {
  const chainPem = c.includeChain ? rec.chainPem ?? [] : [];
  const input = {
    key,
    certificate: rec.certificatePem!,
    chain: chainPem,
    includeChain: c.includeChain,
    privacy: c.privacy,
    profile: c.profile,
    password: c.password,
    friendlyName: c.friendlyName ?? rec.friendlyName,
  };
  const expect = { profile: c.profile, privacy: c.privacy, certificateSha1: sha1Of(rec.certificatePem!), chainSha1: chainPem.map(sha1Of) };
  return { input, expect, certificateCount: 1 + chainPem.length };
}

/** The PFX bytes for a record and what verify-after-write must find in them. */
export function buildPfx(rec: KeyRecord, key: crypto.KeyObject, c: PfxExportChoices) {
  const { input, expect, certificateCount } = pfxPlan(rec, key, c);
  return { bytes: writePfx(input), expect, certificateCount };
}

/** buildPfx with the writing on the worker thread (Electron main and the browser shell). */
export async function buildPfxOffThread(rec: KeyRecord, key: crypto.KeyObject, c: PfxExportChoices) {
  const { input, expect, certificateCount } = pfxPlan(rec, key, c);
  return { bytes: await writePfxAsync(input), expect, certificateCount };
}

/**
 * Re-reads the written file from disk and verifies it; removes it and throws when it fails.
 * `offThread`: verify on the worker thread (the shells); the CLI verifies in its own thread.
 */
export async function verifyWritten(path: string, password: string, expect: ReturnType<typeof buildPfx>['expect'], offThread = false): Promise<PfxVerifyResult> {
  const onDisk = await fs.readFile(path);
  const verify = offThread ? await verifyPfxAsync(onDisk, password, expect) : verifyPfx(onDisk, password, expect);
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

/** A certificate-only file (.cer/.crt/.der/.pem/.p7b) or a PFX, by name, else by content. */
export function fileKind(fileName: string, bytes: Uint8Array): OpenedFile['kind'] {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if ((PFX_EXTENSIONS as readonly string[]).includes(ext)) return 'pfx';
  if ((CERTIFICATE_EXTENSIONS as readonly string[]).includes(ext)) return 'certificate';
  const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1').trimStart();
  return head.startsWith('-----BEGIN') ? 'certificate' : 'pfx';
}

/** What a certificate-only file holds, in the inspect shape (no keys, no protection). */
function inspectCertificates(bytes: Uint8Array, fileName: string): PfxInspection {
  const certs = parseCertificates(bytes, fileName);
  return {
    certificates: certs.map((c) => {
      const s = summarize(c);
      return { subject: s.subject, issuer: s.issuer, serialNumber: s.serialNumber, sha1: s.sha1, sha256: s.sha256, notBefore: s.notBefore, notAfter: s.notAfter, isCA: s.isCA, friendlyName: null, localKeyId: null, hasPrivateKey: false };
    }),
    keys: [],
    protection: { keys: null, certificates: null, mac: null, macIterations: null },
  };
}

const FILTERS: Record<FilePurpose, { name: string; extensions: string[] }[]> = {
  pfx: [
    { name: 'Personal Information Exchange (*.pfx, *.p12)', extensions: [...PFX_EXTENSIONS] },
    { name: 'Certificates (*.cer, *.crt, *.der, *.pem, *.p7b)', extensions: [...CERTIFICATE_EXTENSIONS] },
  ],
  certificate: [{ name: 'Certificates (*.cer, *.crt, *.der, *.pem, *.p7b)', extensions: [...CERTIFICATE_EXTENSIONS] }],
};

export interface PfxServiceDeps {
  keystore: KeyStore;
  entry(rec: KeyRecord): StoreEntry;
  files: FileHandles;
  shell: 'electron' | 'web' | 'cli';
  /** Native save dialog (Electron; it asks before replacing a file), else undefined. */
  saveFile?: (o: { defaultName: string; filters: { name: string; extensions: string[] }[] }) => Promise<string | null>;
  /** Native open dialog shown by main (Electron), else undefined. */
  openFile?: (o: { filters: { name: string; extensions: string[] }[] }) => Promise<string | null>;
  exportDir(): string;
  /** A certificate alone is "imported" by completing the pending request it was issued for. */
  completeBytes(bytes: Uint8Array, fileName: string): Promise<Completed>;
  /** Where the OS stores are looked up (`pfx:import` with `store`); default os.homedir() / this OS. */
  home?: string;
  platform?: NodeJS.Platform;
}

export type PfxService = Pick<CertwizApi, 'pfx:inspect' | 'pfx:export' | 'pfx:import' | 'file:open' | 'file:upload' | 'certs:export' | 'pem:export'>;
export type { PfxExported };

export function createPfxService(deps: PfxServiceDeps): PfxService {
  async function save(defaultName: string, data: string | Uint8Array, filter: { name: string; extensions: string[] }, mode = 0o600): Promise<SaveResult> {
    if (deps.saveFile) {
      const path = await deps.saveFile({ defaultName, filters: [filter] });
      if (!path) return { cancelled: true };
      // The native dialog has already asked before replacing a file: not a silent overwrite.
      await writeFileAtomic(path, data, { mode, overwrite: true });
      return { path };
    }
    return { path: await saveNonClobbering(deps.exportDir(), defaultName, data, mode) };
  }

  const hold = (fileName: string, bytes: Uint8Array): OpenedFile => ({ ...deps.files.put(fileName, bytes), kind: fileKind(fileName, bytes) });
  const stem = (rec: KeyRecord) => defaultPfxName(rec).replace(/\.pfx$/, '');

  async function installedWithKey(id: string, keyPassword: string | undefined) {
    const rec = await exportableRecord(deps.keystore, id);
    const key = await deps.keystore.unlockPrivateKey(rec.id, rec.securityLevel === 'high' ? keyPassword : undefined);
    return { rec, key };
  }

  return {
    async 'file:open'(req) {
      if (!deps.openFile) {
        throw new CertwizError('INVALID_INPUT', 'There is no file dialog in this window; choose the file with the page’s file button.', { reason: 'noDialog' });
      }
      const path = await deps.openFile({ filters: FILTERS[req.purpose] });
      if (!path) return { cancelled: true };
      const bytes = await readInputFile(path, MAX_PFX_BYTES);
      return hold(path, bytes);
    },

    async 'file:upload'(req) {
      // In Electron the renderer must not hold PFX bytes: main opens the file itself (file:open).
      if (deps.shell === 'electron') {
        throw new CertwizError('INVALID_INPUT', 'Choose the file with Browse…; the desktop app opens it itself.', { reason: 'useDialog' });
      }
      if (req.dataBase64.length > Math.ceil((MAX_PFX_BYTES * 4) / 3) + 4) {
        throw new CertwizError('FILE_TOO_LARGE', 'This file is larger than Certwiz opens here (10 MB).', { limit: MAX_PFX_BYTES });
      }
      return hold(req.fileName, Buffer.from(req.dataBase64, 'base64'));
    },

    async 'pfx:inspect'(req) {
      const f = deps.files.get(req.fileId);
      if (fileKind(f.fileName, f.bytes) === 'certificate') return inspectCertificates(f.bytes, f.fileName);
      return inspectPfxAsync(f.bytes, req.password);
    },

    async 'pfx:export'(req) {
      const { rec, key } = await installedWithKey(req.id, req.keyPassword);
      const built = await buildPfxOffThread(rec, key, req);
      const saved = await save(defaultPfxName(rec), built.bytes, { name: 'Personal Information Exchange', extensions: ['pfx', 'p12'] });
      if ('cancelled' in saved) return { saved, verify: null, keyDeleted: false };
      const verify = await verifyWritten(saved.path, req.password, built.expect, true);
      let keyDeleted = false;
      if (req.deleteKey) {
        await deps.keystore.remove(rec.id);
        keyDeleted = true;
      }
      return { saved, verify, keyDeleted };
    },

    async 'pfx:import'(req) {
      const f = deps.files.get(req.fileId);
      if (fileKind(f.fileName, f.bytes) === 'certificate') {
        // Certificates alone: the issued certificate of a pending request (NO_PENDING_KEY else).
        const done = await deps.completeBytes(f.bytes, f.fileName);
        deps.files.drop(req.fileId);
        return { entries: [done.entry] };
      }
      if (req.store) {
        // Issue 4: the same file into an OS store (store-service.ts places it and holds an
        // unconfirmed self-signed root); Certwiz's own store is left alone.
        const result = await importPfxIntoStore(
          { fileName: f.fileName, bytes: f.bytes, password: req.password },
          {
            store: req.store,
            exportable: req.exportable,
            securityLevel: req.securityLevel,
            confirmedRoots: req.confirmedRoots,
            storePassword: req.storePassword,
            home: deps.home,
            platform: deps.platform,
          },
        );
        deps.files.drop(req.fileId);
        return { entries: [], store: result };
      }
      if (req.securityLevel === 'high' && !req.newPassword) {
        throw new CertwizError('PASSWORD_REQUIRED', 'A password is needed for a key with the High security level.', { field: 'newPassword' });
      }
      const entries = keyEntries(await readPfxAsync(f.bytes, req.password));
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
      // Imported: the bytes are not needed any more.
      deps.files.drop(req.fileId);
      return { entries: out };
    },

    async 'certs:export'(req) {
      const rec = await deps.keystore.get(req.id);
      if (!rec.certificatePem) throw new CertwizError('NOT_FOUND', 'This entry has no certificate yet.', { id: rec.id });
      const leaf = parseCertificates(Buffer.from(rec.certificatePem), 'certificate')[0];
      if (req.format === 'der') return save(`${stem(rec)}.cer`, new Uint8Array(leaf.rawData), { name: 'DER encoded binary X.509 (.CER)', extensions: ['cer'] }, 0o644);
      if (req.format === 'base64') return save(`${stem(rec)}.cer`, toPem(leaf), { name: 'Base-64 encoded X.509 (.CER)', extensions: ['cer'] }, 0o644);
      // PKCS #7 certificates-only (RFC 2315 §9.1 degenerate SignedData), written by @peculiar/x509.
      const chain = req.includeChain ? (rec.chainPem ?? []).flatMap((p) => parseCertificates(Buffer.from(p), 'chain')) : [];
      const p7 = new x509.X509Certificates([leaf, ...chain]).export('raw');
      return save(`${stem(rec)}.p7b`, new Uint8Array(p7), { name: 'Cryptographic Message Syntax Standard - PKCS #7 Certificates (.P7B)', extensions: ['p7b'] }, 0o644);
    },

    async 'pem:export'(req) {
      if (!req.plainKey && !req.pemPassword) {
        throw new CertwizError('PASSWORD_REQUIRED', 'A password for the key in the PEM file is needed (or ask for a plain key).', { field: 'pemPassword' });
      }
      const { rec, key } = await installedWithKey(req.id, req.keyPassword);
      const keyPem = req.plainKey ? (key.export({ type: 'pkcs8', format: 'pem' }) as string) : encrypt(key, req.pemPassword!);
      const chain = req.includeChain ? (rec.chainPem ?? []).join('') : '';
      // nginx's ssl_certificate wants the leaf first, then the chain; the key may share the file.
      return save(`${stem(rec)}-bundle.pem`, keyPem + rec.certificatePem! + chain, { name: 'PEM (key, certificate, chain)', extensions: ['pem'] }, 0o600);
    },
  };
}
