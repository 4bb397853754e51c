/**
 * The one interface every certificate store implements (issue 4 "Stores, behind one interface").
 *
 * Stores are named by the logical places the guides use (section D and the import wizard's
 * "Certificate Store" page): Personal (certificates with their keys), Intermediate Certification
 * Authorities, Trusted Root Certification Authorities, and revocation lists. Each backend maps
 * them to its own terms: Windows My/CA/Root, NSS trust flags (`u,u,u` / `,,` / `C,,`), macOS
 * keychain items plus trust settings.
 */

/** Where a certificate goes; the Windows names, because the guides speak Windows. */
export type LogicalStore = 'personal' | 'intermediate' | 'root';

/** What a file or a store entry is (issue 4 "each is classified and shown with its role"). */
export type CertRole = 'end-entity' | 'intermediate' | 'root' | 'cross-certificate';

/** Trust that a root carries. `tls` = NSS `C,,`; `all` = `CT,C,C` (TLS, e-mail, code), only when asked. */
export type RootTrust = 'tls' | 'all';

/** One certificate in a store, as `store list --json` shows it. */
export interface StoreCertificate {
  sha1: string;
  sha256: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  isCA: boolean;
  selfSigned: boolean;
  /** Which logical store it sits in (derived from NSS trust flags / Windows store name). */
  location: LogicalStore;
  /** Human-readable trust: NSS flags (`C,,`), `trusted` / `none` elsewhere. */
  trust: string;
  /** Whether the store holds its private key; undefined when that cannot be known (locked DB). */
  hasKey?: boolean;
  /** Backend handle: NSS nickname, Windows store path, macOS keychain path. */
  handle: string;
  /** The certificate, DER, for chain building. */
  der: Uint8Array;
}

export interface StoreCrl {
  issuer: string;
  thisUpdate: string;
  nextUpdate?: string;
  handle: string;
}

/** Options for one certificate import. */
export interface CertImportOptions {
  location: LogicalStore;
  /** For `root`: which trust; default `tls`. */
  rootTrust?: RootTrust;
  /** Name shown in the store (NSS nickname, Windows friendly name). */
  friendlyName?: string;
}

export interface PfxImportOptions {
  /** Windows: "Mark this key as exportable". */
  exportable?: boolean;
  /** Windows: "Enable strong private key protection" (High). NSS has no per-key level. */
  securityLevel?: 'high' | 'medium';
  /** A self-signed root inside the PFX becomes a trust anchor only when true (confirmed). */
  trustRoot?: boolean;
}

/** What an import did, so a caller can report exactly which files were placed. */
export interface Placed {
  sha256: string;
  subject: string;
  location: LogicalStore | 'crl';
  handle: string;
}

/**
 * A certificate store. Every write is all-or-nothing: a method that throws has left the store
 * as it found it (NSS: added entries are removed again; Windows/macOS: one command per call).
 */
export interface CertStore {
  readonly kind: 'nss' | 'windows' | 'macos' | 'app';
  /** Human name for messages: "the NSS database at ~/.pki/nssdb". */
  readonly label: string;
  list(): Promise<StoreCertificate[]>;
  listCrls(): Promise<StoreCrl[]>;
  importCertificates(certs: { der: Uint8Array; options: CertImportOptions }[]): Promise<Placed[]>;
  importCrl(der: Uint8Array): Promise<Placed>;
  importPfx(pfx: Uint8Array, password: string, options?: PfxImportOptions): Promise<Placed[]>;
  remove(sha1OrSha256: string): Promise<void>;
}
