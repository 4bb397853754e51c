/**
 * Public facts about PKCS#11 cards and tokens (issue 5) that cross IPC: the token list the enroll
 * wizard shows and the library list. Plain JSON: no handles, no PINs. The core's pkcs11/types.ts
 * re-exports these (shared/ may not import from electron/core).
 */
import type { KeyAlgorithm } from './ipc';

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

/** token:list: the library asked (null when none is installed or configured) and its tokens. */
export interface TokenList {
  module: string | null;
  tokens: TokenInfo[];
}

/** One PKCS#11 library Certwiz knows of (token:modules). */
export interface TokenModule {
  path: string;
  /** environment: CERTWIZ_PKCS11_MODULE; added: the user chose it (saved); found: a usual place. */
  source: 'environment' | 'added' | 'found';
  /** The one token:list uses when the request names none. */
  isDefault: boolean;
}

/** Where a key is made and kept: in Certwiz's own store, or on a card (issue 5). */
export type KeyLocationKind = 'app' | 'token';

/** The Certum guide's common-profile PIN: 4 to 32 characters (used when the card reports none). */
export const DEFAULT_PIN_RULE = { min: 4, max: 32 } as const;

/** Effective PIN length limits: the card's own (ulMin/MaxPinLen), else the guide's 4-32. */
export function pinLimits(pin: Pick<PinInfo, 'minLength' | 'maxLength'> | undefined): { min: number; max: number } {
  const okNum = (n: number | undefined) => typeof n === 'number' && n > 0 && n < 0xffff;
  return {
    min: okNum(pin?.minLength) ? (pin!.minLength as number) : DEFAULT_PIN_RULE.min,
    max: okNum(pin?.maxLength) ? (pin!.maxLength as number) : DEFAULT_PIN_RULE.max,
  };
}
