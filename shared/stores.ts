/**
 * What the store channels (stores:*, chain:show) carry across IPC (issue 4). Plain data, no zod
 * and no node: imports, so the renderer can use the types; the core's own types in
 * electron/core/stores/ have the same shape (store-service.ts maps them and tsc checks it).
 * Everything here is public: certificates, CRLs, thumbprints, never keys or passwords.
 */
import type { ErrorInfo } from './errors';

/** The stores the UI offers (a subset of the CLI's SPEC: no free `nss:DIR` path from a page). */
export const STORE_SPECS = ['nss', 'firefox', 'windows:CurrentUser', 'windows:LocalMachine', 'macos:login', 'macos:system'] as const;
export type StoreSpecName = (typeof STORE_SPECS)[number];

/** Where a certificate goes; the Windows names, because the guides speak Windows. */
export type LogicalStore = 'personal' | 'intermediate' | 'root';
export type CertRole = 'end-entity' | 'intermediate' | 'root' | 'cross-certificate';

/** One store this OS has (stores:list). */
export interface StoreInfo {
  spec: StoreSpecName;
  /** Exists now (NSS: cert9.db present; Firefox: a profile found). Windows/macOS: always true. */
  exists: boolean;
  /** The OS's user store: what automatic placement uses when no store is chosen. */
  isDefault: boolean;
  /** Needs an administrator (Windows LocalMachine, macOS System). */
  needsAdmin: boolean;
  /** English label with the path ("the NSS database at /home/…/.pki/nssdb"), for logs and the CLI. */
  label: string;
  /** The database folder (NSS, Firefox), shown under the store's translated name. */
  path?: string;
}

export interface StoreCertRow {
  sha1: string;
  sha256: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  isCA: boolean;
  selfSigned: boolean;
  location: LogicalStore;
  /** NSS trust flags (`C,,`) or `trusted` / `none`. */
  trust: string;
  /** Null when it cannot be known (a locked NSS DB). */
  hasKey: boolean | null;
}

export interface StoreListing {
  spec: StoreSpecName;
  label: string;
  certificates: StoreCertRow[];
  crls: { issuer: string; thisUpdate: string; nextUpdate?: string }[];
}

export interface AnalysedCert {
  fileName: string;
  role: CertRole;
  subject: string;
  issuer: string;
  sha1: string;
  sha256: string;
  /** Uppercase pairs joined by ':' (what the root confirmation shows). */
  sha256Fingerprint: string;
  notBefore: string;
  notAfter: string;
  isCA: boolean;
  selfSigned: boolean;
  /** Already in the chosen store. */
  installed: boolean;
}

export interface OldSubCaInfo {
  subject: string;
  sha1: string;
  sha256: string;
  notAfter: string;
  /** The new Sub CA from the files that replaces it. */
  replacedBySha256: string;
}

export interface FlaggedCa {
  subject: string;
  sha256: string;
  status: 'expired' | 'revoked';
}

/** stores:analyse: what the page shows before anything is written. */
export interface StoreAnalysis {
  spec: StoreSpecName;
  label: string;
  /** The chosen store does not exist yet (a shared NSS DB is then created on install). */
  storeMissing: boolean;
  certificates: AnalysedCert[];
  crls: { fileName: string; issuer: string; thisUpdate: string; nextUpdate?: string }[];
  /** PFX files go through the PFX wizard; they are named here so the page can say so. */
  pfxFiles: string[];
  oldSubCas: OldSubCaInfo[];
  flagged: FlaggedCa[];
}

export interface RootToConfirm {
  subject: string;
  sha256Fingerprint: string;
  sha256: string;
}

export interface InstallItem {
  role: CertRole | 'crl' | 'pfx';
  subject: string;
  sha256: string;
  location?: LogicalStore | 'crl';
  held?: boolean;
}

export interface InstallFileResult {
  file: string;
  items: InstallItem[];
  error?: ErrorInfo;
}

/** stores:install: per file what happened; roots not confirmed are held, never installed. */
export interface StoreInstallResult {
  spec: StoreSpecName;
  label: string;
  files: InstallFileResult[];
  needsConfirmation: RootToConfirm[];
  /** SHA-256 of the old Sub CAs removed first. */
  removedOld: string[];
  flagged: FlaggedCa[];
}

export type ChainSourceView =
  | { kind: 'target' }
  | { kind: 'store'; location: LogicalStore; trusted: boolean }
  /** fileName '' = the chain saved with the certificate in Certwiz (not a file the user gave). */
  | { kind: 'file'; fileName: string };

export interface ChainLinkView {
  subject: string;
  issuer: string;
  sha256: string;
  notAfter: string;
  source: ChainSourceView;
  validity: 'valid' | 'expired' | 'not-yet-valid';
  revocation: 'good' | 'revoked' | 'no-crl' | 'crl-expired' | 'not-applicable';
  revokedAt?: string;
}

export type ChainProblemKind = 'not-installed' | 'missing-issuer' | 'expired' | 'not-yet-valid' | 'revoked' | 'root-not-trusted' | 'crl-expired';

/** `kind` + params for the translated sentence; `message` is the English one (CLI, logs). */
export interface ChainProblemView {
  kind: ChainProblemKind;
  subject: string;
  fileName?: string;
  date?: string;
  message: string;
}

export interface ChainPathView {
  links: ChainLinkView[];
  complete: boolean;
  trusted: boolean;
  problems: ChainProblemView[];
}

/** chain:show: every certification path, best first. */
export interface ChainView {
  spec: StoreSpecName;
  label: string;
  storeMissing: boolean;
  target: { subject: string; sha256: string };
  paths: ChainPathView[];
}
