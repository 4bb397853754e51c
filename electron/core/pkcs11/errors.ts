/**
 * PKCS#11 return values (CKR_*) to Certwiz's stable error codes.
 *
 * pkcs11js throws `Pkcs11Error { code: number, message: "CKR_NAME" }`; we key on the number
 * (PKCS#11 v2.40 base spec §5.1, pkcs11t.h values) and fall back to the name, so a vendor
 * library that only fills one still maps. SoftHSM never locks a PIN and reports a pulled token as
 * a general error, so the removal and lock codes are covered by unit tests on this table rather
 * than against a device. Messages say what to do; params carry the CKR name (for the helpdesk)
 * and token label, never a PIN.
 */
import { CertwizError, type ErrorCode, type ErrorParams } from '../../../shared/errors';
import type { PinInfo } from './types';

export const CKR = {
  CANCEL: 0x1,
  HOST_MEMORY: 0x2,
  SLOT_ID_INVALID: 0x3,
  GENERAL_ERROR: 0x5,
  FUNCTION_FAILED: 0x6,
  ARGUMENTS_BAD: 0x7,
  ATTRIBUTE_READ_ONLY: 0x10,
  ATTRIBUTE_TYPE_INVALID: 0x12,
  ATTRIBUTE_VALUE_INVALID: 0x13,
  DEVICE_ERROR: 0x30,
  DEVICE_MEMORY: 0x31,
  DEVICE_REMOVED: 0x32,
  FUNCTION_CANCELED: 0x50,
  FUNCTION_NOT_SUPPORTED: 0x54,
  KEY_SIZE_RANGE: 0x62,
  KEY_TYPE_INCONSISTENT: 0x63,
  MECHANISM_INVALID: 0x70,
  MECHANISM_PARAM_INVALID: 0x71,
  PIN_INCORRECT: 0xa0,
  PIN_INVALID: 0xa1,
  PIN_LEN_RANGE: 0xa2,
  PIN_EXPIRED: 0xa3,
  PIN_LOCKED: 0xa4,
  SESSION_CLOSED: 0xb0,
  SESSION_COUNT: 0xb1,
  SESSION_HANDLE_INVALID: 0xb3,
  SESSION_READ_ONLY: 0xb5,
  TEMPLATE_INCOMPLETE: 0xd0,
  TEMPLATE_INCONSISTENT: 0xd1,
  TOKEN_NOT_PRESENT: 0xe0,
  TOKEN_NOT_RECOGNIZED: 0xe1,
  TOKEN_WRITE_PROTECTED: 0xe2,
  USER_ALREADY_LOGGED_IN: 0x100,
  USER_NOT_LOGGED_IN: 0x101,
  USER_PIN_NOT_INITIALIZED: 0x102,
  DOMAIN_PARAMS_INVALID: 0x130,
  CURVE_NOT_SUPPORTED: 0x140,
  CRYPTOKI_NOT_INITIALIZED: 0x190,
} as const;

export type CkrName = keyof typeof CKR;
const NAME_BY_VALUE = new Map<number, CkrName>(
  (Object.entries(CKR) as [CkrName, number][]).map(([k, v]) => [v, k]),
);

/** Context that makes a message specific: which token, what the PIN flags say after a failure. */
export interface Pkcs11ErrorContext {
  token?: string;
  /** Token flags read again after a failed login: tries-left facts for the message. */
  pinInfo?: PinInfo;
}

/** The CKR_* name of a thrown pkcs11js / graphene error, or undefined when it is not one. */
export function ckrName(err: unknown): CkrName | undefined {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return undefined;
  if (typeof e.code === 'number' && NAME_BY_VALUE.has(e.code)) return NAME_BY_VALUE.get(e.code);
  const m = typeof e.message === 'string' ? /\bCKR_([A-Z_]+)\b/.exec(e.message) : null;
  if (m && Object.prototype.hasOwnProperty.call(CKR, m[1])) return m[1] as CkrName;
  return undefined;
}

/** The raw CKR_* name (also for codes we have no table row for), for the helpdesk param. */
function rawReason(err: unknown): string {
  const name = ckrName(err);
  if (name) return `CKR_${name}`;
  const e = err as { code?: unknown; message?: unknown } | null;
  const m = e && typeof e.message === 'string' ? /\bCKR_[A-Z_]+\b/.exec(e.message) : null;
  if (m) return m[0];
  if (e && typeof e.code === 'number') return `0x${e.code.toString(16)}`;
  return 'unknown';
}

/** One of 'locked' | 'final-try' | 'count-low' | 'ok': what the card says about tries left. */
export function pinStatus(info: PinInfo | undefined): 'locked' | 'final-try' | 'count-low' | 'ok' {
  if (!info) return 'ok';
  if (info.locked) return 'locked';
  if (info.finalTry) return 'final-try';
  if (info.countLow) return 'count-low';
  return 'ok';
}

function wrongPinMessage(info: PinInfo | undefined): string {
  switch (pinStatus(info)) {
    case 'locked':
      return 'The PIN is not correct, and the card has now locked it. Unlock it with the PUK in the card manager of your card issuer.';
    case 'final-try':
      return 'The PIN is not correct. One more wrong PIN locks the card.';
    case 'count-low':
      return 'The PIN is not correct. The card counts wrong tries; check the PIN before trying again.';
    default:
      return 'The PIN is not correct.';
  }
}

/**
 * Maps anything a PKCS#11 call threw to a CertwizError.
 *
 * Already-mapped CertwizErrors pass through. Errors that are not PKCS#11 return values (a
 * library that fails to load, a bug in a wrapper) become TOKEN_ERROR with a generic message.
 */
export function mapPkcs11Error(err: unknown, ctx: Pkcs11ErrorContext = {}): CertwizError {
  if (err instanceof CertwizError) return err;
  const name = ckrName(err);
  const reason = rawReason(err);
  const params: ErrorParams = { reason };
  if (ctx.token !== undefined) params.token = ctx.token;
  const make = (code: ErrorCode, message: string) => {
    const e = new CertwizError(code, message, params);
    // Kept for debugging in the main process only: toInfo() never serialises it.
    Object.defineProperty(e, 'cause', { value: err, enumerable: false });
    return e;
  };

  switch (name) {
    case 'PIN_INCORRECT': {
      const status = pinStatus(ctx.pinInfo);
      params.pinStatus = status;
      if (status === 'locked') return make('PIN_LOCKED', wrongPinMessage(ctx.pinInfo));
      return make('PIN_INCORRECT', wrongPinMessage(ctx.pinInfo));
    }
    case 'PIN_LOCKED':
      params.pinStatus = 'locked';
      return make('PIN_LOCKED', 'The PIN of this card is locked after too many wrong tries. Unlock it with the PUK in the card manager of your card issuer.');
    case 'PIN_LEN_RANGE':
    case 'PIN_INVALID':
      return make('PIN_INVALID', 'The card does not accept a PIN of this length or with these characters.');
    case 'PIN_EXPIRED':
      return make('PIN_INVALID', 'The PIN of this card has expired. Change it in the card manager of your card issuer, then try again.');
    case 'USER_PIN_NOT_INITIALIZED':
      return make('PIN_INVALID', 'This card has no user PIN yet. Initialise its profile and set a PIN in the card manager of your card issuer.');
    case 'TOKEN_NOT_PRESENT':
    case 'DEVICE_REMOVED':
    case 'SESSION_CLOSED':
    case 'SESSION_HANDLE_INVALID':
    case 'SLOT_ID_INVALID':
    case 'TOKEN_NOT_RECOGNIZED':
      return make('TOKEN_NOT_PRESENT', 'The card was removed or cannot be read. Insert it into the reader and try again; nothing was written.');
    case 'DEVICE_MEMORY':
      return make('TOKEN_FULL', 'The card has no room left for this. Delete keys or certificates you no longer need with the card manager, then try again.');
    case 'MECHANISM_INVALID':
    case 'MECHANISM_PARAM_INVALID':
    case 'KEY_SIZE_RANGE':
    case 'CURVE_NOT_SUPPORTED':
    case 'DOMAIN_PARAMS_INVALID':
    case 'FUNCTION_NOT_SUPPORTED':
      return make('MECHANISM_NOT_SUPPORTED', 'The card does not support this key type or size. Choose another one from those offered for this card.');
    case 'TEMPLATE_INCONSISTENT':
    case 'TEMPLATE_INCOMPLETE':
    case 'ATTRIBUTE_VALUE_INVALID':
    case 'ATTRIBUTE_TYPE_INVALID':
    case 'ATTRIBUTE_READ_ONLY':
    case 'KEY_TYPE_INCONSISTENT':
      return make('MECHANISM_NOT_SUPPORTED', 'The card does not accept this kind of key or object.');
    case 'TOKEN_WRITE_PROTECTED':
    case 'SESSION_READ_ONLY':
      return make('TOKEN_ERROR', 'The card is write-protected; nothing can be stored on it.');
    case 'FUNCTION_CANCELED':
    case 'CANCEL':
      return make('CANCELLED', 'The operation was cancelled on the card reader.');
    case 'USER_NOT_LOGGED_IN':
      return make('TOKEN_ERROR', 'The card logged out during the operation. Enter the PIN again.');
    default:
      return make('TOKEN_ERROR', 'The card or its driver reported an error. Check that the card is inserted and try again.');
  }
}
