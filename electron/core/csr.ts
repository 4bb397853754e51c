/**
 * PKCS #10 certificate requests (RFC 2986): built from a validated subject, and read back.
 *
 * Built with @peculiar/x509, whose Name JSON lets each value carry its ASN.1 string type, so what
 * the field rules chose (PrintableString, UTF8String, IA5String) is exactly what is encoded.
 * The crypto provider is a parameter (STYLE.md §8): Node's WebCrypto for software keys, a
 * PKCS#11-backed provider (pkcs11/crypto.ts) for keys that never leave a card.
 */
import 'reflect-metadata';
import { createHash, createPublicKey, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Name as AsnName } from '@peculiar/asn1-x509';
import { formatRdnSets, RDN_TYPE_OIDS } from '../../shared/dn';
import { CertwizError } from '../../shared/errors';
import { domainToUnicode } from '../../shared/idn';
import type { KeyAlgorithm } from '../../shared/ipc';
import type { NormalizedSubject, RdnType, StringEncoding } from '../../shared/subject';
import { signingAlgorithmFor, type SigningAlgorithm } from './keys';

export interface BuiltCsr {
  /** PEM with `-----BEGIN CERTIFICATE REQUEST-----`, 64-column base64 (RFC 7468 §7). */
  pem: string;
  der: Uint8Array;
}

const STRING_CHOICE: Record<StringEncoding, keyof x509.JsonAttributeObject> = {
  printable: 'printableString',
  utf8: 'utf8String',
  ia5: 'ia5String',
};

/** x509's JSON name, one attribute per RDN, each value with its chosen string type. */
function toJsonName(normalized: NormalizedSubject): x509.JsonNameParams {
  return normalized.rdns.map((r) => ({ [RDN_TYPE_OIDS[r.type]]: [{ [STRING_CHOICE[r.encoding]]: r.value }] }));
}

/**
 * Signs a CSR for the subject with the key pair.
 *
 * `alg` is a Certwiz key type, or the signing algorithm itself (a card's key reports its own).
 * The SAN extension is present only when there are names (RFC 5280 §4.2.1.6: the subject is not
 * empty, so it is not critical); the EKU extension comes from the profile (§4.2.1.12). The
 * result is verified with Node's WebCrypto before it is returned, so a provider that signs
 * wrongly (a card, a driver) fails here and not at the CA.
 */
export async function buildCsr(
  normalized: NormalizedSubject,
  keys: CryptoKeyPair,
  alg: KeyAlgorithm | SigningAlgorithm,
  crypto: Crypto = webcrypto as unknown as Crypto,
): Promise<BuiltCsr> {
  const signingAlgorithm = typeof alg === 'string' ? signingAlgorithmFor(alg) : alg;
  const extensions: x509.Extension[] = [];
  if (normalized.sans.length > 0) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension(
        normalized.sans.map((s): x509.JsonGeneralName => ({ type: s.type === 'dns' ? 'dns' : 'email', value: s.value })),
        false,
      ),
    );
  }
  if (normalized.extendedKeyUsage.length > 0) {
    extensions.push(new x509.ExtendedKeyUsageExtension(normalized.extendedKeyUsage, false));
  }
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = await x509.Pkcs10CertificateRequestGenerator.create(
      { name: new x509.Name(toJsonName(normalized)), keys, signingAlgorithm, extensions },
      crypto,
    );
  } catch (err) {
    // An injected provider (a card) throws its own errors, which its caller maps to PIN or
    // token codes (pkcs11/errors.ts); only Node's own failures become INTERNAL here.
    if (err instanceof CertwizError || crypto !== (webcrypto as unknown as Crypto)) throw err;
    throw new CertwizError('INTERNAL', 'The certificate request could not be signed with this key.');
  }
  const der = new Uint8Array(csr.rawData);
  if (!(await verifyCsr(csr))) {
    throw new CertwizError('INTERNAL', 'The signed certificate request did not verify; nothing was saved.');
  }
  return { pem: csr.toString('pem'), der };
}

async function verifyCsr(csr: x509.Pkcs10CertificateRequest): Promise<boolean> {
  try {
    return await csr.verify(webcrypto as unknown as Crypto);
  } catch {
    return false;
  }
}

export interface CsrRdn {
  /** `C`, `ST`, `L`, `O`, `OU`, `CN`, `E`, or a dotted OID for other types. */
  type: RdnType | string;
  value: string;
  display: string;
  encoding: StringEncoding | 'other';
}

export interface CsrDescription {
  /** RFC 4514, as encoded (A-labels). */
  subject: string;
  /** RFC 4514 with U-labels, for people. */
  subjectDisplay: string;
  /** The subject's RDN sets in encoding order. */
  rdns: CsrRdn[][];
  /** As OpenSSL prints them: `DNS:xn--…`, `email:…`. */
  sans: string[];
  sansDisplay: string[];
  extendedKeyUsage: string[];
  /** SHA-256 of the DER SubjectPublicKeyInfo, lower-case hex: how a certificate finds its key. */
  publicKeySpkiSha256: string;
  publicKeySpki: Uint8Array;
  /** One of Certwiz's key types, or null for any other key (RSA 1024, Ed25519, other curves). */
  keyAlgorithm: KeyAlgorithm | null;
  pem: string;
  der: Uint8Array;
}

/** A CSR is a few KB; anything far larger is not one, and is not worth parsing. */
const MAX_CSR_BYTES = 256 * 1024;
/** RFC 7468 §7, plus the `NEW CERTIFICATE REQUEST` label Windows writes (guides 001, 002, 004 C). */
const PEM_RE = /-----BEGIN (NEW )?CERTIFICATE REQUEST-----([A-Za-z0-9+/=\s]*)-----END (NEW )?CERTIFICATE REQUEST-----/;

const OID_TO_TYPE: Record<string, RdnType> = Object.fromEntries(
  Object.entries(RDN_TYPE_OIDS).map(([type, oid]) => [oid, type as RdnType]),
) as Record<string, RdnType>;

/** RFC 5280 §4.2.1.6 and §4.2.1.12. */
const OID_SAN = '2.5.29.17';
const OID_EKU = '2.5.29.37';

function invalid(message = 'This is not a certificate request (CSR).'): CertwizError {
  return new CertwizError('CSR_INVALID', message);
}

/** PEM text (either label) or DER bytes to DER. */
function toDer(input: string | Uint8Array): Uint8Array {
  if (input.length === 0 || input.length > MAX_CSR_BYTES) throw invalid();
  if (typeof input !== 'string' && input[0] === 0x30) return input;
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: false }).decode(input);
  const m = PEM_RE.exec(text);
  if (!m) throw invalid();
  const der = new Uint8Array(Buffer.from(m[2].replace(/\s+/g, ''), 'base64'));
  if (der.length === 0) throw invalid();
  return der;
}

function attributeOf(type: string, v: import('@peculiar/asn1-x509').AttributeValue): CsrRdn {
  const known = OID_TO_TYPE[type];
  const encoding: CsrRdn['encoding'] =
    v.printableString !== undefined ? 'printable' : v.utf8String !== undefined ? 'utf8' : v.ia5String !== undefined ? 'ia5' : 'other';
  const value = v.anyValue ? `#${Buffer.from(v.anyValue).toString('hex')}` : v.toString();
  let display = value;
  if (known === 'CN' && /(^|\.)xn--/i.test(value)) display = domainToUnicode(value);
  if (known === 'E' && value.includes('@')) {
    const at = value.lastIndexOf('@');
    display = `${value.slice(0, at)}@${domainToUnicode(value.slice(at + 1))}`;
  }
  return { type: known ?? type, value, display, encoding };
}

/**
 * Reads a CSR (PEM with either label, or DER) for display and for matching a certificate to it.
 *
 * Refuses (CSR_INVALID) anything that is not a PKCS #10 request and a request whose signature
 * does not verify with its own public key (RFC 2986 §3: the proof of possession).
 */
export async function describeCsr(input: string | Uint8Array): Promise<CsrDescription> {
  const der = Uint8Array.from(toDer(input));
  let csr: x509.Pkcs10CertificateRequest;
  let subjectAsn: AsnName;
  try {
    csr = new x509.Pkcs10CertificateRequest(der);
    subjectAsn = AsnConvert.parse(csr.subjectName.toArrayBuffer(), AsnName);
  } catch {
    throw invalid();
  }
  if (!(await verifyCsr(csr))) {
    throw invalid('The certificate request is damaged: its signature does not match its public key.');
  }

  const rdns = Array.from(subjectAsn, (set) => Array.from(set, (atv) => attributeOf(atv.type, atv.value)));

  const sans: string[] = [];
  const sansDisplay: string[] = [];
  let san: x509.SubjectAlternativeNameExtension | null;
  let eku: x509.ExtendedKeyUsageExtension | null;
  try {
    const sanExt = csr.getExtension(OID_SAN);
    const ekuExt = csr.getExtension(OID_EKU);
    san = sanExt ? new x509.SubjectAlternativeNameExtension(sanExt.rawData) : null;
    eku = ekuExt ? new x509.ExtendedKeyUsageExtension(ekuExt.rawData) : null;
  } catch {
    throw invalid();
  }
  for (const name of san?.names.items ?? []) {
    const [label, value, display] = sanText(name.type, name.value);
    sans.push(`${label}:${value}`);
    sansDisplay.push(`${label}:${display}`);
  }
  const spki = new Uint8Array(csr.publicKey.rawData);
  return {
    subject: formatRdnSets(rdns, 'encoded'),
    subjectDisplay: formatRdnSets(rdns, 'display'),
    rdns,
    sans,
    sansDisplay,
    extendedKeyUsage: eku ? eku.usages.map(String) : [],
    publicKeySpkiSha256: createHash('sha256').update(spki).digest('hex'),
    publicKeySpki: spki,
    keyAlgorithm: keyAlgorithmOfSpki(spki),
    pem: csr.toString('pem'),
    der,
  };
}

/** OpenSSL's labels for GeneralName types (`DNS`, `email`, `IP Address`, `URI`). */
function sanText(type: string, value: string): [string, string, string] {
  switch (type) {
    case 'dns':
      return ['DNS', value, domainToUnicode(value)];
    case 'email': {
      const at = value.lastIndexOf('@');
      return ['email', value, at > 0 ? `${value.slice(0, at)}@${domainToUnicode(value.slice(at + 1))}` : value];
    }
    case 'ip':
      return ['IP Address', value, value];
    case 'url':
      return ['URI', value, value];
    default:
      return [type, value, value];
  }
}

/** Key type from a DER SubjectPublicKeyInfo, through Node's parser (OpenSSL). */
export function keyAlgorithmOfSpki(spki: Uint8Array): KeyAlgorithm | null {
  try {
    const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    const d = key.asymmetricKeyDetails ?? {};
    if (key.asymmetricKeyType === 'rsa') {
      const bits = d.modulusLength;
      return bits === 2048 ? 'rsa-2048' : bits === 3072 ? 'rsa-3072' : bits === 4096 ? 'rsa-4096' : null;
    }
    if (key.asymmetricKeyType === 'ec') {
      return d.namedCurve === 'prime256v1' ? 'ec-p256' : d.namedCurve === 'secp384r1' ? 'ec-p384' : null;
    }
  } catch {
    // fall through: not a key Certwiz knows
  }
  return null;
}
