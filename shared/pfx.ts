/**
 * PFX types every layer sees: the export profiles, what inspect shows, what verify-after-write
 * found (issue 3). Types and constants only, so the renderer can import it.
 */

/** AES256-SHA256 (default: Windows 10 1709+, OpenSSL 1.1.1+, current Java, macOS, Android 16)
 * or TripleDES-SHA1 (Windows 7 / Server 2012-2016, older macOS, Java and Android). */
export const PFX_PROFILES = ['aes256-sha256', '3des-sha1'] as const;
export type PfxProfile = (typeof PFX_PROFILES)[number];

export interface PfxInspectCertificate {
  /** RFC 4514. */
  subject: string;
  issuer: string;
  serialNumber: string;
  sha1: string;
  sha256: string;
  notBefore: string;
  notAfter: string;
  isCA: boolean;
  friendlyName: string | null;
  localKeyId: string | null;
  hasPrivateKey: boolean;
}

export interface PfxInspectKey {
  /** RSA, EC, Ed25519… */
  algorithm: string;
  bits: number | null;
  /** P-256, P-384… for EC. */
  curve: string | null;
  friendlyName: string | null;
  localKeyId: string | null;
  /** SHA-1 of the certificate this key belongs to, or null. */
  certificateSha1: string | null;
}

/** `certwiz pfx inspect --json`. Scheme names: `PBES2/PBKDF2-HMAC-SHA256/AES-256-CBC`,
 * `pbeWithSHAAnd3-KeyTripleDES-CBC`, `pbeWithSHAAnd40BitRC2-CBC`, `none` (not encrypted). */
export interface PfxInspection {
  certificates: PfxInspectCertificate[];
  keys: PfxInspectKey[];
  protection: { keys: string | null; certificates: string | null; mac: string | null; macIterations: number | null };
}

export type PfxVerifyCheckId = 'opens' | 'key-matches-certificate' | 'chain-present' | 'algorithms';

export interface PfxVerifyCheck {
  id: PfxVerifyCheckId;
  ok: boolean;
  /** What was found, for the result page; never a secret. */
  detail?: string;
}

export interface PfxVerifyResult {
  ok: boolean;
  checks: PfxVerifyCheck[];
  /** The error code when the file did not open. */
  code?: string;
}
