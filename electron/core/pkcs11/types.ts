/**
 * Public facts about PKCS#11 tokens that cross into the CLI and (later) the renderer.
 *
 * Plain JSON-serialisable shapes: no graphene objects, no handles, no PINs. When the token list
 * joins the IPC contract these types move to shared/ unchanged (shared/ may not import from
 * electron/core).
 */
import type { KeyAlgorithm } from '../../../shared/ipc';

/** What the token's flags say about the user PIN (PKCS#11 v2.40 §3.2, CK_TOKEN_INFO flags). */
export interface PinInfo {
  /** CKF_USER_PIN_COUNT_LOW: at least one wrong PIN since the last good one. */
  countLow: boolean;
  /** CKF_USER_PIN_FINAL_TRY: one more wrong PIN locks the card. */
  finalTry: boolean;
  /** CKF_USER_PIN_LOCKED: only the PUK / security officer can unlock it now. */
  locked: boolean;
  /** CKF_USER_PIN_TO_BE_CHANGED: the issuer's initial PIN must be changed first. */
  toBeChanged: boolean;
  /** CKF_USER_PIN_INITIALIZED: the Certum guide's "initialized common profile with a PIN". */
  initialized: boolean;
  /** CKF_PROTECTED_AUTHENTICATION_PATH: the PIN is typed on the reader's own keypad. */
  pinPad: boolean;
  minLength: number;
  maxLength: number;
}

export interface TokenInfo {
  /** The slot id as the library reports it now; it changes after (re)initialisation. */
  slotId: number;
  /** The reader name for smart cards (Certum guide: "Reader name"). */
  slotDescription: string;
  label: string;
  manufacturer: string;
  model: string;
  /** The card number users see printed on the card (Certum guide: "Card number"). */
  serial: string;
  /** Raw CK_TOKEN_INFO flags, for diagnostics. */
  flags: number;
  initialized: boolean;
  writeProtected: boolean;
  pinInfo: PinInfo;
  /** Free public memory in bytes, when the token reports it (most report "unavailable"). */
  freeSpace?: number;
  /** Key types the token can generate and sign with, in KEY_ALGORITHMS order. */
  keyGenMechanisms: KeyAlgorithm[];
  /** The library this token was seen through. */
  module: string;
}

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
