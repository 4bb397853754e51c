/**
 * Password-based encryption of PFX bags: every scheme real producers use, read; two, written.
 *
 * Read: PBES2 = PBKDF2 (any HMAC-SHA PRF) + AES-128/192/256-CBC or DES-EDE3-CBC (RFC 8018 §6.2,
 * App. B.2), password as UTF-8 bytes; and the PKCS #12 schemes pbeWithSHAAnd{3,2}-KeyTripleDES-CBC,
 * {128,40}BitRC2-CBC and {128,40}BitRC4 (RFC 7292 App. B/C), password as BMPString. Write: PBES2
 * with PBKDF2-HMAC-SHA256 + AES-256-CBC (OpenSSL 3's default layout) or pbeWithSHAAnd3-KeyTriple
 * DES-CBC (what Windows 7 / Server 2012-2016 read). Iteration counts are checked against the
 * budget before any derivation (limits.ts).
 */
import * as crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import { CertwizError } from '../../../shared/errors';
import { childrenOf, corrupt, countOf, octetsOf, oidOf, parseBer, toAb } from './asn1';
import { bmpPassword, pkcs12Kdf } from './kdf';
import { WorkBudget } from './limits';
import { OID, PRF_BY_OID, type HashName } from './oids';
import { rc2CbcDecrypt } from './rc2';
import { rc4 } from './rc4';
import type { PfxProfile } from '../../../shared/pfx';

/** An AlgorithmIdentifier as read from the file: OID and the raw DER of its parameters. */
export interface AlgId {
  oid: string;
  params: Uint8Array | null;
}

/** What protects a bag, for `protection` in inspect output and for verify-after-write. */
export interface PbeInfo {
  /** Stable name: `PBES2/PBKDF2-HMAC-SHA256/AES-256-CBC`, `pbeWithSHAAnd3-KeyTripleDES-CBC`, … */
  name: string;
  iterations: number;
}

/** The password in the encodings the schemes use; `kdf` holds candidates (kdf.ts). */
export interface PasswordForms {
  utf8: Buffer;
  kdf: Buffer[];
}

const PKCS12_PBE: Record<string, { name: string; cipher: 'des-ede3-cbc' | 'des-ede-cbc' | 'rc2' | 'rc4'; keyLen: number; ivLen: number; rc2Bits?: number }> = {
  [OID.pbeSha1TripleDes]: { name: 'pbeWithSHAAnd3-KeyTripleDES-CBC', cipher: 'des-ede3-cbc', keyLen: 24, ivLen: 8 },
  [OID.pbeSha1TwoKeyTripleDes]: { name: 'pbeWithSHAAnd2-KeyTripleDES-CBC', cipher: 'des-ede-cbc', keyLen: 16, ivLen: 8 },
  [OID.pbeSha1Rc2_128]: { name: 'pbeWithSHAAnd128BitRC2-CBC', cipher: 'rc2', keyLen: 16, ivLen: 8, rc2Bits: 128 },
  [OID.pbeSha1Rc2_40]: { name: 'pbeWithSHAAnd40BitRC2-CBC', cipher: 'rc2', keyLen: 5, ivLen: 8, rc2Bits: 40 },
  [OID.pbeSha1Rc4_128]: { name: 'pbeWithSHAAnd128BitRC4', cipher: 'rc4', keyLen: 16, ivLen: 0 },
  [OID.pbeSha1Rc4_40]: { name: 'pbeWithSHAAnd40BitRC4', cipher: 'rc4', keyLen: 5, ivLen: 0 },
};

const PBES2_CIPHERS: Record<string, { name: string; node: string; keyLen: number; ivLen: number }> = {
  [OID.aes128Cbc]: { name: 'AES-128-CBC', node: 'aes-128-cbc', keyLen: 16, ivLen: 16 },
  [OID.aes192Cbc]: { name: 'AES-192-CBC', node: 'aes-192-cbc', keyLen: 24, ivLen: 16 },
  [OID.aes256Cbc]: { name: 'AES-256-CBC', node: 'aes-256-cbc', keyLen: 32, ivLen: 16 },
  [OID.desEde3Cbc]: { name: 'DES-EDE3-CBC', node: 'des-ede3-cbc', keyLen: 24, ivLen: 8 },
};

function unsupported(oid: string): CertwizError {
  return new CertwizError(
    'PFX_UNSUPPORTED_ALGORITHM',
    'This file is protected with an algorithm Certwiz cannot open.',
    { algorithm: oid },
  );
}

function nodeDecrypt(cipher: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer | null {
  try {
    const d = crypto.createDecipheriv(cipher, key, iv);
    return Buffer.concat([d.update(data), d.final()]);
  } catch {
    return null; // bad padding: wrong password (or damage)
  }
}

/** Reads `SEQUENCE { salt OCTET STRING, iterations INTEGER }` (RFC 7292 App. C pkcs-12PbeParams). */
function pkcs12PbeParams(params: Uint8Array | null): { salt: Uint8Array; iterations: number } {
  if (!params) throw corrupt('pbe-params');
  const [salt, iter] = childrenOf(parseBer(params, 'pbe-params'), 'pbe-params');
  return { salt: octetsOf(salt, 'pbe-salt'), iterations: countOf(iter, 'pbe-iterations') };
}

interface Pbes2Params {
  salt: Uint8Array;
  iterations: number;
  keyLength: number | null;
  prf: HashName;
  prfName: string;
  cipher: (typeof PBES2_CIPHERS)[string];
  iv: Uint8Array;
}

function algIdOf(node: asn1js.AsnType | undefined, what: string): AlgId {
  if (!node) throw corrupt(what);
  const [oidNode, paramNode] = childrenOf(node, what);
  const oid = oidOf(oidNode, what);
  const params =
    paramNode && !(paramNode instanceof asn1js.Null)
      ? new Uint8Array((paramNode as unknown as { valueBeforeDecodeView: Uint8Array }).valueBeforeDecodeView)
      : null;
  return { oid, params };
}

/** RFC 8018 App. A.2 PBES2-params and A.2 PBKDF2-params. */
function pbes2Params(params: Uint8Array | null): Pbes2Params {
  if (!params) throw corrupt('pbes2-params');
  const [kdfNode, encNode] = childrenOf(parseBer(params, 'pbes2-params'), 'pbes2-params');
  const kdf = algIdOf(kdfNode, 'pbes2-kdf');
  if (kdf.oid !== OID.pbkdf2) throw unsupported(kdf.oid);
  const enc = algIdOf(encNode, 'pbes2-enc');
  const cipher = PBES2_CIPHERS[enc.oid];
  if (!cipher) throw unsupported(enc.oid);
  if (!enc.params) throw corrupt('pbes2-iv');
  const iv = octetsOf(parseBer(enc.params, 'pbes2-iv'), 'pbes2-iv');
  if (iv.length !== cipher.ivLen) throw corrupt('pbes2-iv');

  if (!kdf.params) throw corrupt('pbkdf2-params');
  const items = childrenOf(parseBer(kdf.params, 'pbkdf2-params'), 'pbkdf2-params');
  if (items.length < 2) throw corrupt('pbkdf2-params');
  const salt = octetsOf(items[0], 'pbkdf2-salt'); // otherSource is not used by anyone: corrupt
  const iterations = countOf(items[1], 'pbkdf2-iterations');
  let keyLength: number | null = null;
  let prfOid: string = OID.hmacWithSha1;
  for (const item of items.slice(2)) {
    if (item instanceof asn1js.Integer) keyLength = countOf(item, 'pbkdf2-keylength');
    else prfOid = algIdOf(item, 'pbkdf2-prf').oid;
  }
  const prf = PRF_BY_OID[prfOid];
  if (!prf) throw unsupported(prfOid);
  if (keyLength !== null && keyLength !== cipher.keyLen) throw corrupt('pbkdf2-keylength');
  return { salt, iterations, keyLength, prf, prfName: `HMAC-${prf.toUpperCase()}`, cipher, iv };
}

/** Names the scheme of an AlgorithmIdentifier without deriving anything. */
export function describePbe(alg: AlgId): PbeInfo {
  if (alg.oid === OID.pbes2) {
    const p = pbes2Params(alg.params);
    return { name: `PBES2/PBKDF2-${p.prfName}/${p.cipher.name}`, iterations: p.iterations };
  }
  const scheme = PKCS12_PBE[alg.oid];
  if (!scheme) throw unsupported(alg.oid);
  return { name: scheme.name, iterations: pkcs12PbeParams(alg.params).iterations };
}

/**
 * Decrypts with each password form until `accept` turns the plaintext into a value.
 *
 * Returns null when no form works (wrong password). `accept` lets the caller check that the
 * plaintext parses, which is the only wrong-password signal for RC4 and for files without a MAC
 * whose padding happened to look right (1 in 256 for CBC).
 */
export function pbeDecrypt<T>(
  alg: AlgId,
  data: Uint8Array,
  password: PasswordForms,
  budget: WorkBudget,
  accept: (plain: Buffer) => T | null,
): { value: T; info: PbeInfo } | null {
  if (alg.oid === OID.pbes2) {
    const p = pbes2Params(alg.params);
    const info = { name: `PBES2/PBKDF2-${p.prfName}/${p.cipher.name}`, iterations: p.iterations };
    if (p.iterations < 1) throw corrupt('pbkdf2-iterations');
    budget.spend(p.iterations);
    const key = crypto.pbkdf2Sync(password.utf8, p.salt, p.iterations, p.cipher.keyLen, p.prf);
    const plain = nodeDecrypt(p.cipher.node, key, p.iv, data);
    const value = plain && accept(plain);
    return value ? { value, info } : null;
  }
  const scheme = PKCS12_PBE[alg.oid];
  if (!scheme) throw unsupported(alg.oid);
  const { salt, iterations } = pkcs12PbeParams(alg.params);
  if (iterations < 1) throw corrupt('pbe-iterations');
  const info = { name: scheme.name, iterations };
  for (const pw of password.kdf) {
    budget.spend(iterations * (scheme.ivLen ? 2 : 1));
    const key = pkcs12Kdf('sha1', pw, salt, 1, iterations, scheme.keyLen);
    let plain: Buffer | null;
    if (scheme.cipher === 'rc4') {
      plain = rc4(key, data);
    } else {
      const iv = pkcs12Kdf('sha1', pw, salt, 2, iterations, scheme.ivLen);
      plain =
        scheme.cipher === 'rc2'
          ? rc2CbcDecrypt(key, scheme.rc2Bits!, iv, data)
          : nodeDecrypt(scheme.cipher, key, iv, data);
    }
    const value = plain && accept(plain);
    if (value) return { value, info };
  }
  return null;
}

/** The two export profiles (issue 3, "Write two profiles"), declared in shared/pfx.ts. */
export type { PfxProfile };

/** Encrypts for writing; returns the AlgorithmIdentifier DER pieces and the ciphertext. */
export function pbeEncrypt(
  profile: PfxProfile,
  plain: Uint8Array,
  password: string,
  iterations: number,
): { alg: { oid: string; params: ArrayBuffer }; data: Buffer } {
  const iter = new asn1js.Integer({ value: iterations });
  if (profile === 'aes256-sha256') {
    // OpenSSL 3 layout: PBKDF2 {salt, iterations, prf hmacWithSHA256 NULL}, AES-256-CBC {iv}.
    const salt = crypto.randomBytes(16);
    const iv = crypto.randomBytes(16);
    const key = crypto.pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
    const c = crypto.createCipheriv('aes-256-cbc', key, iv);
    const data = Buffer.concat([c.update(plain), c.final()]);
    const params = new asn1js.Sequence({
      value: [
        new asn1js.Sequence({
          value: [
            new asn1js.ObjectIdentifier({ value: OID.pbkdf2 }),
            new asn1js.Sequence({
              value: [
                new asn1js.OctetString({ valueHex: toAb(salt) }),
                iter,
                new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.hmacWithSha256 }), new asn1js.Null()] }),
              ],
            }),
          ],
        }),
        new asn1js.Sequence({
          value: [new asn1js.ObjectIdentifier({ value: OID.aes256Cbc }), new asn1js.OctetString({ valueHex: toAb(iv) })],
        }),
      ],
    });
    return { alg: { oid: OID.pbes2, params: params.toBER(false) }, data };
  }
  const salt = crypto.randomBytes(8);
  const bmp = bmpPassword(password);
  const key = pkcs12Kdf('sha1', bmp, salt, 1, iterations, 24);
  const iv = pkcs12Kdf('sha1', bmp, salt, 2, iterations, 8);
  const c = crypto.createCipheriv('des-ede3-cbc', key, iv);
  const data = Buffer.concat([c.update(plain), c.final()]);
  const params = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: toAb(salt) }), iter] });
  return { alg: { oid: OID.pbeSha1TripleDes, params: params.toBER(false) }, data };
}
