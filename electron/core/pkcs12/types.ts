/**
 * What reading a PFX gives back: certificates, keys and how the file was protected.
 *
 * Public facts only, apart from `PfxKey.keyObject` / `pkcs8`, which stay in the core (never sent
 * over IPC or logged; ipc.ts carries the inspect shape instead).
 */
import type { KeyObject, X509Certificate } from 'node:crypto';

export interface PfxCertificate {
  der: Uint8Array;
  x509: X509Certificate;
  /** PKCS #9 friendlyName of the bag (RFC 2985 §5.5.1), or null. */
  friendlyName: string | null;
  /** PKCS #9 localKeyID of the bag in lower-case hex, or null. */
  localKeyId: string | null;
  /** SHA-1 thumbprint of the DER, lower-case hex. */
  sha1: string;
}

export interface PfxKey {
  /** PKCS #8 PrivateKeyInfo DER. */
  pkcs8: Uint8Array;
  keyObject: KeyObject;
  friendlyName: string | null;
  localKeyId: string | null;
  /** Index into `certificates` of the certificate for this key (by localKeyID, else public key). */
  certificateIndex: number | null;
  /** True when the key bag was a plain keyBag, not pkcs8ShroudedKeyBag. */
  plain: boolean;
}

export interface PfxProtection {
  /** Scheme name(s) of the key bags (`PBES2/PBKDF2-HMAC-SHA256/AES-256-CBC`, …), `none` for plain
   * key bags, null without keys. Several different schemes are joined with ", ". */
  keys: string | null;
  /** Same for the certificates; `none` when they are not encrypted (no "certificate privacy"). */
  certificates: string | null;
  /** `HMAC-SHA256`, `HMAC-SHA1`, … or null for a file without a MAC. */
  mac: string | null;
  macIterations: number | null;
  /** Highest iteration count of the key / certificate encryption, null when there is none. */
  keyIterations: number | null;
  certificateIterations: number | null;
}

export interface PfxContents {
  certificates: PfxCertificate[];
  keys: PfxKey[];
  protection: PfxProtection;
}

export interface ReadPfxOptions {
  /** Refuse any single iteration count above this (default 10,000,000). */
  maxIterations?: number;
  /** Refuse when all KDF rounds of this file add up to more (default 4 × maxIterations). */
  maxTotalIterations?: number;
  /** Refuse files without a MAC (PFX_MAC_MISSING). Default false: such files exist (openssl -nomac). */
  requireMac?: boolean;
}
