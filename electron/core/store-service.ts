/**
 * The store channels (issue 4) for every shell: `stores:list`, `stores:entries`,
 * `stores:analyse`, `stores:install`, `chain:show`. service.ts composes them with one line.
 *
 * The work is electron/core/stores/ (classify, old Sub CA, placement, install, chain); this file
 * only opens the chosen store, turns the page's files ({fileName, dataBase64}) into bytes and the
 * core's objects into the plain data of shared/stores.ts. Files here are public (certificates,
 * CRLs, .p7b); a PFX holds a key and goes through the PFX wizard instead, so it is named in the
 * analysis and refused by install. A missing shared NSS DB (`~/.pki/nssdb`, which Chromium makes
 * on its first start) is created on install, the way Chromium would; other missing stores are
 * STORE_NOT_FOUND.
 */
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CertwizError } from '../../shared/errors';
import type { CertwizApi } from '../../shared/ipc';
import type { ChainView, StoreInfo, StoreInstallResult, StoreSpecName } from '../../shared/stores';
import type { KeyStore } from './keystore';
import { chainFor } from './stores/chain-request';
import { analyseFiles, installFiles, looksLikePfx, type InstallFile } from './stores/install';
import { NssStore } from './stores/nss';
import { openStore } from './stores/open';
import { fingerprint } from './stores/placement';
import { defaultNssDir, defaultSpec, findFirefoxProfiles } from './stores/spec';
import type { CertStore, StoreCertificate } from './stores/types';

type StoreApi = Pick<CertwizApi, 'stores:list' | 'stores:entries' | 'stores:analyse' | 'stores:install' | 'chain:show'>;

export interface StoreServiceOptions {
  keystore: KeyStore;
  /** Defaults: os.homedir() (HOME on Linux, so tests point it at a temp dir) and this platform. */
  home?: string;
  platform?: NodeJS.Platform;
}

interface FileIn {
  fileName: string;
  dataBase64: string;
}

/** The OS's user store as a UI spec (issue 4: "Default: the OS's user store"). */
export function defaultStoreSpec(platform: NodeJS.Platform = process.platform): StoreSpecName {
  const d = defaultSpec(platform);
  return d.kind === 'windows' ? 'windows:CurrentUser' : d.kind === 'macos' ? 'macos:login' : 'nss';
}

export function createStoreService(opts: StoreServiceOptions): StoreApi {
  const home = () => opts.home ?? homedir();
  const platform = opts.platform ?? process.platform;

  const open = (spec: StoreSpecName | undefined, password?: string): Promise<CertStore> =>
    openStore(spec ?? defaultStoreSpec(platform), { home: home(), platform, password });

  /** Lists a store, or [] with `missing` when it does not exist yet (the page says so). */
  async function listOrMissing(store: CertStore): Promise<{ list: StoreCertificate[]; missing: boolean }> {
    try {
      return { list: await store.list(), missing: false };
    } catch (e) {
      if (e instanceof CertwizError && e.code === 'STORE_NOT_FOUND') return { list: [], missing: true };
      throw e;
    }
  }

  async function storesOfThisOs(): Promise<StoreInfo[]> {
    const def = defaultStoreSpec(platform);
    const info = (spec: StoreSpecName, exists: boolean, label: string, needsAdmin = false, path?: string): StoreInfo => ({
      spec,
      exists,
      isDefault: spec === def,
      needsAdmin,
      label,
      ...(path ? { path } : {}),
    });
    if (platform === 'win32') {
      return [
        info('windows:CurrentUser', true, 'Windows certificate store (current user)'),
        info('windows:LocalMachine', true, 'Windows certificate store (local computer)', true),
      ];
    }
    if (platform === 'darwin') {
      return [info('macos:login', true, 'login keychain'), info('macos:system', true, 'System keychain', true)];
    }
    const dir = defaultNssDir(home());
    const nssExists = await fs.access(join(dir, 'cert9.db')).then(() => true, () => false);
    const profiles = await findFirefoxProfiles(home());
    return [
      info('nss', nssExists, `the NSS database at ${dir}`, false, dir),
      info('firefox', profiles.length > 0, profiles.length > 0 ? `the Firefox profile at ${profiles[0]}` : 'Firefox (no profile found)', false, profiles[0]),
    ];
  }

  return {
    async 'stores:list'() {
      return storesOfThisOs();
    },

    async 'stores:entries'(req) {
      const spec = req.store ?? defaultStoreSpec(platform);
      const store = await open(spec, req.storePassword);
      const list = await store.list();
      const crls = await store.listCrls();
      return {
        spec,
        label: store.label,
        certificates: list.map((e) => ({
          sha1: e.sha1,
          sha256: e.sha256,
          subject: e.subject,
          issuer: e.issuer,
          notBefore: e.notBefore,
          notAfter: e.notAfter,
          isCA: e.isCA,
          selfSigned: e.selfSigned,
          location: e.location,
          trust: e.trust,
          hasKey: e.hasKey ?? null,
        })),
        crls: crls.map((c) => ({ issuer: c.issuer, thisUpdate: c.thisUpdate, nextUpdate: c.nextUpdate })),
      };
    },

    async 'stores:analyse'(req) {
      const spec = req.store ?? defaultStoreSpec(platform);
      const store = await open(spec, req.storePassword);
      const { list, missing } = await listOrMissing(store);
      const view = missing ? emptyStore(store) : store;
      const a = await analyseFiles(decode(req.files), view);
      const installed = new Set(list.map((e) => e.sha256));
      return {
        spec,
        label: store.label,
        storeMissing: missing,
        certificates: a.certificates.map((c) => ({
          fileName: c.fileName,
          role: c.role,
          subject: c.subject,
          issuer: c.issuer,
          sha1: c.sha1,
          sha256: c.sha256,
          sha256Fingerprint: fingerprint(c.sha256),
          notBefore: c.notBefore.toISOString(),
          notAfter: c.notAfter.toISOString(),
          isCA: c.isCA,
          selfSigned: c.selfSigned,
          installed: installed.has(c.sha256),
        })),
        crls: a.crls.map((c) => ({ fileName: c.fileName, issuer: c.issuer, thisUpdate: c.thisUpdate.toISOString(), nextUpdate: c.nextUpdate?.toISOString() })),
        pfxFiles: a.pfxFiles.map((f) => f.name),
        oldSubCas: a.oldSubCas.map((o) => ({
          subject: o.installed.subject,
          sha1: o.installed.sha1,
          sha256: o.installed.sha256,
          notAfter: o.installed.notAfter,
          replacedBySha256: o.replacedBy.sha256,
        })),
        flagged: a.flagged,
      };
    },

    async 'stores:install'(req) {
      const files = decode(req.files);
      const pfx = files.find(looksLikePfx);
      if (pfx) {
        throw new CertwizError('INVALID_INPUT', `"${pfx.name}" is a PFX file with a private key; import it with the PFX wizard.`, { file: pfx.name, reason: 'pfx' });
      }
      const spec = req.store ?? defaultStoreSpec(platform);
      let store = await open(spec, req.storePassword);
      if (spec === 'nss' && store instanceof NssStore && (await listOrMissing(store)).missing) {
        store = await NssStore.create(defaultNssDir(home()), { password: req.storePassword });
      }
      // A root that is already a trust anchor here was confirmed when it was installed.
      const trusted = (await store.list()).filter((e) => e.location === 'root').map((e) => e.sha256);
      const report = await installFiles(files, store, {
        trustRoot: new Set([...req.confirmedRoots.map((s) => s.toLowerCase()), ...trusted]),
        rootTrust: req.rootTrust,
        removeOld: req.removeOld,
        manual: req.manual,
      });
      return {
        spec,
        label: store.label,
        files: report.files,
        needsConfirmation: report.needsConfirmation,
        removedOld: report.removedOld.map((o) => o.installed.sha256),
        flagged: report.flagged,
      };
    },

    async 'chain:show'(req) {
      const spec = req.store ?? defaultStoreSpec(platform);
      const store = await open(spec, req.storePassword);
      const { list, missing } = await listOrMissing(store);
      const { target, report } = await chainFor({
        store,
        installed: list,
        storeMissing: missing,
        keystore: opts.keystore,
        id: req.id,
        thumbprint: req.id ? undefined : req.thumbprint,
        files: decode(req.files ?? []),
      });
      const view: ChainView = { spec, label: store.label, storeMissing: missing, target: { subject: target.subject, sha256: target.sha256 }, paths: report.paths };
      return view;
    },
  };
}

function decode(files: readonly FileIn[]): InstallFile[] {
  return files.map((f) => ({ name: f.fileName, bytes: new Uint8Array(Buffer.from(f.dataBase64, 'base64')) }));
}

/** A store that does not exist yet, seen as empty for the analysis (nothing installed, no old Sub CA). */
function emptyStore(store: CertStore): CertStore {
  return Object.assign(Object.create(store) as CertStore, { list: async () => [], listCrls: async () => [] });
}

/**
 * A PFX into an OS store (issue 4 "Store selection ... used by PFX import"), for the PFX import
 * wizard's store page: the bytes main already holds (file-handles.ts), the chosen store, and the
 * roots the user confirmed. installFiles opens the PFX first (a wrong password changes nothing)
 * and holds back a self-signed root inside it unless confirmed; the result has the same shape as
 * stores:install, so the wizard can show it the same way. NSS refuses `high` (no per-key level).
 */
export async function importPfxIntoStore(
  pfx: { fileName: string; bytes: Uint8Array; password: string },
  opts: {
    store?: StoreSpecName;
    exportable?: boolean;
    securityLevel?: 'high' | 'medium';
    confirmedRoots?: readonly string[];
    storePassword?: string;
    home?: string;
    platform?: NodeJS.Platform;
  } = {},
): Promise<StoreInstallResult> {
  const platform = opts.platform ?? process.platform;
  const home = opts.home ?? homedir();
  const spec = opts.store ?? defaultStoreSpec(platform);
  let store = await openStore(spec, { home, platform, password: opts.storePassword });
  if (spec === 'nss' && store instanceof NssStore && !(await fs.access(join(defaultNssDir(home), 'cert9.db')).then(() => true, () => false))) {
    store = await NssStore.create(defaultNssDir(home), { password: opts.storePassword });
  }
  // installFiles tells a PFX by its name; the wizard's file may be named anything.
  const name = looksLikePfx({ name: pfx.fileName, bytes: pfx.bytes }) ? pfx.fileName : `${pfx.fileName}.pfx`;
  const report = await installFiles([{ name, bytes: pfx.bytes }], store, {
    trustRoot: new Set((opts.confirmedRoots ?? []).map((s) => s.toLowerCase())),
    pfxPassword: async () => pfx.password,
    pfx: { exportable: opts.exportable, securityLevel: opts.securityLevel },
  });
  const failed = report.files[0]?.error;
  if (failed) throw new CertwizError(failed.code, failed.message, failed.params);
  return { spec, label: store.label, files: report.files, needsConfirmation: report.needsConfirmation, removedOld: [], flagged: report.flagged };
}
