/**
 * Writer against every consumer (issue 3, "Write two profiles" and its Tests paragraph): each
 * file we write, in both profiles, RSA and EC, with chain, non-ASCII and empty passwords, must be
 * accepted by `openssl pkcs12` (OpenSSL 3, no -legacy), `keytool -list -storetype PKCS12`,
 * `pk12util -l` and `certtool --p12-info`, and must carry the chosen algorithms.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { readPfx, verifyPfx, writePfx, type PfxProfile } from '../../electron/core/pkcs12';
import { makePki, must, run, type Pki } from './peers';

let pki: Pki;
const sha1 = (pem: string) => new crypto.X509Certificate(pem).fingerprint.replace(/:/g, '').toLowerCase();

interface Case {
  name: string;
  key: 'rsa' | 'ec';
  password: string;
  chain: boolean;
}
const CASES: Case[] = [
  { name: 'RSA with chain', key: 'rsa', password: 'Correct-Horse-7', chain: true },
  { name: 'EC, non-ASCII password', key: 'ec', password: 'Pässwörd 密碼', chain: true },
  { name: 'RSA, empty password, no chain', key: 'rsa', password: '', chain: false },
];
const PROFILE_TEXT: Record<PfxProfile, { bag: RegExp; mac: RegExp }> = {
  'aes256-sha256': { bag: /PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/, mac: /MAC: sha256, Iteration 2048/ },
  '3des-sha1': { bag: /pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048/, mac: /MAC: sha1, Iteration 2048/ },
};

before(() => {
  pki = makePki();
});

function write(profile: PfxProfile, c: Case): string {
  const bytes = writePfx({
    key: crypto.createPrivateKey(pki.read(`${c.key}.key`)),
    certificate: pki.text(`${c.key}.pem`),
    chain: [pki.read('sub.pem').toString(), new crypto.X509Certificate(pki.read('root.pem'))],
    includeChain: c.chain,
    profile,
    password: c.password,
    friendlyName: `Certwiz ${c.key} ✓`,
  });
  const file = `ours-${profile}-${c.key}-${c.chain}-${c.password.length}.p12`;
  writeFileSync(pki.path(file), bytes);
  return file;
}

for (const profile of ['aes256-sha256', '3des-sha1'] as const) {
  describe(`writePfx ${profile}`, () => {
    for (const c of CASES) {
      test(`should be accepted by openssl, keytool, pk12util and certtool: ${c.name}`, () => {
        const file = write(profile, c);
        const certCount = c.chain ? 3 : 1;

        // OpenSSL 3 without -legacy: opens, reports the chosen algorithms, gives back the same key.
        const info = must(pki.dir, 'openssl', ['pkcs12', '-in', file, '-passin', `pass:${c.password}`, '-info', '-nokeys']);
        assert.match(info.stderr + info.stdout, PROFILE_TEXT[profile].bag);
        assert.match(info.stderr + info.stdout, PROFILE_TEXT[profile].mac);
        assert.doesNotMatch(info.stderr + info.stdout, /RC2|RC4/);
        assert.equal((info.stdout.match(/BEGIN CERTIFICATE/g) ?? []).length, certCount);
        const keyOut = must(pki.dir, 'openssl', ['pkcs12', '-in', file, '-passin', `pass:${c.password}`, '-nocerts', '-nodes']);
        const got = crypto.createPrivateKey(keyOut.stdout).export({ type: 'pkcs8', format: 'der' });
        const want = crypto.createPrivateKey(pki.read(`${c.key}.key`)).export({ type: 'pkcs8', format: 'der' });
        assert.ok(got.equals(want), 'openssl extracts the same private key');
        assert.notEqual(run(pki.dir, 'openssl', ['pkcs12', '-in', file, '-passin', 'pass:wrong', '-noout']).status, 0);

        // JDK keytool. Java's PKCS12 rejects non-ASCII passwords outright ("Password is not
        // ASCII", also for OpenSSL's own files), so that case checks the JDK limit instead.
        const kt = run(pki.dir, 'keytool', ['-list', '-v', '-storetype', 'PKCS12', '-keystore', file, '-storepass', c.password]);
        if (/^[\x20-\x7e]*$/.test(c.password)) {
          assert.equal(kt.status, 0, kt.stdout + kt.stderr);
          assert.match(kt.stdout, /Entry type: PrivateKeyEntry/);
          assert.match(kt.stdout, new RegExp(`Certificate chain length: ${certCount}`));
        } else {
          assert.notEqual(kt.status, 0);
        }

        // NSS pk12util -l: decrypts and lists the key and the certificates.
        const nss = must(pki.dir, 'pk12util', ['-l', file, '-W', c.password]);
        assert.match(nss.stdout, /Key\(shrouded\):/);
        assert.equal((nss.stdout.match(/Certificate(\(has private key\))?:/g) ?? []).length, certCount);
        assert.match(nss.stdout, /has private key/);

        // GnuTLS certtool --p12-info: verifies the MAC and decrypts every bag.
        const pwArgs = c.password === '' ? ['--empty-password'] : ['--password', c.password];
        const gnutls = must(pki.dir, 'certtool', ['--p12-info', '--inder', '--infile', file, ...pwArgs]);
        assert.match(gnutls.stdout, /BAG #0/);
        assert.match(gnutls.stdout, /PKCS #8 SHROUDED KEY BAG|Type: PKCS #8 Encrypted key/i);

        // And our own verify-after-write.
        const v = verifyPfx(pki.read(file), c.password, {
          profile,
          certificateSha1: sha1(pki.text(`${c.key}.pem`)),
          chainSha1: c.chain ? [sha1(pki.text('sub.pem')), sha1(pki.text('root.pem'))] : [],
        });
        assert.deepEqual(v.checks.filter((x) => !x.ok), []);
        assert.equal(v.ok, true);
      });
    }
  });
}

describe('writePfx layout details', () => {
  test('should put localKeyID = SHA-1 of the leaf on key and leaf only, and the friendly name on the leaf', () => {
    const bytes = writePfx({
      key: crypto.createPrivateKey(pki.read('rsa.key')),
      certificate: pki.read('rsa.pem').toString(),
      chain: [pki.text('sub.pem'), pki.text('root.pem')],
      profile: 'aes256-sha256',
      password: 'pw',
      friendlyName: 'Leaf',
    });
    const c = readPfx(bytes, 'pw');
    const leafSha1 = sha1(pki.text('rsa.pem'));
    assert.deepEqual(c.certificates.map((x) => x.localKeyId), [leafSha1, null, null]);
    assert.deepEqual(c.certificates.map((x) => x.friendlyName), ['Leaf', null, null]);
    assert.equal(c.keys[0].localKeyId, leafSha1);
    assert.equal(c.keys[0].friendlyName, null, 'no key-bag friendly name unless asked');
    assert.equal(bytes[0], 0x30);
    assert.notEqual(bytes[1], 0x80, 'DER, not indefinite length');
  });

  test('should write plain certificate bags without privacy, and the key-bag name when asked', () => {
    const bytes = writePfx({
      key: crypto.createPrivateKey(pki.read('ec.key')),
      certificate: pki.read('ec.pem'),
      profile: '3des-sha1',
      password: 'pw',
      privacy: false,
      keyFriendlyName: 'Key name',
    });
    const c = readPfx(bytes, 'pw');
    assert.equal(c.protection.certificates, 'none');
    assert.equal(c.protection.keys, 'pbeWithSHAAnd3-KeyTripleDES-CBC');
    assert.equal(c.keys[0].friendlyName, 'Key name');
    assert.equal(verifyPfx(bytes, 'pw', { profile: '3des-sha1', privacy: false }).ok, true);
    assert.equal(verifyPfx(bytes, 'pw', { profile: 'aes256-sha256' }).ok, false, 'algorithms check notices another profile');
  });

  test('should refuse a key that does not match the certificate, and too few iterations', () => {
    const base = { certificate: pki.text('rsa.pem'), profile: 'aes256-sha256' as const, password: 'pw' };
    assert.throws(() => writePfx({ ...base, key: crypto.createPrivateKey(pki.read('ec.key')) }), { code: 'INVALID_INPUT' });
    assert.throws(() => writePfx({ ...base, key: crypto.createPrivateKey(pki.read('rsa.key')), iterations: 1000 }), { code: 'INVALID_INPUT' });
  });

  test('should report a wrong password and a damaged file in verify, without throwing', () => {
    const bytes = writePfx({ key: crypto.createPrivateKey(pki.read('ec.key')), certificate: pki.text('ec.pem'), profile: 'aes256-sha256', password: 'pw' });
    assert.deepEqual(verifyPfx(bytes, 'nope'), { ok: false, code: 'PFX_BAD_PASSWORD', checks: [{ id: 'opens', ok: false, detail: 'PFX_BAD_PASSWORD' }] });
    assert.equal(verifyPfx(bytes.subarray(0, 100), 'pw').code, 'PFX_CORRUPT');
    const missing = verifyPfx(bytes, 'pw', { chainSha1: [sha1(pki.text('root.pem'))] });
    assert.equal(missing.ok, false);
    assert.equal(missing.checks.find((x) => x.id === 'chain-present')?.ok, false);
  });
});
