import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import { validateRequest } from '../../shared/fields';
import { formatSan, formatSubject } from '../../shared/dn';
import { getProfile } from '../../shared/profiles';
import type { KeyAlgorithm, SubjectForm } from '../../shared/ipc';
import type { NormalizedSubject } from '../../shared/subject';
import { buildCsr, describeCsr } from '../../electron/core/csr';
import { generateKeyPair, keyAlgorithmOf, signingAlgorithmFor } from '../../electron/core/keys';
import { CertwizError } from '../../shared/errors';
import { extensionText, openssl, sansOf, spkiSha256, subjectOf, subjectStringTypes, textOf, verifies, writeCsr } from './openssl';

let dir: string;
const keys = new Map<KeyAlgorithm, Promise<CryptoKeyPair>>();
/** One key per type, shared by the tests (RSA 4096 takes seconds). */
const keyFor = (alg: KeyAlgorithm) => {
  if (!keys.has(alg)) keys.set(alg, generateKeyPair(alg));
  return keys.get(alg)!;
};

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'certwiz-csr-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function normalize(profileId: string, form: Partial<SubjectForm>, alg: KeyAlgorithm): NormalizedSubject {
  const r = validateRequest(getProfile(profileId)!, { cn: '', sans: [], ...form }, alg);
  assert.deepEqual(r.issues, []);
  return r.normalized!;
}

const OPENSSL_KEY_TEXT: Record<KeyAlgorithm, RegExp> = {
  'rsa-2048': /Public-Key: \(2048 bit\)/,
  'rsa-3072': /Public-Key: \(3072 bit\)/,
  'rsa-4096': /Public-Key: \(4096 bit\)/,
  'ec-p256': /NIST CURVE: P-256/,
  'ec-p384': /NIST CURVE: P-384/,
};
const OPENSSL_SIG: Record<KeyAlgorithm, string> = {
  'rsa-2048': 'sha256WithRSAEncryption',
  'rsa-3072': 'sha256WithRSAEncryption',
  'rsa-4096': 'sha256WithRSAEncryption',
  'ec-p256': 'ecdsa-with-SHA256',
  'ec-p384': 'ecdsa-with-SHA384',
};
const EKU_TEXT: Record<string, string> = {
  'hkpost-server': 'TLS Web Server Authentication',
  'generic-server': 'TLS Web Server Authentication',
  'generic-email': 'E-mail Protection',
};

const FORMS: Record<string, Partial<SubjectForm>> = {
  'hkpost-server': { cn: 'www.我的服务器.com', o: 'My Organization', ou: 'My Organization Unit' },
  'generic-server': { cn: 'shop.example.com', o: 'Example, Inc.', c: 'us', sans: ['www.example.com', '*.例子.com'] },
  'generic-email': { cn: 'Chan Tai Man 陳大文', email: 'tm.chan@例子.香港', o: 'Example Ltd', c: 'HK' },
};
const MATRIX: Array<[string, KeyAlgorithm]> = [
  ['hkpost-server', 'rsa-2048'],
  ...(['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256', 'ec-p384'] as const).map((a): [string, KeyAlgorithm] => ['generic-server', a]),
  ...(['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256', 'ec-p384'] as const).map((a): [string, KeyAlgorithm] => ['generic-email', a]),
];

describe('buildCsr: every profile and key type, checked by OpenSSL', () => {
  for (const [profileId, alg] of MATRIX) {
    test(`${profileId} with ${alg}: verifies, and subject, SANs, EKU and key are what the form said`, async () => {
      const n = normalize(profileId, FORMS[profileId], alg);
      const kp = await keyFor(alg);
      const { pem, der } = await buildCsr(n, kp, alg);
      assert.match(pem, /^-----BEGIN CERTIFICATE REQUEST-----\n([A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE REQUEST-----\n?$/);
      assert.equal(der[0], 0x30);
      const file = writeCsr(dir, `${profileId}-${alg}.csr`, pem);

      assert.ok(verifies(file), 'openssl req -verify accepts it');
      assert.equal(subjectOf(file), formatSubject(n, 'encoded'));
      assert.deepEqual(sansOf(file), n.sans.map((s) => formatSan(s, 'encoded')));
      assert.equal(extensionText(file, 'X509v3 Extended Key Usage'), EKU_TEXT[profileId]);
      const text = textOf(file);
      assert.match(text, OPENSSL_KEY_TEXT[alg]);
      assert.match(text, new RegExp(`Signature Algorithm: ${OPENSSL_SIG[alg]}`));
      if (alg.startsWith('rsa')) assert.match(text, /Exponent: 65537 \(0x10001\)/);

      // The key in the CSR is the key pair's public key.
      const spki = Buffer.from(await webcrypto.subtle.exportKey('spki', kp.publicKey)).toString('base64');
      const ours = await describeCsr(pem);
      assert.equal(ours.publicKeySpkiSha256, spkiSha256(file));
      assert.equal(Buffer.from(ours.publicKeySpki).toString('base64'), spki);
      assert.equal(ours.keyAlgorithm, alg);
      assert.equal(ours.subject, subjectOf(file), 'describeCsr reads the subject as OpenSSL does');
      assert.deepEqual(ours.sans, sansOf(file));
    });
  }

  test('IDN: A-labels in the CSR (CN and SAN), U-labels for display', async () => {
    const n = normalize('generic-server', { cn: 'www.我的服务器.com', sans: ['例子.香港'] }, 'ec-p256');
    const { pem } = await buildCsr(n, await keyFor('ec-p256'), 'ec-p256');
    const file = writeCsr(dir, 'idn.csr', pem);
    assert.equal(subjectOf(file), 'CN=www.xn--zfru1g2vn33etpw.com');
    assert.deepEqual(sansOf(file), ['DNS:www.xn--zfru1g2vn33etpw.com', 'DNS:xn--fsqu00a.xn--j6w193g']);
    const d = await describeCsr(pem);
    assert.equal(d.subjectDisplay, 'CN=www.我的服务器.com');
    assert.deepEqual(d.sansDisplay, ['DNS:www.我的服务器.com', 'DNS:例子.香港']);
  });

  test('ASN.1 string types are the ones chosen: PrintableString, UTF8String, IA5String', async () => {
    const hk = normalize('hkpost-server', { cn: '*.我的服务器.com', o: '香港郵政', ou: 'IT' }, 'rsa-2048');
    const hkFile = writeCsr(dir, 'types-hk.csr', (await buildCsr(hk, await keyFor('rsa-2048'), 'rsa-2048')).pem);
    assert.deepEqual(subjectStringTypes(hkFile), [
      ['countryName', 'PRINTABLESTRING', 'HK'],
      ['stateOrProvinceName', 'PRINTABLESTRING', 'Hong Kong'],
      ['localityName', 'PRINTABLESTRING', 'Hong Kong'],
      ['organizationName', 'UTF8STRING', '香港郵政'],
      ['organizationalUnitName', 'PRINTABLESTRING', 'IT'],
      ['commonName', 'UTF8STRING', '*.xn--zfru1g2vn33etpw.com'],
    ]);
    const em = normalize('generic-email', FORMS['generic-email'], 'ec-p256');
    const emFile = writeCsr(dir, 'types-email.csr', (await buildCsr(em, await keyFor('ec-p256'), 'ec-p256')).pem);
    assert.deepEqual(subjectStringTypes(emFile), [
      ['countryName', 'PRINTABLESTRING', 'HK'],
      ['organizationName', 'PRINTABLESTRING', 'Example Ltd'],
      ['commonName', 'UTF8STRING', 'Chan Tai Man 陳大文'],
      ['emailAddress', 'IA5STRING', 'tm.chan@xn--fsqu00a.xn--j6w193g'],
    ]);
    const d = await describeCsr((await buildCsr(em, await keyFor('ec-p256'), 'ec-p256')).pem);
    assert.deepEqual(
      d.rdns.map(([r]) => r.encoding),
      ['printable', 'printable', 'utf8', 'ia5'],
    );
  });

  test('no SAN extension when there are no SANs (HK Post, guide 004 B 4)', async () => {
    const n = normalize('hkpost-server', FORMS['hkpost-server'], 'rsa-2048');
    const file = writeCsr(dir, 'nosan.csr', (await buildCsr(n, await keyFor('rsa-2048'), 'rsa-2048')).pem);
    assert.equal(extensionText(file, 'X509v3 Subject Alternative Name'), null);
    assert.equal(extensionText(file, 'X509v3 Extended Key Usage'), 'TLS Web Server Authentication');
  });

  test('RFC 4514 escaping agrees with OpenSSL for , + " \\ < > ; and a leading #', async () => {
    const n = normalize('generic-server', { cn: 'example.com', o: 'A, B + "C" \\ <d>; e', ou: '#1 team' }, 'ec-p256');
    const file = writeCsr(dir, 'escape.csr', (await buildCsr(n, await keyFor('ec-p256'), 'ec-p256')).pem);
    assert.equal(subjectOf(file), formatSubject(n, 'encoded'));
  });

  test('signs through an injected crypto provider, given the signing algorithm itself', async () => {
    let signs = 0;
    const subtle = webcrypto.subtle;
    const counting = {
      getRandomValues: webcrypto.getRandomValues.bind(webcrypto),
      subtle: new Proxy(subtle, {
        get(target, prop) {
          const v = Reflect.get(target, prop, target);
          if (prop === 'sign') return (...a: Parameters<SubtleCrypto['sign']>) => (signs++, subtle.sign(...a));
          return typeof v === 'function' ? v.bind(target) : v;
        },
      }),
    } as unknown as Crypto;
    const kp = await keyFor('ec-p384');
    const n = normalize('generic-server', { cn: 'card.example.com' }, 'ec-p384');
    const { pem } = await buildCsr(n, kp, signingAlgorithmFor('ec-p384'), counting);
    assert.equal(signs, 1);
    const file = writeCsr(dir, 'injected.csr', pem);
    assert.ok(verifies(file));
    assert.match(textOf(file), /ecdsa-with-SHA384/);
    assert.equal(keyAlgorithmOf(kp.publicKey), 'ec-p384');
  });

  test('generated keys: RSA e=65537, extractable private key, right sizes', async () => {
    const kp = await keyFor('rsa-3072');
    const a = kp.privateKey.algorithm as RsaHashedKeyAlgorithm;
    assert.equal(a.modulusLength, 3072);
    assert.deepEqual([...a.publicExponent], [1, 0, 1]);
    assert.equal(kp.privateKey.extractable, true);
    const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', kp.privateKey);
    assert.ok(pkcs8.byteLength > 1000);
  });
});

describe('describeCsr: refuses what is not a valid CSR', () => {
  const refuses = async (input: string | Uint8Array) => {
    await assert.rejects(describeCsr(input), (e: unknown) => e instanceof CertwizError && e.code === 'CSR_INVALID');
  };

  test('empty, garbage, random bytes, a certificate, a private key', async () => {
    await refuses('');
    await refuses(new Uint8Array());
    await refuses('hello');
    await refuses(new Uint8Array(webcrypto.getRandomValues(new Uint8Array(300))).map((b, i) => (i === 0 ? 0x30 : b)));
    await refuses('-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----\n');
    const cert = openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'k.pem'), '-subj', '/CN=x', '-days', '1']);
    assert.match(cert.stdout, /BEGIN CERTIFICATE/);
    await refuses(cert.stdout);
    await refuses(cert.stdout.replace(/CERTIFICATE/g, 'CERTIFICATE REQUEST'));
  });

  test('a CSR whose signature does not verify (subject changed after signing)', async () => {
    const n = normalize('hkpost-server', FORMS['hkpost-server'], 'rsa-2048');
    const { der } = await buildCsr(n, await keyFor('rsa-2048'), 'rsa-2048');
    const bytes = Buffer.from(der);
    const at = bytes.indexOf(Buffer.from('My Organization Unit'));
    assert.ok(at > 0);
    bytes[at] = 'N'.charCodeAt(0);
    await refuses(new Uint8Array(bytes));
    const pem = `-----BEGIN CERTIFICATE REQUEST-----\n${bytes.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE REQUEST-----\n`;
    assert.equal(verifies(writeCsr(dir, 'tampered.csr', pem)), false, 'OpenSSL refuses it too');
    await refuses(pem);
  });

  test('reads a CSR made by OpenSSL with the Windows "NEW CERTIFICATE REQUEST" label', async () => {
    const made = openssl([
      'req', '-new', '-newkey', 'rsa:1024', '-nodes', '-keyout', join(dir, 'k1024.pem'),
      '-subj', '/C=HK/O=A, B/CN=legacy.example.com', '-addext', 'subjectAltName=DNS:legacy.example.com,IP:10.0.0.1',
    ]);
    assert.equal(made.code, 0, made.stderr);
    const windows = made.stdout.replace(/CERTIFICATE REQUEST/g, 'NEW CERTIFICATE REQUEST');
    const d = await describeCsr(windows);
    assert.equal(d.subject, subjectOf(writeCsr(dir, 'openssl.csr', made.stdout)));
    assert.deepEqual(d.sans, ['DNS:legacy.example.com', 'IP Address:10.0.0.1']);
    assert.equal(d.keyAlgorithm, null, 'RSA 1024 is not one of Certwiz\'s key types');
  });
});
