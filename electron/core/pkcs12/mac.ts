/**
 * The PFX integrity MAC (RFC 7292 §5.1, App. B.3 purpose 3).
 *
 * HMAC over the content octets of authSafe, keyed by the PKCS #12 KDF with the same hash as the
 * MAC. The MAC is the only reliable wrong-password signal, so the reader also uses it to find which
 * password encoding the producer used (kdf.ts `kdfPasswordCandidates`).
 */
import * as crypto from 'node:crypto';
import { digestSize, pkcs12Kdf } from './kdf';
import type { WorkBudget } from './limits';
import type { HashName } from './oids';

export function computeMac(hash: HashName, password: Uint8Array, salt: Uint8Array, iterations: number, data: Uint8Array): Buffer {
  const key = pkcs12Kdf(hash, password, salt, 3, iterations, digestSize(hash));
  return crypto.createHmac(hash, key).update(data).digest();
}

/** The first password form whose MAC matches, else null (a wrong password). */
export function findMacPassword(
  mac: { hash: HashName; salt: Uint8Array; iterations: number; digest: Uint8Array },
  data: Uint8Array,
  candidates: Buffer[],
  budget: WorkBudget,
): Buffer | null {
  for (const pw of candidates) {
    budget.spend(mac.iterations);
    const got = computeMac(mac.hash, pw, mac.salt, mac.iterations, data);
    if (got.length === mac.digest.length && crypto.timingSafeEqual(got, mac.digest)) return pw;
  }
  return null;
}
