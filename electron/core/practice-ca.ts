/**
 * The embedded, offline practice CA: issues certificates so the whole enrollment flow (and
 * helpdesk training) works with no real CA and no network. Trusted nowhere.
 *
 * The hierarchy copies what the Hongkong Post guides make users install (guide 001 "remove the
 * old Sub CA, install the new Sub CA and the cross certificate, install the ARL"; guide 004 same):
 *  - a root,
 *  - an issuing Sub CA under it,
 *  - a cross-certificate of the root (same subject and key) issued by a "legacy" root,
 *  - an older Sub CA with the same name and another key, superseded,
 *  - an ARL from the root (revoking the old Sub CA) and a CRL from the Sub CA.
 * Every name says "Certwiz Practice" and "not trusted". ECDSA P-256 keeps creation to a few ms.
 * Keys are stored unencrypted (0600): they protect nothing real, and the practice CA must work
 * without a password prompt. Created on first use in one directory rename, so two processes
 * starting at once end with one CA.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { webcrypto, randomBytes } from 'node:crypto';
import { CertwizError } from '../../shared/errors';
import type { PracticeCaInfo } from '../../shared/ipc';
import { ensurePrivateDir, writeFileAtomic } from './atomic';
import { practiceCaDir } from './paths';
import { summarize, toPem, type Certificate } from './certs';

const crypto = webcrypto as unknown as Crypto;
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY = 86_400_000;
const YEAR = 365 * DAY;

/** In encoding order (O before CN), as @peculiar/x509 reads name strings. */
export const PRACTICE_NAMES = {
  root: 'O=Certwiz Practice (not trusted), CN=Certwiz Practice Root CA - not trusted',
  legacyRoot: 'O=Certwiz Practice (not trusted), CN=Certwiz Practice Legacy Root CA - not trusted',
  subCa: 'O=Certwiz Practice (not trusted), CN=Certwiz Practice Issuing CA - not trusted',
} as const;

/** File names inside <dataDir>/practice-ca, for the store wizards that install them. */
export const PRACTICE_FILES = {
  root: 'root.crt',
  rootKey: 'root.key',
  legacyRoot: 'legacy-root.crt',
  legacyRootKey: 'legacy-root.key',
  cross: 'cross.crt',
  subCa: 'sub-ca.crt',
  subCaKey: 'sub-ca.key',
  oldSubCa: 'old-sub-ca.crt',
  arl: 'root.arl.crl',
  crl: 'sub-ca.crl',
} as const;

export type ProfileKind = 'server' | 'email';

export interface PracticeSigned {
  certificate: Certificate;
  certificatePem: string;
  /** Sub CA then root, PEM each. */
  chainPem: string[];
}

export interface PracticeCa {
  readonly dir: string;
  sign(csrPem: string, kind?: ProfileKind): Promise<PracticeSigned>;
  info(): Promise<PracticeCaInfo>;
  /** Sub CA then root, PEM: the chain of every certificate it issues. */
  chainPem(): Promise<string[]>;
  /** Whether this data dir's practice CA signed `cert` (never creates the CA to find out). */
  issued(cert: Certificate): Promise<boolean>;
}

interface Loaded {
  root: Certificate;
  subCa: Certificate;
  oldSubCa: Certificate;
  cross: Certificate;
  subKey: CryptoKey;
  crlNextUpdate: Date;
}

export function openPracticeCa(dataDir: string): PracticeCa {
  const dir = practiceCaDir(dataDir);
  let loading: Promise<Loaded> | undefined;
  const load = () => (loading ??= ensureCreated(dataDir, dir).then(() => readCa(dir)));
  return {
    dir,
    async sign(csrPem, kind) {
      const ca = await load();
      return issue(ca, csrPem, kind);
    },
    async issued(cert) {
      if (!(await fs.access(join(dir, PRACTICE_FILES.crl)).then(() => true, () => false))) return false;
      const ca = await load();
      return cert.verify({ publicKey: ca.subCa.publicKey, signatureOnly: true }, crypto).catch(() => false);
    },
    async chainPem() {
      const ca = await load();
      return [toPem(ca.subCa), toPem(ca.root)];
    },
    async info() {
      const ca = await load();
      return {
        root: summarize(ca.root),
        subCa: summarize(ca.subCa),
        oldSubCa: summarize(ca.oldSubCa),
        crossCertificate: summarize(ca.cross),
        crlNextUpdate: ca.crlNextUpdate.toISOString(),
        dir,
      };
    },
  };
}

async function ensureCreated(dataDir: string, dir: string): Promise<void> {
  try {
    await fs.access(join(dir, PRACTICE_FILES.crl));
    return;
  } catch {
    // Not there yet: build it aside and move it in with one rename.
  }
  await ensurePrivateDir(dataDir);
  const tmp = join(dataDir, `.certwiz-tmp-practice-ca-${randomBytes(6).toString('hex')}`);
  await ensurePrivateDir(tmp);
  try {
    const files = await createHierarchy();
    for (const [name, data] of Object.entries(files)) {
      await writeFileAtomic(join(tmp, name), data, { mode: name.endsWith('.key') ? 0o600 : 0o644 });
    }
    try {
      await fs.rename(tmp, dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && code !== 'ENOTEMPTY' && code !== 'EPERM') throw err;
      // Another process won the race: use its CA.
    }
  } finally {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function createHierarchy(): Promise<Record<string, string>> {
  const now = Date.now();
  const [rootKeys, legacyKeys, subKeys, oldSubKeys] = await Promise.all(
    [0, 1, 2, 3].map(() => crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as Promise<CryptoKeyPair>),
  );
  const caExt = async (pub: CryptoKey, issuerPub: CryptoKey, pathLen?: number) => [
    new x509.BasicConstraintsExtension(true, pathLen, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
    await x509.SubjectKeyIdentifierExtension.create(pub, false, crypto),
    await x509.AuthorityKeyIdentifierExtension.create(issuerPub, false, crypto),
  ];
  const cert = async (subject: string, issuer: string, keys: CryptoKeyPair, issuerKeys: CryptoKeyPair, from: number, to: number, pathLen?: number) =>
    x509.X509CertificateGenerator.create(
      {
        serialNumber: serial(),
        subject,
        issuer,
        notBefore: new Date(from),
        notAfter: new Date(to),
        publicKey: keys.publicKey,
        signingKey: issuerKeys.privateKey,
        signingAlgorithm: SIGN,
        extensions: await caExt(keys.publicKey, issuerKeys.publicKey, pathLen),
      },
      crypto,
    );
  const root = await cert(PRACTICE_NAMES.root, PRACTICE_NAMES.root, rootKeys, rootKeys, now - DAY, now + 20 * YEAR);
  const legacy = await cert(PRACTICE_NAMES.legacyRoot, PRACTICE_NAMES.legacyRoot, legacyKeys, legacyKeys, now - 10 * YEAR, now + 10 * YEAR);
  const cross = await cert(PRACTICE_NAMES.root, PRACTICE_NAMES.legacyRoot, rootKeys, legacyKeys, now - DAY, now + 10 * YEAR);
  const sub = await cert(PRACTICE_NAMES.subCa, PRACTICE_NAMES.root, subKeys, rootKeys, now - DAY, now + 10 * YEAR, 0);
  const oldSub = await cert(PRACTICE_NAMES.subCa, PRACTICE_NAMES.root, oldSubKeys, rootKeys, now - 5 * YEAR, now + 30 * DAY, 0);
  const arl = await crl(root, rootKeys.privateKey, now, [{ serialNumber: oldSub.serialNumber, reason: x509.X509CrlReason.superseded, revocationDate: new Date(now - DAY) }]);
  const subCrl = await crl(sub, subKeys.privateKey, now, []);
  return {
    [PRACTICE_FILES.root]: toPem(root),
    [PRACTICE_FILES.rootKey]: await pkcs8Pem(rootKeys.privateKey),
    [PRACTICE_FILES.legacyRoot]: toPem(legacy),
    [PRACTICE_FILES.legacyRootKey]: await pkcs8Pem(legacyKeys.privateKey),
    [PRACTICE_FILES.cross]: toPem(cross),
    [PRACTICE_FILES.subCa]: toPem(sub),
    [PRACTICE_FILES.subCaKey]: await pkcs8Pem(subKeys.privateKey),
    [PRACTICE_FILES.oldSubCa]: toPem(oldSub),
    [PRACTICE_FILES.arl]: arl,
    [PRACTICE_FILES.crl]: subCrl,
  };
}

/** A CRL (RFC 5280 §5) valid one year, with AKI and a CRL number (§5.2.1, §5.2.3). */
async function crl(issuer: Certificate, key: CryptoKey, now: number, entries: x509.X509CrlEntryParams[]): Promise<string> {
  const crlNumber = new x509.Extension('2.5.29.20', false, Uint8Array.from([0x02, 0x01, 0x01]));
  const c = await x509.X509CrlGenerator.create(
    {
      issuer: issuer.subjectName,
      thisUpdate: new Date(now - 60_000),
      nextUpdate: new Date(now + YEAR),
      signingAlgorithm: SIGN,
      signingKey: key,
      entries,
      extensions: [await x509.AuthorityKeyIdentifierExtension.create(issuer.publicKey, false, crypto), crlNumber],
    },
    crypto,
  );
  // RFC 7468 §5: the label is "X509 CRL" (the library writes "CRL", which openssl refuses).
  return x509.PemConverter.encode(c.rawData, 'X509 CRL').replace(/\r\n/g, '\n').trimEnd() + '\n';
}

async function readCa(dir: string): Promise<Loaded> {
  try {
    const read = (name: string) => fs.readFile(join(dir, name), 'utf8');
    const certOf = async (name: string) => new x509.X509Certificate(await read(name));
    const keyPem = await read(PRACTICE_FILES.subCaKey);
    const der = Buffer.from(keyPem.replace(/-----[A-Z ]+-----|\s+/g, ''), 'base64');
    const subKey = await crypto.subtle.importKey('pkcs8', der, EC, false, ['sign']);
    const crlObj = new x509.X509Crl(await read(PRACTICE_FILES.crl));
    return {
      root: await certOf(PRACTICE_FILES.root),
      subCa: await certOf(PRACTICE_FILES.subCa),
      oldSubCa: await certOf(PRACTICE_FILES.oldSubCa),
      cross: await certOf(PRACTICE_FILES.cross),
      subKey,
      crlNextUpdate: crlObj.nextUpdate ?? new Date(0),
    };
  } catch {
    throw new CertwizError('INTERNAL', 'The practice CA files are damaged; delete the practice-ca folder to make a new one.', { dir });
  }
}

async function issue(ca: Loaded, csrPem: string, kind?: ProfileKind): Promise<PracticeSigned> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(csrPem);
  } catch {
    throw new CertwizError('CSR_INVALID', 'This is not a certificate request (CSR).');
  }
  if (!(await csr.verify(crypto).catch(() => false))) {
    throw new CertwizError('CSR_INVALID', 'The certificate request’s signature does not verify.');
  }
  const requested = ((csr.getExtension('2.5.29.17') as x509.SubjectAlternativeNameExtension | null)?.names.toJSON() ?? []) as x509.JsonGeneralNames;
  const emailInSubject = csr.subjectName.getField('E').concat(csr.subjectName.getField('1.2.840.113549.1.9.1'));
  const k: ProfileKind = kind ?? (requested.some((n) => n.type === 'dns') || emailInSubject.length === 0 ? 'server' : 'email');
  let names: x509.JsonGeneralNames;
  if (k === 'server') {
    names = requested.filter((n) => n.type === 'dns');
    // HK Post puts no SANs in the CSR (the CN is the server name, guide 004); browsers need one.
    const cn = csr.subjectName.getField('CN')[0];
    if (cn && !names.some((n) => n.value.toLowerCase() === cn.toLowerCase())) names.unshift({ type: 'dns', value: cn });
    if (names.length === 0) throw new CertwizError('CSR_INVALID', 'A server certificate request needs a host name.');
  } else {
    names = requested.filter((n) => n.type === 'email');
    for (const e of emailInSubject) if (!names.some((n) => n.value.toLowerCase() === e.toLowerCase())) names.push({ type: 'email', value: e });
    if (names.length === 0) throw new CertwizError('CSR_INVALID', 'An e-mail certificate request needs an e-mail address.');
  }
  const publicKey = await csr.publicKey.export(crypto);
  const isRsa = publicKey.algorithm.name.startsWith('RSA');
  const usage = x509.KeyUsageFlags.digitalSignature | (isRsa ? x509.KeyUsageFlags.keyEncipherment : 0) | (k === 'email' && !isRsa ? x509.KeyUsageFlags.keyAgreement : 0);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serial(),
      subject: csr.subjectName,
      issuer: ca.subCa.subjectName,
      notBefore: new Date(now - 5 * 60_000),
      notAfter: new Date(now + YEAR),
      publicKey: csr.publicKey,
      signingKey: ca.subKey,
      signingAlgorithm: SIGN,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(usage, true),
        new x509.ExtendedKeyUsageExtension([k === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.emailProtection]),
        new x509.SubjectAlternativeNameExtension(names),
        await x509.SubjectKeyIdentifierExtension.create(publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(ca.subCa.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { certificate: cert, certificatePem: toPem(cert), chainPem: [toPem(ca.subCa), toPem(ca.root)] };
}

/** 16 random bytes, top bit clear: a positive INTEGER (RFC 5280 §4.1.2.2, at most 20 octets). */
function serial(): string {
  const b = randomBytes(16);
  b[0] = (b[0] & 0x7f) | 0x01;
  return b.toString('hex');
}

async function pkcs8Pem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await crypto.subtle.exportKey('pkcs8', key));
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').trimEnd();
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}
