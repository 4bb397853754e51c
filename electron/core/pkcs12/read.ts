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
import * as crypto from 'node:crypto';
import { CertwizError } from '../../../shared/errors';
import { corrupt, countFromBytes, hex } from './asn1';
import { contentOf, explicitInner, isUniversal, kids, octets, oid, parseWhole, rawOf, readNode, stringOf, type BerNode } from './ber';
import { kdfPasswordCandidates } from './kdf';
import { DEFAULT_MAX_ITERATIONS, MAX_PFX_BYTES, WorkBudget } from './limits';
import { findMacPassword } from './mac';
import { DIGEST_BY_OID, OID } from './oids';
import { pbeDecrypt, type AlgId, type PasswordForms, type PbeInfo } from './pbe';
import type { PfxCertificate, PfxContents, PfxKey, ReadPfxOptions } from './types';

export const badPassword = () =>
  new CertwizError('PFX_BAD_PASSWORD', 'The password does not open this file. It was set when the file was exported.');

/** A SafeBag (RFC 7292 §4.2): bagId, [0] EXPLICIT bagValue, optional attributes. */
interface SafeBag {
  bagId: string;
  value: BerNode;
  attributes: BerNode | undefined;
}

/** SafeContents ::= SEQUENCE OF SafeBag; walked with ber.ts, nothing decoded beyond the bag shape. */
function safeBagsOf(bytes: Uint8Array, what: string): SafeBag[] {
  const seq = parseWhole(bytes, what);
  if (!isUniversal(seq, 16)) throw corrupt(what);
  return kids(seq, what).map((b) => {
    const [id, wrapped, attrs] = kids(b, 'safe-bag');
    if (!isUniversal(b, 16) || !wrapped || wrapped.cls !== 2 || wrapped.tag !== 0) throw corrupt('safe-bag');
    return { bagId: oid(id, 'safe-bag'), value: explicitInner(wrapped, 'bag-value'), attributes: attrs };
  });
}

/** Decrypted bytes that look like SafeContents (the accept test after a PBE decryption). */
function trySafeBags(plain: Buffer): SafeBag[] | null {
  try {
    return safeBagsOf(plain, 'safe-contents');
  } catch {
    return null;
  }
}

/** PrivateKeyInfo shape (RFC 5208 §5): SEQUENCE { INTEGER, AlgorithmIdentifier, OCTET STRING, ... }. */
function looksLikePrivateKeyInfo(plain: Buffer): boolean {
  try {
    const [version, alg, key] = kids(parseWhole(plain, 'private-key'), 'private-key');
    return isUniversal(version, 2) && isUniversal(alg, 16) && isUniversal(key, 4);
  } catch {
    return false;
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
  contentInfo(node: BerNode): void {
    const [typeNode, wrapped] = kids(node, 'content-info');
    const type = oid(typeNode, 'content-info-type');
    if (!wrapped) throw corrupt('content-info-content');
    const inner = kids(wrapped, 'content-info-content')[0];
    if (!inner) throw corrupt('content-info-content');
    if (type === OID.data) {
      this.safeContents(octets(inner, 'data'), null, 0);
    } else if (type === OID.encryptedData) {
      // RFC 5652 §8: EncryptedData { version, EncryptedContentInfo { type, alg, [0] IMPLICIT } }
      const [, eci] = kids(inner, 'encrypted-data');
      if (!eci) throw corrupt('encrypted-data');
      const [, algNode, content] = kids(eci, 'encrypted-content-info');
      if (!content) throw corrupt('encrypted-content');
      const alg = algIdFrom(algNode);
      const data = octets(content, 'encrypted-content');
      const { value, info } = this.decrypt(alg, data, trySafeBags);
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
    this.bags(safeBagsOf(bytes, 'safe-contents'), scheme, depth);
  }

  private bagCount = 0;

  /** At most MAX_BAGS bags: real files hold a key and a chain; a crafted one could hold 100,000. */
  private bags(bags: SafeBag[], scheme: PbeInfo | null, depth: number): void {
    for (const bag of bags) {
      if (++this.bagCount > MAX_BAGS) throw corrupt('too-many-bags');
      this.bag(bag, scheme, depth);
    }
  }

  private bag(bag: SafeBag, scheme: PbeInfo | null, depth: number): void {
    const attrs = bagAttributes(bag);
    const value = bag.value;
    switch (bag.bagId) {
      case OID.certBag: {
        // CertBag ::= SEQUENCE { certId OID, certValue [0] EXPLICIT OCTET STRING } (§4.2.3)
        const [certId, certValue] = kids(value, 'cert-bag');
        if (!isUniversal(value, 16) || !certValue || certValue.cls !== 2 || certValue.tag !== 0) throw corrupt('cert-bag');
        if (oid(certId, 'cert-bag') !== OID.x509Certificate) return; // SDSI certificates: nobody writes them
        const der = octets(explicitInner(certValue, 'cert-value'), 'cert-value');
        this.out.certs.push({ der, ...attrs });
        if (scheme) this.out.certSchemes.push(scheme);
        else this.out.plainCerts = true;
        return;
      }
      case OID.keyBag: {
        const der = rawOf(value);
        this.out.keys.push({ pkcs8: der, ...attrs, plain: true });
        if (scheme) this.out.keySchemes.push(scheme);
        else this.out.plainKeys = true;
        return;
      }
      case OID.pkcs8ShroudedKeyBag: {
        // EncryptedPrivateKeyInfo ::= SEQUENCE { AlgorithmIdentifier, OCTET STRING } (RFC 5208 §6)
        const [algNode, dataNode] = kids(value, 'shrouded-key');
        if (!isUniversal(value, 16) || !dataNode) throw corrupt('shrouded-key');
        const alg = algIdFrom(algNode);
        const data = octets(dataNode, 'shrouded-key');
        const { value: plain, info } = this.decrypt(alg, data, (p) => (looksLikePrivateKeyInfo(p) ? p : null));
        this.out.keys.push({ pkcs8: plain, ...attrs, plain: false });
        this.out.keySchemes.push(info);
        return;
      }
      case OID.safeContentsBag:
        this.safeContents(rawOf(value), scheme, depth + 1);
        return;
      default:
        return; // CRL and secret bags: nothing Certwiz imports
    }
  }
}

/** AlgorithmIdentifier: OID and the raw parameters element (absent or NULL = null). */
function algIdFrom(node: BerNode | undefined): AlgId {
  if (!node) throw corrupt('algorithm');
  const [oidNode, p] = kids(node, 'algorithm');
  const algOid = oid(oidNode, 'algorithm');
  const params = p && !isUniversal(p, 5) ? rawOf(p) : null;
  return { oid: algOid, params };
}

/** friendlyName (BMPString; some tools write UTF8String) and localKeyID (OCTET STRING). */
function bagAttributes(bag: SafeBag): { friendlyName: string | null; localKeyId: string | null } {
  let friendlyName: string | null = null;
  let localKeyId: string | null = null;
  if (!bag.attributes) return { friendlyName, localKeyId };
  // bagAttributes SET OF PKCS12Attribute { attrId OID, attrValues SET OF ANY } (§4.2)
  for (const a of kids(bag.attributes, 'bag-attributes')) {
    const [idNode, values] = kids(a, 'bag-attribute');
    const attrId = oid(idNode, 'bag-attribute');
    if (!values) throw corrupt('bag-attribute');
    const first = kids(values, 'bag-attribute')[0];
    if (!first) continue;
    if (attrId === OID.friendlyName) {
      const name = stringOf(first);
      // Windows CAPI ends some names with a NUL (Windows_Azure_Tools.p12 in interop-vectors).
      if (name !== null) friendlyName = name.replace(/\0+$/, '');
    } else if (attrId === OID.localKeyId) {
      localKeyId = hex(octets(first, 'local-key-id'));
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
  // PFX ::= SEQUENCE { version INTEGER (v3), authSafe ContentInfo, macData MacData OPTIONAL } (§4)
  const root = readNode(bytes, 0, bytes.length, 'pfx');
  if (!isUniversal(root, 16)) throw corrupt('pfx');
  const [versionNode, authSafe, macNode] = kids(root, 'pfx');
  if (!isUniversal(versionNode, 2) || !isUniversal(authSafe, 16)) throw corrupt('pfx');
  const hasMac = macNode !== undefined;
  if (countFromBytes(contentOf(versionNode, 'version'), 'version') !== 3) throw corrupt('version');
  const [authTypeNode, authWrapped] = kids(authSafe, 'pfx');
  const authType = oid(authTypeNode, 'pfx');
  if (authType !== OID.data) {
    throw new CertwizError('PFX_UNSUPPORTED_ALGORITHM', 'This file is protected with an algorithm Certwiz cannot open.', { algorithm: authType });
  }
  if (!authWrapped || authWrapped.cls !== 2 || authWrapped.tag !== 0) throw corrupt('pfx');
  const authData = octets(explicitInner(authWrapped, 'auth-safe'), 'auth-safe');
  const forms: PasswordForms = { utf8: Buffer.from(password, 'utf8'), kdf: kdfPasswordCandidates(password) };

  let mac: string | null = null;
  let macIterations: number | null = null;
  let macVerified = false;
  if (hasMac) {
    // MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
    const [digestInfo, saltNode, iterNode] = kids(macNode, 'pfx');
    if (!isUniversal(macNode, 16) || !digestInfo || !saltNode) throw corrupt('pfx');
    const [digestAlg, digestNode] = kids(digestInfo, 'pfx');
    if (!digestAlg || !isUniversal(digestNode, 4)) throw corrupt('pfx');
    const digestOid = oid(kids(digestAlg, 'pfx')[0], 'pfx');
    const hash = DIGEST_BY_OID[digestOid];
    if (!hash) {
      throw new CertwizError('PFX_UNSUPPORTED_ALGORITHM', 'This file is protected with an algorithm Certwiz cannot open.', { algorithm: digestOid });
    }
    if (iterNode && !isUniversal(iterNode, 2)) throw corrupt('pfx');
    const iterations = iterNode ? countFromBytes(contentOf(iterNode, 'mac-iterations'), 'mac-iterations') : 1;
    if (iterations < 1) throw corrupt('mac-iterations');
    const found = findMacPassword(
      { hash, salt: new Uint8Array(octets(saltNode, 'pfx')), iterations, digest: new Uint8Array(contentOf(digestNode, 'pfx')) },
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
  // AuthenticatedSafe ::= SEQUENCE OF ContentInfo (§4.1)
  const safe = readNode(authData, 0, authData.length, 'authenticated-safe');
  if (!isUniversal(safe, 16)) throw corrupt('authenticated-safe');
  for (const ci of kids(safe, 'authenticated-safe')) reader.contentInfo(ci);

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
