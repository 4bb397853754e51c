/**
 * The core service: every channel of the IPC contract (shared/ipc.ts) implemented in plain
 * Node, shared by Electron main, the browser shell and the CLI (ARCHITECTURE.md "One core,
 * three shells"). Handlers receive requests already parsed by the contract's schemas
 * (electron/ipc/dispatch.ts); they still refuse what the schema cannot know (unknown profile,
 * field rules, a certificate whose key is not pending).
 */
import { KeyObject } from 'node:crypto';
import { CertwizError } from '../../shared/errors';
import type { CertwizApi, CsrCreated, SaveResult, StoreEntry, SubjectForm } from '../../shared/ipc';
import { getProfile } from '../../shared/profiles';
import { validateRequest } from '../../shared/fields';
import { formatSan, formatSubject } from '../../shared/dn';
import type { NormalizedSubject } from '../../shared/subject';
import { generateKeyPair } from './keys';
import { buildCsr } from './csr';
import type { MediumProtector } from './medium';
import { openKeyStore, type KeyStore, type KeyRecord } from './keystore';
import { openPracticeCa, PRACTICE_NAMES, type PracticeCa, type ProfileKind } from './practice-ca';
import { parseCertificates, certSpkiSha256, orderChain, toPem, summarize, thumbprint, rfc4514, MAX_CERT_FILE_BYTES } from './certs';
import { toStoreEntry, subjectFormOf } from './store-entry';
import { defaultExportDir } from './paths';
import { saveNonClobbering, safeFileName } from './files';
import { writeFileAtomic } from './atomic';
import { createPfxService } from './pfx-service';
import { createFileHandles } from './file-handles';
import { createTokenService, type TokenCompleteOptions, type TokenService } from './token-service';
import { createFlowService } from './flow-state';
import { createCertDetailsService } from './cert-details';
import { createStoreService } from './store-service';
import { createHelpdeskService } from './helpdesk-service';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

export type SaveFileDialog = (o: { defaultName: string; filters: { name: string; extensions: string[] }[] }) => Promise<string | null>;

/** Moments of csr:create, for progress in the UI and for the crash tests. */
export type CsrStage = 'validated' | 'keygen' | 'csr' | 'saved';

export interface CoreOptions {
  dataDir: string;
  medium: MediumProtector;
  shell: 'electron' | 'web' | 'cli';
  version: string;
  locale?: string;
  /** Native save dialog (Electron). Absent: files go to the export dir under a fresh name. */
  saveFile?: SaveFileDialog;
  /** Native open dialog shown by main (Electron), for file:open. Absent: file:upload instead. */
  openFile?: (o: { filters: { name: string; extensions: string[] }[] }) => Promise<string | null>;
  /** Default $CERTWIZ_EXPORT_DIR or ~/Downloads. */
  exportDir?: string;
  onCsrStage?: (stage: CsrStage) => void;
}

export interface Core extends CertwizApi {
  readonly dataDir: string;
  readonly keystore: KeyStore;
  readonly practiceCa: PracticeCa;
  /** Cards and tokens (issue 5): token:list / token:modules and the card side of enroll/complete. */
  readonly tokens: TokenService;
  /** request:complete from raw bytes (the CLI reads the file itself); `token` when the key is on a card. */
  completeBytes(bytes: Uint8Array, fileName: string, token?: TokenCompleteOptions): Promise<import('../../shared/ipc').Completed>;
  entry(rec: KeyRecord): StoreEntry;
}

const PRACTICE_SUB_CA = rfc4514(new x509.Name(PRACTICE_NAMES.subCa));

/**
 * What csr:create answers (issue 2 CLI contract: `csr --json` has requestId, csrPem, subject as
 * RFC 4514, sans as encoded, keyAlgorithm), the same for a key kept by Certwiz or made on a card.
 */
function csrCreated(
  n: NormalizedSubject,
  csrPem: string,
  r: Pick<CsrCreated, 'requestId' | 'keyAlgorithm' | 'securityLevel' | 'createdAt'>,
): CsrCreated {
  return {
    requestId: r.requestId,
    csrPem,
    subject: formatSubject(n, 'encoded'),
    subjectDisplay: formatSubject(n, 'display'),
    sans: n.sans.map((s) => formatSan(s, 'encoded')),
    sansDisplay: n.sans.map((s) => formatSan(s, 'display')),
    keyAlgorithm: r.keyAlgorithm,
    securityLevel: r.securityLevel,
    createdAt: r.createdAt,
  };
}

export function createCore(opts: CoreOptions): Core {
  const keystore = openKeyStore(opts.dataDir, opts.medium);
  const practiceCa = openPracticeCa(opts.dataDir);
  const exportDir = () => opts.exportDir ?? defaultExportDir();
  const stage = (s: CsrStage) => opts.onCsrStage?.(s);
  const tokens = createTokenService({ dataDir: opts.dataDir, keystore });

  async function save(defaultName: string, ext: string, filterName: string, data: string | Uint8Array, mode: number): Promise<SaveResult> {
    if (opts.saveFile) {
      const path = await opts.saveFile({ defaultName, filters: [{ name: filterName, extensions: [ext] }] });
      if (!path) return { cancelled: true };
      // The native dialog has already asked before replacing a file: not a silent overwrite.
      await writeFileAtomic(path, data, { mode, overwrite: true });
      return { path };
    }
    return { path: await saveNonClobbering(exportDir(), defaultName, data, mode) };
  }

  /** The form for a renewal: the user's values win, the installed certificate fills the rest. */
  async function renewalForm(renewOf: string, form: SubjectForm): Promise<{ form: SubjectForm; thumb: string }> {
    const rec = await keystore.get(renewOf);
    if (rec.status !== 'installed' || !rec.certificatePem) {
      throw new CertwizError('NOT_FOUND', 'Only an installed certificate can be renewed.', { id: rec.id });
    }
    const cert = parseCertificates(Buffer.from(rec.certificatePem), 'certificate')[0];
    const base = rec.subjectForm.cn ? rec.subjectForm : subjectFormOf(cert);
    const merged: SubjectForm = { ...base, ...Object.fromEntries(Object.entries(form).filter(([, v]) => v !== undefined && v !== '')) } as SubjectForm;
    if (form.sans.length === 0) merged.sans = base.sans;
    return { form: merged, thumb: thumbprint(cert, 'sha256') };
  }

  const api: CertwizApi = {
    async 'app:info'() {
      return {
        version: opts.version,
        platform: process.platform,
        shell: opts.shell,
        locale: opts.locale ?? Intl.DateTimeFormat().resolvedOptions().locale,
        mediumProtection: opts.medium.kind,
        dataDir: opts.dataDir,
      };
    },

    async 'csr:create'(req) {
      const profile = getProfile(req.profileId);
      if (!profile) throw new CertwizError('PROFILE_NOT_FOUND', 'There is no CA profile with this ID.', { profileId: req.profileId });
      let form = req.subject;
      let renewOf: string | undefined;
      if (req.renewOf) ({ form, thumb: renewOf } = await renewalForm(req.renewOf, form));
      const result = validateRequest(profile, form, req.keyAlgorithm);
      if (!result.ok || !result.normalized) {
        const first = result.issues[0];
        const code = first?.field === 'keyAlgorithm' ? 'KEY_ALGORITHM_NOT_ALLOWED' : 'FIELD_INVALID';
        throw new CertwizError(code, first?.message ?? 'The request is not valid.', {
          field: first?.field ?? '',
          rule: first?.rule ?? '',
          count: result.issues.length,
        });
      }
      if (req.keyLocation?.kind === 'token') {
        // Issue 5: the key pair is made on the card and the card signs the CSR (token-service.ts);
        // the card's PIN protects the key, so there is no security level or password here.
        stage('validated');
        const n = result.normalized;
        const made = await tokens.createCsr({
          profileId: profile.id,
          profileName: profile.name,
          keyAlgorithm: req.keyAlgorithm,
          normalized: n,
          subjectForm: form,
          friendlyName: req.friendlyName,
          renewOf,
          location: req.keyLocation,
          onPhase: stage,
        });
        stage('saved');
        const t = made.record.token!;
        return {
          ...csrCreated(n, made.csrPem, { requestId: made.record.id, keyAlgorithm: req.keyAlgorithm, securityLevel: made.record.securityLevel, createdAt: made.record.createdAt }),
          token: { label: t.label, serial: t.serial },
        };
      }
      if (req.securityLevel === 'high' && !req.password) {
        throw new CertwizError('PASSWORD_REQUIRED', 'A password is needed for the High security level.', { field: 'password' });
      }
      stage('validated');
      stage('keygen');
      const keys = await generateKeyPair(req.keyAlgorithm);
      stage('csr');
      const csr = await buildCsr(result.normalized, keys, req.keyAlgorithm);
      // The key and its CSR land together in one rename before anyone sees the CSR.
      const rec = await keystore.savePending({
        privateKey: KeyObject.from(keys.privateKey),
        csrPem: csr.pem,
        profileId: profile.id,
        keyAlgorithm: req.keyAlgorithm,
        securityLevel: req.securityLevel,
        password: req.password,
        subjectForm: form,
        normalized: result.normalized,
        friendlyName: req.friendlyName,
        renewOf,
      });
      stage('saved');
      const n = result.normalized;
      return csrCreated(n, csr.pem, { requestId: rec.id, keyAlgorithm: req.keyAlgorithm, securityLevel: req.securityLevel, createdAt: rec.createdAt });
    },

    async 'csr:save'(req) {
      const rec = await keystore.get(req.requestId);
      if (!rec.csrPem) throw new CertwizError('NOT_FOUND', 'This entry has no certificate request.', { id: rec.id });
      const name = `${safeFileName(rec.subjectForm.cn || rec.subjectForm.email || '', 'request')}.${req.format}`;
      return save(name, req.format, 'Certificate request', rec.csrPem, 0o644);
    },

    async 'certs:list'(req) {
      const entries = (await keystore.list()).map((r) => toStoreEntry(r));
      if (req.expiringDays === undefined) return entries;
      return entries.filter((e) => e.daysLeft !== undefined && e.daysLeft <= req.expiringDays!);
    },

    async 'request:complete'(req) {
      const bytes = Buffer.from(req.dataBase64, 'base64');
      return core.completeBytes(bytes, req.fileName, { pin: req.pin, chainToToken: req.chainToToken });
    },

    async 'request:delete'(req) {
      const rec = await keystore.get(req.requestId);
      if (rec.status !== 'pending') {
        throw new CertwizError('ALREADY_COMPLETED', 'Only a pending request can be deleted here.', { id: rec.id });
      }
      // A card request with its PIN: the key pair leaves the card first (nothing half-deleted).
      if (rec.token && req.pin !== undefined) await tokens.deleteKey(rec, req.pin);
      await keystore.remove(rec.id);
      return { deleted: true };
    },

    async 'practiceCa:sign'(req) {
      const rec = await keystore.get(req.requestId);
      if (rec.status !== 'pending' || !rec.csrPem) {
        throw new CertwizError('ALREADY_COMPLETED', 'This request is already completed.', { id: rec.id });
      }
      const kind: ProfileKind | undefined = getProfile(rec.profileId)?.kind;
      const issued = await practiceCa.sign(rec.csrPem, kind);
      return { certificatePem: issued.certificatePem, chainPem: issued.chainPem, certificate: summarize(issued.certificate) };
    },

    async 'practiceCa:info'() {
      return practiceCa.info();
    },

    async 'key:backup'(req) {
      const rec = await keystore.get(req.id);
      const pem = await keystore.backupKeyPem(rec.id, req.password, req.backupPassword);
      const stem = safeFileName(rec.subjectForm.cn || rec.subjectForm.email || rec.id, 'key');
      return save(`${stem}-key-backup.pem`, 'pem', 'Encrypted private key (PKCS #8)', pem, 0o600);
    },

    async 'key:setSecurityLevel'(req) {
      const rec = await keystore.setSecurityLevel(req.id, req.level, req.currentPassword, req.newPassword);
      return toStoreEntry(rec);
    },

    // pfx:inspect, pfx:export, pfx:import (issue 3): see pfx-service.ts.
    ...createPfxService({
      keystore,
      entry: (rec) => toStoreEntry(rec),
      files: createFileHandles(),
      shell: opts.shell,
      saveFile: opts.saveFile,
      openFile: opts.openFile,
      exportDir,
      completeBytes: (bytes, fileName) => core.completeBytes(bytes, fileName),
    }),

    // token:list, token:modules (issue 5): see token-service.ts.
    'token:list': (req) => tokens['token:list'](req),
    'token:modules': (req) => tokens['token:modules'](req),
    // flow:* (guided flows' progress, no secrets) and certs:details (viewer), issue 6.
    ...createFlowService(opts.dataDir),
    ...createCertDetailsService({ keystore }),
    // stores:list/entries/analyse/install and chain:show (issue 4): see store-service.ts.
    ...createStoreService({ keystore }),
    // report:get, dcv:instructions, dcv:check (issue 6): see helpdesk-service.ts.
    ...createHelpdeskService({ keystore, dataDir: opts.dataDir, info: () => api['app:info']({}), modules: async () => (await tokens['token:modules']({})).modules.map((m) => m.path) }),
  };

  const core: Core = {
    ...api,
    dataDir: opts.dataDir,
    keystore,
    practiceCa,
    tokens,
    entry: (rec) => toStoreEntry(rec),

    /**
     * Matches the issued certificate to a pending key by public key (issue 2 part 5). The file
     * may carry the chain (PKCS#7 or several PEM blocks); the leaf is the one whose key is ours.
     */
    async completeBytes(bytes, fileName, token = {}) {
      const certs = parseCertificates(bytes, fileName.slice(0, 256) || 'certificate');
      for (const cert of certs) {
        const rec = await keystore.findPendingBySpki(certSpkiSha256(cert));
        if (!rec) continue;
        let chain = orderChain(cert, certs).map(toPem);
        const practice = rfc4514(cert.issuerName) === PRACTICE_SUB_CA && (await practiceCa.issued(cert));
        // A practice certificate saved alone still gets its chain: the CA is right here.
        if (practice && chain.length === 0) chain = await practiceCa.chainPem();
        // A key on a card: the certificate goes onto the card next to it first (issue 5).
        if (rec.token) {
          const chainDer = chain.flatMap((p) => parseCertificates(Buffer.from(p), 'chain')).map((c) => new Uint8Array(c.rawData));
          await tokens.writeIssued(rec, new Uint8Array(cert.rawData), chainDer, token);
        }
        const done = await keystore.install(rec.id, toPem(cert), chain, { practice });
        return { entry: toStoreEntry(done), chainCount: chain.length };
      }
      for (const cert of certs) {
        const owners = await keystore.findBySpki(certSpkiSha256(cert));
        if (owners.length > 0) {
          throw new CertwizError('ALREADY_COMPLETED', 'This certificate’s request is already completed; its certificate is installed.', { id: owners[0].id });
        }
      }
      throw new CertwizError(
        'NO_PENDING_KEY',
        'This certificate does not belong to any pending request on this computer: its public key matches none of the keys Certwiz made. Check that it is the certificate issued for your request.',
        { file: fileName.slice(0, 256) },
      );
    },
  };
  return core;
}

export { MAX_CERT_FILE_BYTES };
