/**
 * Reads a PFX / PKCS #12 file (RFC 7292) from any producer Certwiz knows of.
 *
 * Producers covered (issue 3 "Reader and writer", interop-vectors README): OpenSSL 3 default and
 * -legacy, Windows CAPI/certmgr (3DES+RC2-40 and AES256-SHA256, empty password as no bytes),
 * keytool, NSS pk12util (BER, indefinite lengths, 600000 iterations), GnuTLS certtool, files
 * without a MAC, plain key bags, nested SafeContents bags. Order of work: size check, parse, MAC
 * (which also picks the password encoding), then decryption, so a wrong password costs one KDF.
 * Public-key integrity/privacy modes (signedData, envelopedData) are refused as unsupported; no
 * consumer we know writes them.
 */
import 'reflect-metadata';
import * as crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import { AsnParser } from '@peculiar/asn1-schema';
import { CertBag, PFX, SafeBag, SafeContents } from '@peculiar/asn1-pfx';
import { EncryptedPrivateKeyInfo, PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { CertwizError } from '../../../shared/errors';
import { childrenOf, corrupt, countFromSchema, hex, octetsOf, oidOf, parseBer, toU8 } from './asn1';
import { kdfPasswordCandidates } from './kdf';
import { DEFAULT_MAX_ITERATIONS, MAX_PFX_BYTES, WorkBudget } from './limits';
import { findMacPassword } from './mac';
import { DIGEST_BY_OID, OID } from './oids';
import { pbeDecrypt, type AlgId, type PasswordForms, type PbeInfo } from './pbe';
import type { PfxCertificate, PfxContents, PfxKey, ReadPfxOptions } from './types';

export const badPassword = () =>
  new CertwizError('PFX_BAD_PASSWORD', 'The password does not open this file. It was set when the file was exported.');

function parseSchema<T>(data: ArrayBuffer | Uint8Array, type: new () => T, what: string): T {
  try {
    return AsnParser.parse(data instanceof Uint8Array ? Buffer.from(data) : data, type);
  } catch {
    throw corrupt(what);
  }
}

interface Collected {
  certs: { der: Uint8Array; friendlyName: string | null; localKeyId: string | null }[];
  keys: { pkcs8: Uint8Array; friendlyName: string | null; localKeyId: string | null; plain: boolean }[];
  keySchemes: PbeInfo[];
  certSchemes: PbeInfo[];
  plainKeys: boolean;
  plainCerts: boolean;
}

const MAX_BAGS = 10_000;

class Reader {
  readonly out: Collected = { certs: [], keys: [], keySchemes: [], certSchemes: [], plainKeys: false, plainCerts: false };
  /** True once the MAC proved the password: later decryption failures mean damage, not password. */
  macVerified = false;

  constructor(
    private readonly password: PasswordForms,
    private readonly budget: WorkBudget,
  ) {}

  private decrypt<T>(alg: AlgId, data: Uint8Array, accept: (p: Buffer) => T | null) {
    const r = pbeDecrypt(alg, data, this.password, this.budget, accept);
    if (r) return r;
    if (this.macVerified) throw corrupt('decrypt-after-mac');
    throw badPassword();
  }

  /** One ContentInfo of the AuthenticatedSafe (RFC 7292 §4.1). */
  contentInfo(node: asn1js.AsnType): void {
    const [typeNode, wrapped] = childrenOf(node, 'content-info');
    const type = oidOf(typeNode, 'content-info-type');
    if (!wrapped) throw corrupt('content-info-content');
    const inner = childrenOf(wrapped, 'content-info-content')[0];
    if (!inner) throw corrupt('content-info-content');
    if (type === OID.data) {
      this.safeContents(octetsOf(inner, 'data'), null, 0);
    } else if (type === OID.encryptedData) {
      // RFC 5652 §8: EncryptedData { version, EncryptedContentInfo { type, alg, [0] IMPLICIT } }
      const [, eci] = childrenOf(inner, 'encrypted-data');
      if (!eci) throw corrupt('encrypted-data');
      const [, algNode, content] = childrenOf(eci, 'encrypted-content-info');
      if (!content) throw corrupt('encrypted-content');
      const alg = algIdFrom(algNode);
      const data = octetsOf(content, 'encrypted-content');
      const { value, info } = this.decrypt(alg, data, (p) => tryParse(p, SafeContents));
      this.bags(value, info, 0);
    } else {
      throw new CertwizError('PFX_UNSUPPORTED_ALGORITHM', 'This file is protected with an algorithm Certwiz cannot open.', {
        algorithm: type,
      });
    }
  }

  /** SafeContents (§4.2); `scheme` says how the enclosing ContentInfo was encrypted. */
  safeContents(bytes: Uint8Array, scheme: PbeInfo | null, depth: number): void {
    if (depth > 4) throw corrupt('nesting');
    this.bags(parseSchema(bytes, SafeContents, 'safe-contents'), scheme, depth);
  }

  private bagCount = 0;

  /** At most MAX_BAGS bags: real files hold a key and a chain; a crafted one could hold 100,000. */
  private bags(bags: SafeContents, scheme: PbeInfo | null, depth: number): void {
    for (const bag of bags) {
      if (++this.bagCount > MAX_BAGS) throw corrupt('too-many-bags');
      this.bag(bag, scheme, depth);
    }
  }

  private bag(bag: SafeBag, scheme: PbeInfo | null, depth: number): void {
    const attrs = bagAttributes(bag);
    const value = parseBer(bag.bagValue, 'bag-value');
    switch (bag.bagId) {
      case OID.certBag: {
        const cb = parseSchema(bag.bagValue, CertBag, 'cert-bag');
        if (cb.certId !== OID.x509Certificate) return; // SDSI certificates: nobody writes them
        const der = octetsOf(parseBer(cb.certValue, 'cert-value'), 'cert-value');
        this.out.certs.push({ der, ...attrs });
        if (scheme) this.out.certSchemes.push(scheme);
        else this.out.plainCerts = true;
        return;
      }
      case OID.keyBag: {
        const der = toU8((value as unknown as { valueBeforeDecodeView: Uint8Array }).valueBeforeDecodeView);
        this.out.keys.push({ pkcs8: der, ...attrs, plain: true });
        if (scheme) this.out.keySchemes.push(scheme);
        else this.out.plainKeys = true;
        return;
      }
      case OID.pkcs8ShroudedKeyBag: {
        const epki = parseSchema(bag.bagValue, EncryptedPrivateKeyInfo, 'shrouded-key');
        const alg = { oid: epki.encryptionAlgorithm.algorithm, params: epki.encryptionAlgorithm.parameters ? toU8(epki.encryptionAlgorithm.parameters) : null };
        const data = shroudedData(value);
        const { value: plain, info } = this.decrypt(alg, data, (p) => (tryParse(p, PrivateKeyInfo) ? p : null));
        this.out.keys.push({ pkcs8: plain, ...attrs, plain: false });
        this.out.keySchemes.push(info);
        return;
      }
      case OID.safeContentsBag:
        this.safeContents(toU8((value as unknown as { valueBeforeDecodeView: Uint8Array }).valueBeforeDecodeView), scheme, depth + 1);
        return;
      default:
        return; // CRL and secret bags: nothing Certwiz imports
    }
  }
}

function tryParse<T>(plain: Buffer, type: new () => T): T | null {
  try {
    return AsnParser.parse(plain, type);
  } catch {
    return null;
  }
}

function algIdFrom(node: asn1js.AsnType | undefined): AlgId {
  if (!node) throw corrupt('algorithm');
  const [oidNode, p] = childrenOf(node, 'algorithm');
  const oid = oidOf(oidNode, 'algorithm');
  const params = p && !(p instanceof asn1js.Null) ? toU8((p as unknown as { valueBeforeDecodeView: Uint8Array }).valueBeforeDecodeView) : null;
  return { oid, params };
}

/** EncryptedPrivateKeyInfo.encryptedData, which BER producers may chunk. */
function shroudedData(value: asn1js.AsnType): Uint8Array {
  const [, data] = childrenOf(value, 'shrouded-key');
  if (!data) throw corrupt('shrouded-key');
  return octetsOf(data, 'shrouded-key');
}

/** friendlyName (BMPString; some tools write UTF8String) and localKeyID (OCTET STRING). */
function bagAttributes(bag: SafeBag): { friendlyName: string | null; localKeyId: string | null } {
  let friendlyName: string | null = null;
  let localKeyId: string | null = null;
  for (const a of bag.bagAttributes ?? []) {
    const first = a.attrValues[0];
    if (!first) continue;
    if (a.attrId === OID.friendlyName) {
      const n = parseBer(first, 'friendly-name') as unknown as { valueBlock: { value?: unknown } };
      // Windows CAPI ends some names with a NUL (Windows_Azure_Tools.p12 in interop-vectors).
      if (typeof n.valueBlock.value === 'string') friendlyName = n.valueBlock.value.replace(/\0+$/, '');
    } else if (a.attrId === OID.localKeyId) {
      localKeyId = hex(octetsOf(parseBer(first, 'local-key-id'), 'local-key-id'));
    }
  }
  return { friendlyName, localKeyId };
}

function schemeSummary(schemes: PbeInfo[], plain: boolean, any: boolean): string | null {
  if (!any) return null;
  const names = [...new Set(schemes.map((s) => s.name))];
  if (plain) names.push('none');
  return names.join(', ');
}

const maxIter = (s: PbeInfo[]) => (s.length ? Math.max(...s.map((x) => x.iterations)) : null);

/**
 * Reads a PFX with its password.
 *
 * Throws CertwizError: PFX_TOO_LARGE (over 10 MB), PFX_CORRUPT, PFX_BAD_PASSWORD,
 * PFX_ITERATIONS_TOO_HIGH, PFX_UNSUPPORTED_ALGORITHM, PFX_MAC_MISSING (only with requireMac).
 */
export function readPfx(bytes: Uint8Array, password: string, opts: ReadPfxOptions = {}): PfxContents {
  if (bytes.length > MAX_PFX_BYTES) {
    throw new CertwizError('PFX_TOO_LARGE', 'This file is larger than any PFX file Certwiz opens (10 MB).', { limit: MAX_PFX_BYTES });
  }
  if (bytes.length === 0) throw corrupt('empty');
  const maxIterations = opts.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const budget = new WorkBudget(maxIterations, opts.maxTotalIterations ?? maxIterations * 4);
  try {
    return readInner(bytes, password, opts, budget);
  } catch (err) {
    if (err instanceof CertwizError) throw err;
    throw corrupt('unexpected');
  }
}

function readInner(bytes: Uint8Array, password: string, opts: ReadPfxOptions, budget: WorkBudget): PfxContents {
  const root = parseBer(bytes, 'pfx');
  let pfx: PFX;
  try {
    pfx = AsnParser.fromASN(root, PFX);
  } catch {
    throw corrupt('pfx');
  }
  // asn1-schema fills an absent optional macData with an empty default; look at the raw shape.
  const hasMac = childrenOf(root, 'pfx').length >= 3;
  if (countFromSchema(pfx.version, 'version') !== 3) throw corrupt('version');
  const authType = pfx.authSafe.contentType;
  if (authType !== OID.data) {
    throw new CertwizError('PFX_UNSUPPORTED_ALGORITHM', 'This file is protected with an algorithm Certwiz cannot open.', { algorithm: authType });
  }
  const authData = octetsOf(parseBer(pfx.authSafe.content, 'auth-safe'), 'auth-safe');
  const forms: PasswordForms = { utf8: Buffer.from(password, 'utf8'), kdf: kdfPasswordCandidates(password) };

  let mac: string | null = null;
  let macIterations: number | null = null;
  let macVerified = false;
  if (hasMac) {
    const digestOid = pfx.macData.mac.digestAlgorithm.algorithm;
    const hash = DIGEST_BY_OID[digestOid];
    if (!hash) {
      throw new CertwizError('PFX_UNSUPPORTED_ALGORITHM', 'This file is protected with an algorithm Certwiz cannot open.', { algorithm: digestOid });
    }
    const iterations = countFromSchema(pfx.macData.iterations ?? 1, 'mac-iterations');
    if (iterations < 1) throw corrupt('mac-iterations');
    const found = findMacPassword(
      { hash, salt: new Uint8Array(pfx.macData.macSalt.buffer), iterations, digest: new Uint8Array(pfx.macData.mac.digest.buffer) },
      authData,
      forms.kdf,
      budget,
    );
    if (!found) throw badPassword();
    forms.kdf = [found, ...forms.kdf.filter((f) => f !== found)];
    mac = `HMAC-${hash.toUpperCase()}`;
    macIterations = iterations;
    macVerified = true;
  } else if (opts.requireMac) {
    throw new CertwizError('PFX_MAC_MISSING', 'This file has no integrity check (MAC); Certwiz was asked not to open such files.');
  }

  const reader = new Reader(forms, budget);
  reader.macVerified = macVerified;
  const safe = parseBer(authData, 'authenticated-safe');
  for (const ci of childrenOf(safe, 'authenticated-safe')) reader.contentInfo(ci);

  const c = reader.out;
  const certificates: PfxCertificate[] = c.certs.map((x) => {
    let x509: crypto.X509Certificate;
    try {
      x509 = new crypto.X509Certificate(Buffer.from(x.der));
    } catch {
      throw corrupt('certificate');
    }
    return { ...x, x509, sha1: crypto.createHash('sha1').update(x.der).digest('hex') };
  });
  const keys: PfxKey[] = c.keys.map((k) => {
    let keyObject: crypto.KeyObject;
    try {
      keyObject = crypto.createPrivateKey({ key: Buffer.from(k.pkcs8), format: 'der', type: 'pkcs8' });
    } catch {
      throw corrupt('private-key');
    }
    return { ...k, keyObject, certificateIndex: pairCertificate(keyObject, k.localKeyId, certificates) };
  });
  return {
    certificates,
    keys,
    protection: {
      keys: schemeSummary(c.keySchemes, c.plainKeys, c.keys.length > 0),
      certificates: schemeSummary(c.certSchemes, c.plainCerts, c.certs.length > 0),
      mac,
      macIterations,
      keyIterations: maxIter(c.keySchemes),
      certificateIterations: maxIter(c.certSchemes),
    },
  };
}

/**
 * The certificate a key belongs to: the one with the same localKeyID whose public key matches,
 * else any whose public key matches (Windows writes 01000000 as localKeyID; some tools none).
 */
function pairCertificate(key: crypto.KeyObject, localKeyId: string | null, certs: PfxCertificate[]): number | null {
  // checkPrivateKey compares the public halves natively (cheaper than exporting both SPKIs).
  const matches = (c: PfxCertificate) => {
    try {
      return c.x509.checkPrivateKey(key);
    } catch {
      return false;
    }
  };
  if (localKeyId) {
    const i = certs.findIndex((c) => c.localKeyId === localKeyId && matches(c));
    if (i >= 0) return i;
  }
  const j = certs.findIndex(matches);
  return j >= 0 ? j : null;
}
