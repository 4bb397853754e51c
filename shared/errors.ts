/**
 * Stable error codes shared by the core, the CLI, the IPC bridge and the renderer.
 *
 * A code never changes meaning once released: helpdesk staff and scripts key on it. Each code
 * carries the CLI exit code it maps to (2 usage, 3 bad input or file, 4 wrong password or PIN,
 * 5 not found / no pending key, 1 anything else) and has a message in every catalogue under
 * `shared/i18n/` (a test checks that). Messages take named parameters, never secrets.
 */
export const ERROR_CODES = {
  // usage (2)
  USAGE: 2,
  // bad input or file (3)
  INVALID_INPUT: 3,
  FIELD_INVALID: 3,
  PROFILE_NOT_FOUND: 3,
  KEY_ALGORITHM_NOT_ALLOWED: 3,
  PASSWORD_REQUIRED: 3,
  PASSWORD_MISMATCH: 3,
  PASSWORD_TOO_SHORT: 3,
  PIN_REQUIRED: 3,
  FILE_NOT_FOUND: 3,
  FILE_EMPTY: 3,
  FILE_TOO_LARGE: 3,
  FILE_NOT_CERTIFICATE: 3,
  PKCS7_NO_CERTIFICATE: 3,
  CSR_INVALID: 3,
  FILE_EXISTS: 3,
  KEY_STORE_CORRUPT: 3,
  PFX_CORRUPT: 3,
  PFX_TOO_LARGE: 3,
  PFX_ITERATIONS_TOO_HIGH: 3,
  PFX_UNSUPPORTED_ALGORITHM: 3,
  PFX_KEY_WITHOUT_CERTIFICATE: 3,
  PFX_MAC_MISSING: 3,
  CRL_INVALID: 3,
  WRONG_STORE: 3,
  // domain control validation (issue 6): the method cannot be used for this name (wildcard + website)
  DCV_METHOD_NOT_APPLICABLE: 3,
  // wrong password or PIN (4)
  KEY_PASSWORD_INCORRECT: 4,
  PFX_BAD_PASSWORD: 4,
  PIN_INCORRECT: 4,
  PIN_LOCKED: 4,
  PIN_INVALID: 4,
  STORE_LOCKED: 4,
  STORE_PASSWORD_INCORRECT: 4,
  // not found / no pending key (5)
  NOT_FOUND: 5,
  // a file handle (file:open / file:upload) that expired or was used up: choose the file again
  FILE_HANDLE_EXPIRED: 5,
  NO_PENDING_KEY: 5,
  PFX_NO_KEY: 5,
  TOKEN_NOT_PRESENT: 5,
  ROOT_NEEDS_CONFIRMATION: 5,
  STORE_NOT_FOUND: 5,
  // domain control validation: the file / TXT record is not there, or holds another value
  DCV_NOT_FOUND: 5,
  DCV_MISMATCH: 5,
  // anything else (1)
  ALREADY_COMPLETED: 1,
  LEVEL_UNCHANGED: 1,
  DISK_FULL: 1,
  WRITE_FAILED: 1,
  IPC_FORBIDDEN: 1,
  IPC_INVALID_PAYLOAD: 1,
  IPC_UNKNOWN_CHANNEL: 1,
  CANCELLED: 1,
  MEDIUM_PROTECTION_UNAVAILABLE: 1,
  TOKEN_ERROR: 1,
  MECHANISM_NOT_SUPPORTED: 1,
  TOKEN_FULL: 1,
  // a card reader or PKCS#11 driver that did not answer in time (a hung driver call)
  TOKEN_TIMEOUT: 1,
  ELECTRON_UNAVAILABLE: 1,
  STORE_READ_ONLY: 1,
  STORE_TOOL_FAILED: 1,
  // domain control validation: the web server or DNS could not be reached, or did not answer in time
  DCV_UNREACHABLE: 1,
  DCV_TIMEOUT: 1,
  INTERNAL: 1,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Parameters interpolated into a message: names, fields, counts; never a secret. */
export type ErrorParams = Record<string, string | number>;

/** The serialisable form that crosses IPC and is printed by the CLI with --json. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  params?: ErrorParams;
}

export class CertwizError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;

  constructor(code: ErrorCode, message: string, params: ErrorParams = {}) {
    super(message);
    this.name = 'CertwizError';
    this.code = code;
    this.params = params;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code];
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message, params: this.params };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

export function exitCodeFor(code: ErrorCode): number {
  return ERROR_CODES[code];
}

/**
 * Turns anything thrown into a CertwizError without leaking internals.
 *
 * Node's ENOSPC / EDQUOT become DISK_FULL so a full disk says so; anything unknown becomes
 * INTERNAL with a generic message (the original stays out of the renderer: it may hold paths or
 * library text, never secrets, but it is not actionable for a user).
 */
export function toCertwizError(err: unknown): CertwizError {
  if (err instanceof CertwizError) return err;
  const e = err as { code?: unknown; message?: unknown } | null;
  if (e && (e.code === 'ENOSPC' || e.code === 'EDQUOT')) {
    return new CertwizError('DISK_FULL', 'The disk is full; nothing was changed.');
  }
  if (e && isErrorCode(e.code) && typeof e.message === 'string') {
    return new CertwizError(e.code, e.message);
  }
  return new CertwizError('INTERNAL', 'Something went wrong inside Certwiz.');
}
