/**
 * Plain constants of the IPC contract, in a module that loads nothing (no zod).
 *
 * Why a separate file: the CLI's `certwiz csr` path (electron/core/keys.ts, the command parsers)
 * needs only these lists, and importing them from shared/ipc.ts evaluated zod and every schema
 * on start-up (~20 ms of the cold start, issue 2 "npm run bench"). shared/ipc.ts re-exports them,
 * so callers of the contract see no change.
 */

/** Key algorithms Certwiz generates (issue 2 "Key choices"); order = order shown. */
export const KEY_ALGORITHMS = ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256', 'ec-p384'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

/** High = password on every use; Medium = protected by the OS account (issue 2 "Security level"). */
export const SECURITY_LEVELS = ['high', 'medium'] as const;
export type SecurityLevel = (typeof SECURITY_LEVELS)[number];
