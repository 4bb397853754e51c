/**
 * What the certificate viewer shows (issue 6 "Certificate viewer": like Windows' certificate
 * dialog — General, Details, Certification Path). Public facts only: no key material.
 * Produced by electron/core/cert-details.ts for `certs:details`; dates stay ISO strings so the
 * renderer formats them per locale.
 */
import type { CertSummary } from './ipc';

/** One extension as a display string; `name` is a short id the catalogue may translate (viewer.ext.<name>). */
export interface CertExtensionView {
  oid: string;
  name: string;
  critical: boolean;
  value: string;
}

export interface CertDetailsView {
  id: string;
  status: 'pending' | 'installed';
  /** Every key store entry holds its key (a file or a card): Windows' "You have a private key…". */
  hasPrivateKey: boolean;
  keyLocation: 'file' | 'token';
  /** Absent for a pending request (no certificate yet). */
  certificate?: {
    issuedTo: string;
    issuedBy: string;
    notBefore: string;
    notAfter: string;
    /** Extended key usages as short ids (serverAuth, emailProtection, …) or dotted OIDs; empty = all. */
    purposes: string[];
    version: number;
    serialNumber: string;
    signatureAlgorithm: string;
    subject: string;
    issuer: string;
    publicKey: string;
    extensions: CertExtensionView[];
    sha1: string;
    sha256: string;
  };
  chain: CertSummary[];
}
