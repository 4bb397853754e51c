/**
 * "Verify after write" (issue 3, Export PFX wizard): re-open the file we wrote and check it.
 *
 * Checks, each reported for the wizard's last page: the file opens with the password; the key
 * signs and the certificate's public key verifies (a key that matches by public key alone could
 * still be a broken encoding); the chain is there if asked for; the key, certificate and MAC
 * algorithms are the chosen profile's. Run by the exporter before it reports success and before
 * `--delete-key` may delete anything.
 */
import * as crypto from 'node:crypto';
import { CertwizError, toCertwizError } from '../../../shared/errors';
import type { PfxProfile, PfxVerifyCheck, PfxVerifyCheckId, PfxVerifyResult } from '../../../shared/pfx';
import { readPfx } from './read';
import type { PfxContents } from './types';

export interface VerifyExpectations {
  profile?: PfxProfile;
  /** SHA-1 hex of the leaf that must carry the key. */
  certificateSha1?: string;
  /** SHA-1 hex of the chain certificates that must be present (issuers). */
  chainSha1?: string[];
  /** Certificates must be encrypted ("certificate privacy"). */
  privacy?: boolean;
}

export type VerifyCheckId = PfxVerifyCheckId;
export type VerifyCheck = PfxVerifyCheck;
export type VerifyResult = PfxVerifyResult;

const PROFILE_ALGORITHMS: Record<PfxProfile, { bags: string; mac: string }> = {
  'aes256-sha256': { bags: 'PBES2/PBKDF2-HMAC-SHA256/AES-256-CBC', mac: 'HMAC-SHA256' },
  '3des-sha1': { bags: 'pbeWithSHAAnd3-KeyTripleDES-CBC', mac: 'HMAC-SHA1' },
};

function keyMatches(contents: PfxContents, leafSha1: string | undefined): VerifyCheck {
  const key = contents.keys.find((k) => k.certificateIndex !== null && (!leafSha1 || contents.certificates[k.certificateIndex].sha1 === leafSha1));
  if (contents.keys.length !== 1 || !key) {
    return { id: 'key-matches-certificate', ok: false, detail: `${contents.keys.length} key(s), ${key ? 'paired' : 'none paired with the certificate'}` };
  }
  const cert = contents.certificates[key.certificateIndex!];
  const data = crypto.randomBytes(32);
  const type = key.keyObject.asymmetricKeyType;
  const digest = type === 'ed25519' || type === 'ed448' ? null : 'sha256';
  try {
    const sig = crypto.sign(digest, data, key.keyObject);
    const ok = crypto.verify(digest, data, cert.x509.publicKey, sig);
    return { id: 'key-matches-certificate', ok, detail: cert.sha1 };
  } catch {
    return { id: 'key-matches-certificate', ok: false, detail: 'the key cannot sign' };
  }
}

/** Never throws for a bad file: the result says what failed (the wizard shows it). */
export function verifyPfx(bytes: Uint8Array, password: string, expect: VerifyExpectations = {}): VerifyResult {
  let contents: PfxContents;
  try {
    contents = readPfx(bytes, password);
  } catch (err) {
    const e = err instanceof CertwizError ? err : toCertwizError(err);
    return { ok: false, code: e.code, checks: [{ id: 'opens', ok: false, detail: e.code }] };
  }
  const checks: VerifyCheck[] = [{ id: 'opens', ok: true }];
  checks.push(keyMatches(contents, expect.certificateSha1));
  if (expect.chainSha1) {
    const have = new Set(contents.certificates.map((c) => c.sha1));
    const missing = expect.chainSha1.filter((s) => !have.has(s.toLowerCase()));
    checks.push({ id: 'chain-present', ok: missing.length === 0, detail: `${expect.chainSha1.length - missing.length}/${expect.chainSha1.length}` });
  }
  if (expect.profile) {
    const want = PROFILE_ALGORITHMS[expect.profile];
    const p = contents.protection;
    const certsOk = expect.privacy === false ? p.certificates === 'none' : p.certificates === want.bags;
    const ok = p.keys === want.bags && certsOk && p.mac === want.mac;
    checks.push({ id: 'algorithms', ok, detail: `keys ${p.keys}; certificates ${p.certificates}; mac ${p.mac}` });
  }
  return { ok: checks.every((c) => c.ok), checks };
}
