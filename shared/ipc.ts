/**
 * The one IPC contract: channel `domain:verb` → request schema → response type.
 *
 * Used by the preload (typed functions), the browser shell's bridge and the handlers in main,
 * which parse every request with these schemas before the core sees it (types are not a runtime
 * boundary). Responses carry only public facts: never private keys, PFX bytes or passwords.
 */
import { z } from 'zod';
import type { ErrorInfo } from './errors';
import { PFX_PROFILES, type PfxInspection, type PfxVerifyResult } from './pfx';
import type { TokenList, TokenModule } from './token';
import { FLOW_IDS, flowStateSchema, type SavedFlow } from './flow-state';
import type { CertDetailsView } from './cert-details';
import { storesContract } from './stores-contract';
import { helpdeskContract } from './helpdesk-contract';
import { pfxContract, type OpenedFile } from './pfx-contract';
import type { DcvCheckResult, DcvInstruction } from './helpdesk';
import type { ChainView, StoreAnalysis, StoreInfo, StoreInstallResult, StoreListing } from './stores';

/** A field a user types: bounded, no control characters beyond what the field rules decide. */
const text = (max: number) => z.string().max(max);
/** A password or PIN crosses once, into main; bounded so a paste accident cannot be absurd. */
const secret = z.string().max(1024);

// Zod-free home of these lists (shared/constants.ts), so the CLI's start-up need not load zod.
import { KEY_ALGORITHMS, SECURITY_LEVELS, type KeyAlgorithm, type SecurityLevel } from './constants';
export { KEY_ALGORITHMS, SECURITY_LEVELS, type KeyAlgorithm, type SecurityLevel };

export const subjectFormSchema = z.object({
  cn: text(1024).default(''),
  o: text(1024).optional(),
  ou: text(1024).optional(),
  l: text(1024).optional(),
  st: text(1024).optional(),
  c: text(16).optional(),
  email: text(1024).optional(),
  sans: z.array(text(1024)).max(500).default([]),
});
export type SubjectForm = z.infer<typeof subjectFormSchema>;

const id = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/);
/** A PKCS#11 library path (token:list, token:modules, csr:create keyLocation). */
const modulePathSchema = text(4096);
/**
 * Where csr:create makes the key (issue 5): in Certwiz's own store (default), or on a card named by
 * label or serial. The PIN crosses once into main for this call and is never stored or echoed.
 */
export const keyLocationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('app') }).strict(),
  z
    .object({
      kind: z.literal('token'),
      token: text(128).min(1),
      module: modulePathSchema.optional(),
      pin: secret.optional(),
      label: text(64).optional(),
    })
    .strict(),
]);
export type KeyLocation = z.infer<typeof keyLocationSchema>;

const fileBytes = z.object({
  fileName: text(512),
  /** base64 of the file; 10 MB decoded at most (certificates and chains are far smaller). */
  dataBase64: z.string().max(14_000_000),
});

export const contract = {
  'app:info': z.object({}).strict(),
  'csr:create': z
    .object({
      profileId: text(64),
      subject: subjectFormSchema,
      keyAlgorithm: z.enum(KEY_ALGORITHMS),
      securityLevel: z.enum(SECURITY_LEVELS),
      password: secret.optional(),
      renewOf: text(128).optional(),
      friendlyName: text(256).optional(),
      keyLocation: keyLocationSchema.optional(),
    })
    .strict(),
  'csr:save': z.object({ requestId: id, format: z.enum(['csr', 'txt', 'req']) }).strict(),
  'certs:list': z.object({ expiringDays: z.number().int().min(0).max(36500).optional() }).strict(),
  'request:complete': fileBytes
    .extend({
      /** The card's PIN, when the pending key is on a card (issue 5); never stored. */
      pin: secret.optional(),
      /** Also store the chain's CA certificates on the card. */
      chainToToken: z.boolean().optional(),
    })
    .strict(),
  /** `pin`: for a request made on a card, also remove its key pair from the card (issue 5). */
  'request:delete': z.object({ requestId: id, pin: secret.optional() }).strict(),
  'practiceCa:sign': z.object({ requestId: id }).strict(),
  'practiceCa:info': z.object({}).strict(),
  'key:backup': z
    .object({ id, password: secret.optional(), backupPassword: secret.optional() })
    .strict(),
  'key:setSecurityLevel': z
    .object({
      id,
      level: z.enum(SECURITY_LEVELS),
      currentPassword: secret.optional(),
      newPassword: secret.optional(),
    })
    .strict(),
  // PFX backup and restore (issue 3). `password` is the PFX file's password (may be empty).
  // file:open, file:upload, pfx:inspect, pfx:import, certs:export, pem:export: ./pfx-contract.ts.
  ...pfxContract,
  'pfx:export': z
    .object({
      id,
      profile: z.enum(PFX_PROFILES).default('aes256-sha256'),
      includeChain: z.boolean().default(true),
      privacy: z.boolean().default(true),
      friendlyName: text(256).optional(),
      /** Only after the written file was verified, and after a clear confirmation in the UI. */
      deleteKey: z.boolean().default(false),
      password: secret,
      /** The stored key's own password (High level). */
      keyPassword: secret.optional(),
    })
    .strict(),
  // Guided flows (issue 6): progress saved without secrets (shared/flow-state.ts whitelist).
  'flow:save': z.object({ flowId: z.enum(FLOW_IDS), state: flowStateSchema }).strict(),
  'flow:load': z.object({ flowId: z.enum(FLOW_IDS) }).strict(),
  'flow:clear': z.object({ flowId: z.enum(FLOW_IDS) }).strict(),
  'flow:list': z.object({}).strict(),
  // Certificate viewer (issue 6): General / Details / Certification Path (Copy to File is certs:export).
  'certs:details': z.object({ id }).strict(),
  // Smart cards and tokens (issue 5): electron/core/token-service.ts.
  'token:list': z.object({ module: modulePathSchema.optional() }).strict(),
  'token:modules': z.object({ add: modulePathSchema.optional(), remove: modulePathSchema.optional() }).strict(),
  // stores:list, stores:entries, stores:analyse, stores:install, chain:show (issue 4): ./stores-contract.ts.
  ...storesContract,
  // report:get, dcv:instructions, dcv:check (issue 6 helpdesk): ./helpdesk-contract.ts.
  ...helpdeskContract,
} as const;

export type Channel = keyof typeof contract;
export type Request<C extends Channel> = z.input<(typeof contract)[C]>;
export type ParsedRequest<C extends Channel> = z.output<(typeof contract)[C]>;

export interface AppInfo {
  version: string;
  platform: string;
  shell: 'electron' | 'web' | 'cli';
  /** BCP 47 of the OS / browser environment main sees; the renderer may override. */
  locale: string;
  /** How Medium-level keys are protected here: by the OS keyring, or a labelled fallback file. */
  mediumProtection: 'os-keyring' | 'fallback-file';
  dataDir: string;
}

export interface CsrCreated {
  requestId: string;
  csrPem: string;
  /** RFC 4514 string of the encoded subject (A-labels for IDNs). */
  subject: string;
  /** The same with IDNs shown as U-labels, for people. */
  subjectDisplay: string;
  /** SANs as encoded in the CSR (`DNS:xn--…`, `email:…`). */
  sans: string[];
  sansDisplay: string[];
  keyAlgorithm: KeyAlgorithm;
  securityLevel: SecurityLevel;
  createdAt: string;
  /** Set when the key was made on a card: which one (its PIN protects the key, no level). */
  token?: { label: string; serial: string };
}

export interface CertSummary {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  sha1: string;
  sha256: string;
  isCA: boolean;
  selfSigned: boolean;
}

/** One row of "My certificates": a pending request, or an installed certificate with its key. */
export interface StoreEntry {
  id: string;
  status: 'pending' | 'installed';
  profileId: string;
  keyAlgorithm: KeyAlgorithm;
  securityLevel: SecurityLevel;
  createdAt: string;
  subject: string;
  subjectDisplay: string;
  subjectFields: SubjectForm;
  sans: string[];
  sansDisplay: string[];
  /** Present once installed. */
  certificate?: CertSummary;
  chain?: CertSummary[];
  /** Days until notAfter (negative when expired); present once installed. */
  daysLeft?: number;
  practice?: boolean;
  /** The card holding the key (issue 5). */
  token?: { label: string; serial: string };
}

export interface Completed {
  entry: StoreEntry;
  chainCount: number;
}

export interface PracticeIssued {
  certificatePem: string;
  chainPem: string[];
  certificate: CertSummary;
}

export interface PracticeCaInfo {
  root: CertSummary;
  subCa: CertSummary;
  oldSubCa: CertSummary;
  crossCertificate: CertSummary;
  crlNextUpdate: string;
  dir: string;
}

/** pfx:export: where the file went, what verify-after-write found, whether the key was deleted. */
export interface PfxExported {
  saved: SaveResult;
  /** Null when the save was cancelled. */
  verify: PfxVerifyResult | null;
  keyDeleted: boolean;
}

export interface Saved {
  path: string;
}
export type SaveResult = Saved | { cancelled: true };

export interface Responses {
  'app:info': AppInfo;
  'csr:create': CsrCreated;
  'csr:save': SaveResult;
  'certs:list': StoreEntry[];
  'request:complete': Completed;
  'request:delete': { deleted: true };
  'practiceCa:sign': PracticeIssued;
  'practiceCa:info': PracticeCaInfo;
  'key:backup': SaveResult;
  'key:setSecurityLevel': StoreEntry;
  'pfx:inspect': PfxInspection;
  'pfx:export': PfxExported;
  /** `store`: what went where when an OS store was chosen (then `entries` is empty). */
  'pfx:import': { entries: StoreEntry[]; store?: StoreInstallResult };
  'file:open': OpenedFile | { cancelled: true };
  'file:upload': OpenedFile;
  'certs:export': SaveResult;
  'pem:export': SaveResult;
  'token:list': TokenList;
  'token:modules': { modules: TokenModule[] };
  'flow:save': SavedFlow;
  'flow:load': SavedFlow | null;
  'flow:clear': { cleared: boolean };
  'flow:list': SavedFlow[];
  'certs:details': CertDetailsView;
  'stores:list': StoreInfo[];
  'stores:entries': StoreListing;
  'stores:analyse': StoreAnalysis;
  'stores:install': StoreInstallResult;
  'chain:show': ChainView;
  'report:get': { text: string };
  'dcv:instructions': { items: DcvInstruction[] };
  'dcv:check': DcvCheckResult;
}
export type Response<C extends Channel> = Responses[C];

/** What crosses the bridge: never a thrown object, always this envelope. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** The API the core implements and the renderer calls (through preload or the web bridge). */
export type CertwizApi = { [C in Channel]: (req: ParsedRequest<C>) => Promise<Response<C>> };
/** The renderer's view: requests before defaults are applied. */
export type RendererApi = { [C in Channel]: (req: Request<C>) => Promise<Response<C>> };

export const CHANNELS = Object.keys(contract) as Channel[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);
}
