/**
 * Cards and tokens in the core service (issue 5): `token:list`, `token:modules`, a key pair
 * generated on the card for `csr:create`, and the issued certificate written back onto the card
 * when a request completes. service.ts composes this with one line and calls the two hooks.
 *
 * The PKCS#11 code (graphene-pk11, pkcs11js: a native module) is imported on first use, so the
 * CLI commands and shells that never touch a card do not load it (cold start, issue 2 bench).
 *
 * Listing, finding, the has-key check, writing the certificate, importing and deleting run on the
 * library's token worker (pkcs11/offthread.ts): the Key page polls token:list every few seconds,
 * and a slow reader or a hung driver must not freeze main (TOKEN_TIMEOUT instead). Key generation
 * and CSR signing stay here: pkcs11js already runs them on libuv's thread pool.
 *
 * The PIN crosses into main once per operation, is passed straight to C_Login and is never stored,
 * logged or part of an error (pkcs11/errors.ts builds params without it).
 *
 * Which library: the one the request names, else CERTWIZ_PKCS11_MODULE, else the one the user
 * added (saved in <dataDir>/pkcs11.json), else the first found in the usual places
 * (pkcs11/modules.ts): issue 5 "a setting for any other path ... let the user add a library path".
 */
import { promises as fs } from 'node:fs';
import { join, isAbsolute } from 'node:path';
import { CertwizError } from '../../shared/errors';
import type { KeyAlgorithm } from '../../shared/ipc';
import type { NormalizedSubject } from '../../shared/subject';
import type { SubjectForm } from '../../shared/ipc';
import type { TokenList, TokenModule } from '../../shared/token';
import { writeFileAtomic, ensurePrivateDir } from './atomic';
import { spkiSha256 } from './certs';
import { buildCsr } from './csr';
import type { KeyRecord, KeyStore } from './keystore';

type Pkcs11 = typeof import('./pkcs11/index');
let pkcs11: Promise<Pkcs11> | undefined;
/** The PKCS#11 layer, loaded once on first use. */
export function loadPkcs11(): Promise<Pkcs11> {
  pkcs11 ??= import('./pkcs11/index');
  return pkcs11;
}

/** What csr:create's `keyLocation` says for a card (shared/ipc.ts). */
export interface TokenKeyLocation {
  kind: 'token';
  /** Label or serial (card number). */
  token: string;
  module?: string;
  pin?: string;
  /** CKA_LABEL for the key; default: profile name, common name and month. */
  label?: string;
}

export interface TokenCsrInput {
  profileId: string;
  profileName: string;
  keyAlgorithm: KeyAlgorithm;
  normalized: NormalizedSubject;
  subjectForm: SubjectForm;
  friendlyName?: string;
  renewOf?: string;
  location: TokenKeyLocation;
  onPhase?: (phase: 'keygen' | 'csr') => void;
}

export interface TokenCompleteOptions {
  pin?: string;
  /** Also write the chain's CA certificates onto the card (Certum: "install ... on the card"). */
  chainToToken?: boolean;
  /** A library path to use instead of the one recorded (the middleware moved). */
  module?: string;
}

interface Settings {
  modules: string[];
}

export interface TokenService {
  'token:list'(req: { module?: string }): Promise<TokenList>;
  'token:modules'(req: { add?: string; remove?: string }): Promise<{ modules: TokenModule[] }>;
  /** The library an operation uses: explicit, environment, added, found; undefined if none. */
  modulePath(requested?: string): Promise<string | undefined>;
  /** Key on the card, CSR signed by the card, pending record saved (no key file). */
  createCsr(input: TokenCsrInput): Promise<{ record: KeyRecord; csrPem: string }>;
  /** Checks without a PIN that the card with the request's key is in a reader. */
  checkCardHasKey(rec: KeyRecord, module?: string): Promise<void>;
  /** Removes a pending request's key pair from its card (request:delete with the PIN). */
  deleteKey(rec: KeyRecord, pin: string, module?: string): Promise<{ deleted: number }>;
  /** Writes the certificate (and chain when asked) onto the card next to the key. */
  writeIssued(rec: KeyRecord, certificateDer: Uint8Array, chainDer: Uint8Array[], opts: TokenCompleteOptions): Promise<{ caCertificatesWritten: number }>;
}

const MONTH = () => new Date().toISOString().slice(0, 7);

/** A CKA_LABEL people recognise in card tools: "<profile> <CN or e-mail> <yyyy-mm>", ≤ 64. */
export function defaultKeyLabel(profileName: string, form: SubjectForm): string {
  const who = (form.cn || form.email || '').trim();
  // eslint-disable-next-line no-control-regex
  const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
  const tail = ` ${MONTH()}`;
  const head = clean(`${profileName} ${who}`).slice(0, 64 - tail.length).trim();
  return (head || 'Certwiz key') + tail;
}

export function createTokenService(opts: { dataDir: string; keystore: KeyStore; env?: NodeJS.ProcessEnv }): TokenService {
  const { keystore } = opts;
  const env = () => opts.env ?? process.env;
  const settingsFile = join(opts.dataDir, 'pkcs11.json');

  async function readSettings(): Promise<Settings> {
    try {
      const j = JSON.parse(await fs.readFile(settingsFile, 'utf8')) as Partial<Settings>;
      const modules = Array.isArray(j.modules) ? j.modules.filter((m): m is string => typeof m === 'string' && isAbsolute(m)) : [];
      return { modules };
    } catch {
      // Missing or hand-damaged: no user-added libraries (the found ones still work).
      return { modules: [] };
    }
  }

  async function writeSettings(s: Settings): Promise<void> {
    await ensurePrivateDir(opts.dataDir);
    await writeFileAtomic(settingsFile, JSON.stringify(s, null, 2) + '\n', { mode: 0o600, overwrite: true });
  }

  async function moduleList(): Promise<TokenModule[]> {
    const { findModules } = await loadPkcs11();
    const out: TokenModule[] = [];
    const push = (path: string, source: TokenModule['source']) => {
      if (!out.some((m) => m.path === path)) out.push({ path, source, isDefault: false });
    };
    const e = env();
    const configured = e.CERTWIZ_PKCS11_MODULE?.trim();
    if (configured) push(configured, 'environment');
    for (const m of (await readSettings()).modules) push(m, 'added');
    for (const m of findModules(process.platform, { ...e, CERTWIZ_PKCS11_MODULE: undefined })) push(m, 'found');
    if (out[0]) out[0].isDefault = true;
    return out;
  }

  async function modulePath(requested?: string): Promise<string | undefined> {
    const r = requested?.trim();
    if (r) return r;
    return (await moduleList())[0]?.path;
  }

  /** The library for an operation, validated (absolute, exists); NOT_FOUND when there is none. */
  async function requireModule(requested?: string): Promise<string> {
    const { resolveModulePath } = await loadPkcs11();
    const p = await modulePath(requested);
    return resolveModulePath(p ?? ''); // '' -> its own NOT_FOUND / default lookup
  }

  function tokenRefOf(rec: KeyRecord) {
    if (!rec.token) throw new CertwizError('INTERNAL', 'This key is not on a card.', { id: rec.id });
    return rec.token;
  }

  return {
    async 'token:list'(req) {
      const p = await modulePath(req.module);
      if (!p) return { module: null, tokens: [] };
      const { listTokensAsync, resolveModulePath } = await loadPkcs11();
      const path = resolveModulePath(p);
      return { module: path, tokens: await listTokensAsync(path) };
    },

    async 'token:modules'(req) {
      const { checkModuleAsync, resolveModulePath } = await loadPkcs11();
      if (req.add !== undefined) {
        const path = resolveModulePath(req.add);
        await checkModuleAsync(path); // TOKEN_ERROR when it is not a PKCS#11 library: refuse before saving
        const s = await readSettings();
        if (!s.modules.includes(path)) await writeSettings({ modules: [path, ...s.modules] });
      }
      if (req.remove !== undefined) {
        const s = await readSettings();
        if (s.modules.includes(req.remove)) await writeSettings({ modules: s.modules.filter((m) => m !== req.remove) });
      }
      return { modules: await moduleList() };
    },

    modulePath,

    async createCsr(input) {
      const p = await loadPkcs11();
      const { location } = input;
      const module = await requireModule(location.module);
      const label = location.label?.trim() || defaultKeyLabel(input.profileName, input.subjectForm);
      // Asked on the worker first: a reader that does not answer is TOKEN_TIMEOUT there, before
      // key generation's own slot lookup runs on this thread (TOKEN_NOT_PRESENT comes early too).
      await p.findTokenAsync(location.token, module);
      input.onPhase?.('keygen');
      const key = await p.generateKeyOnToken({ module, token: location.token, pin: location.pin, alg: input.keyAlgorithm, label });
      // From here the key exists on the card: any failure removes it again (issue 5, "no
      // half-made objects left behind").
      const target = { module, token: key.tokenSerial, pin: location.pin, ckaId: key.ckaId };
      try {
        input.onPhase?.('csr');
        const csr = await p.withTokenCrypto(target, (t) => buildCsr(input.normalized, t.keys, t.signingAlgorithm, t.crypto));
        const record = await keystore.saveTokenKey({
          csrPem: csr.pem,
          profileId: input.profileId,
          keyAlgorithm: input.keyAlgorithm,
          subjectForm: input.subjectForm,
          normalized: input.normalized,
          friendlyName: input.friendlyName ?? label,
          renewOf: input.renewOf,
          token: { module, serial: key.tokenSerial, label: key.tokenLabel, ckaId: key.ckaId },
          spkiSha256: spkiSha256(key.publicKeySpki),
        });
        return { record, csrPem: csr.pem };
      } catch (err) {
        await p.deleteTokenObjectsAsync(target).catch(() => undefined);
        throw err;
      }
    },

    async checkCardHasKey(rec, module) {
      const t = tokenRefOf(rec);
      const { tokenHasKeyAsync } = await loadPkcs11();
      const has = await tokenHasKeyAsync({ module: await requireModule(module ?? t.module), token: t.serial, ckaId: t.ckaId });
      if (!has) {
        throw new CertwizError(
          'NO_PENDING_KEY',
          'The key of this request is not on the card in the reader. Insert the card the request was made with.',
          { id: rec.id, token: t.label, serial: t.serial },
        );
      }
    },

    async deleteKey(rec, pin, module) {
      const t = tokenRefOf(rec);
      const { deleteTokenObjectsAsync } = await loadPkcs11();
      return deleteTokenObjectsAsync({ module: await requireModule(module ?? t.module), token: t.serial, pin, ckaId: t.ckaId });
    },

    async writeIssued(rec, certificateDer, chainDer, o) {
      const t = tokenRefOf(rec);
      const p = await loadPkcs11();
      const module = await requireModule(o.module ?? t.module);
      const info = await p.findTokenAsync(t.serial, module);
      if (!info.pinInfo.pinPad && !o.pin) {
        throw new CertwizError('PIN_REQUIRED', 'Enter the PIN of the card to store the certificate on it.', { token: t.label });
      }
      const r = await p.writeCertificateToTokenAsync({
        module,
        token: t.serial,
        pin: o.pin,
        ckaId: t.ckaId,
        certificateDer,
        chainDer: o.chainToToken ? chainDer : undefined,
      });
      return { caCertificatesWritten: r.caCertificatesWritten };
    },
  };
}
