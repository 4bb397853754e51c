/**
 * Public facts about PKCS#11 tokens that cross into the CLI and (later) the renderer.
 *
 * Plain JSON-serialisable shapes: no graphene objects, no handles, no PINs. TokenInfo and PinInfo
 * cross IPC, so they live in shared/token.ts and are re-exported here.
 */

export type { PinInfo, TokenInfo } from '../../../shared/token';

/** A token is addressed by label or serial: slot ids change when a token is (re)initialised. */
export type TokenRef = string;

/** Options every operation on a token takes. */
export interface TokenTarget {
  /** Path of the PKCS#11 library; defaults to CERTWIZ_PKCS11_MODULE or the first one found. */
  module?: string;
  /** Label or serial of the token. */
  token: TokenRef;
  /**
   * The user PIN. Optional only for tokens with a PIN pad (protected authentication path).
   * Never logged, never part of an error.
   */
  pin?: string;
}

export interface GeneratedTokenKey {
  /** CKA_ID shared by the private key, the public key and later the certificate (hex). */
  ckaId: string;
  /** DER SubjectPublicKeyInfo of the new key. */
  publicKeySpki: Uint8Array;
  /** CKA_LABEL given to the objects. */
  label: string;
  /** Token serial, to find the key again even if the label is edited. */
  tokenSerial: string;
  tokenLabel: string;
}
