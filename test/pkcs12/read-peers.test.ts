/**
 * Reader against real producers (issue 3, "Reader and writer"): every file is written in set-up
 * by the peer tool itself (OpenSSL 3 default / -legacy / -nomac / plain bags, NSS pk12util, GnuTLS
 * certtool, JDK keytool current and legacy), plus the four Windows interop vectors. Each must
 * give back the right key paired with the right certificate and the whole chain.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as asn1js from 'asn1js';
import { AsnSerializer, OctetString } from '@peculiar/asn1-schema';
import { ContentInfo } from '@peculiar/asn1-cms';
import { AuthenticatedSafe, CertBag, PFX, SafeBag, SafeContents } from '@peculiar/asn1-pfx';
import { readPfx, keyEntries, inspectPfx } from '../../electron/core/pkcs12';
import type { PfxContents } from '../../electron/core/pkcs12';
import { makePki, must, nssDb, type Pki } from './peers';
import { interopDir } from './interop-dir';

let pki: Pki;
const sha1 = (pem: string) => new crypto.X509Certificate(pem).fingerprint.replace(/:/g, '').toLowerCase();

/** The key is the original one and is paired with the leaf; all expected certificates are there. */
function expectLeafAndKey(c: PfxContents, leaf: string, keyFile: string, certCount: number): void {
  assert.equal(c.keys.length, 1, 'one key');
  assert.equal(c.certificates.length, certCount, 'certificate count');
  const k = c.keys[0];
  assert.notEqual(k.certificateIndex, null, 'key paired');
  assert.equal(c.certificates[k.certificateIndex!].sha1, sha1(pki.text(leaf)));
  const original = crypto.createPrivateKey(pki.read(keyFile));
  assert.deepEqual(
    crypto.createPublicKey(k.keyObject).export({ type: 'spki', format: 'der' }),
    crypto.createPublicKey(original).export({ type: 'spki', format: 'der' }),
  );
  assert.ok(
    (k.keyObject.export({ type: 'pkcs8', format: 'der' }) as Buffer).equals(original.export({ type: 'pkcs8', format: 'der' }) as Buffer),
    'same private key',
  );
}

function opensslExport(out: string, password: string, extra: string[], key = 'rsa'): Buffer {
  must(pki.dir, 'openssl', ['pkcs12', '-export', '-inkey', `${key}.key`, '-in', `${key}.pem`, '-certfile', 'chain.pem',
    '-name', `${key} leaf`, '-out', out, '-passout', `pass:${password}`, ...extra]);
  return pki.read(out);
}

before(() => {
  pki = makePki();
});

describe('readPfx with files from OpenSSL 3', () => {
  test('should read the default layout (PBES2 AES-256, SHA-256 MAC) with chain and friendly name', () => {
    const c = readPfx(opensslExport('o-default.p12', 'secret', []), 'secret');
    expectLeafAndKey(c, 'rsa.pem', 'rsa.key', 3);
    assert.equal(c.certificates[c.keys[0].certificateIndex!].friendlyName, 'rsa leaf');
    assert.deepEqual(
      [c.protection.keys, c.protection.certificates, c.protection.mac, c.protection.macIterations],
      ['PBES2/PBKDF2-HMAC-SHA256/AES-256-CBC', 'PBES2/PBKDF2-HMAC-SHA256/AES-256-CBC', 'HMAC-SHA256', 2048],
    );
  });

  test('should read -legacy (RC2-40 certificates, 3DES key, SHA-1 MAC) without the legacy provider', () => {
    const c = readPfx(opensslExport('o-legacy.p12', 'secret', ['-legacy']), 'secret');
    expectLeafAndKey(c, 'rsa.pem', 'rsa.key', 3);
    assert.deepEqual(
      [c.protection.keys, c.protection.certificates, c.protection.mac],
      ['pbeWithSHAAnd3-KeyTripleDES-CBC', 'pbeWithSHAAnd40BitRC2-CBC', 'HMAC-SHA1'],
    );
  });

  test('should read a file without a MAC, and refuse it only when asked to', () => {
    const bytes = opensslExport('o-nomac.p12', 'secret', ['-nomac'], 'ec');
    const c = readPfx(bytes, 'secret');
    expectLeafAndKey(c, 'ec.pem', 'ec.key', 3);
    assert.equal(c.protection.mac, null);
    assert.throws(() => readPfx(bytes, 'wrong'), { code: 'PFX_BAD_PASSWORD' });
    assert.throws(() => readPfx(bytes, 'secret', { requireMac: true }), { code: 'PFX_MAC_MISSING' });
  });

  test('should read plain key and certificate bags (-keypbe NONE -certpbe NONE)', () => {
    const c = readPfx(opensslExport('o-plain.p12', 'secret', ['-keypbe', 'NONE', '-certpbe', 'NONE']), 'secret');
    expectLeafAndKey(c, 'rsa.pem', 'rsa.key', 3);
    assert.equal(c.keys[0].plain, true);
    assert.deepEqual([c.protection.keys, c.protection.certificates], ['none', 'none']);
  });

  test('should read other PBES2 ciphers and MAC digests (3DES/AES-128 bags, SHA-512 and SHA-1 MACs)', () => {
    const variants: [string[], string, string, string][] = [
      [['-keypbe', 'DES-EDE3-CBC', '-certpbe', 'AES-128-CBC', '-macalg', 'sha512'], 'PBES2/PBKDF2-HMAC-SHA256/DES-EDE3-CBC', 'PBES2/PBKDF2-HMAC-SHA256/AES-128-CBC', 'HMAC-SHA512'],
      [['-keypbe', 'AES-192-CBC', '-descert', '-macalg', 'sha1', '-iter', '1000'], 'PBES2/PBKDF2-HMAC-SHA256/AES-192-CBC', 'pbeWithSHAAnd3-KeyTripleDES-CBC', 'HMAC-SHA1'],
      [['-keypbe', 'PBE-SHA1-2DES', '-certpbe', 'PBE-SHA1-RC2-128', '-macalg', 'sha384', '-legacy'], 'pbeWithSHAAnd2-KeyTripleDES-CBC', 'pbeWithSHAAnd128BitRC2-CBC', 'HMAC-SHA384'],
    ];
    for (const [extra, keys, certs, mac] of variants) {
      const c = readPfx(opensslExport('o-variant.p12', 'secret', extra), 'secret');
      expectLeafAndKey(c, 'rsa.pem', 'rsa.key', 3);
      assert.deepEqual([c.protection.keys, c.protection.certificates, c.protection.mac], [keys, certs, mac], extra.join(' '));
    }
  });

  test('should read an empty password, default and legacy', () => {
    for (const extra of [[], ['-legacy']]) {
      const c = readPfx(opensslExport('o-empty.p12', '', extra), '');
      expectLeafAndKey(c, 'rsa.pem', 'rsa.key', 3);
    }
  });

  test('should read non-ASCII passwords: UTF-8 for PBES2, BMPString for the KDF and MAC', () => {
    for (const extra of [[], ['-legacy']]) {
      const pw = 'Pässwörd 密碼 ✓';
      const bytes = opensslExport('o-utf8.p12', pw, extra, 'ec');
      expectLeafAndKey(readPfx(bytes, pw), 'ec.pem', 'ec.key', 3);
      assert.throws(() => readPfx(bytes, 'Passwort'), { code: 'PFX_BAD_PASSWORD' });
    }
  });
});

describe('readPfx with files from NSS, GnuTLS and Java', () => {
  test('should read NSS pk12util output (BER, indefinite lengths, 600000 iterations)', () => {
    opensslExport('to-nss.p12', 'secret', []);
    const db = nssDb(pki, 'nssdb');
    must(pki.dir, 'pk12util', ['-i', 'to-nss.p12', '-d', `sql:${db}`, '-W', 'secret']);
    must(pki.dir, 'pk12util', ['-o', 'nss.p12', '-n', 'rsa leaf', '-d', `sql:${db}`, '-W', 'nss-pw']);
    const bytes = pki.read('nss.p12');
    assert.equal(bytes[1], 0x80, 'outer SEQUENCE has an indefinite length');
    const c = readPfx(bytes, 'nss-pw');
    expectLeafAndKey(c, 'rsa.pem', 'rsa.key', 3);
    assert.equal(c.protection.macIterations, 600000);
  });

  test('should read GnuTLS certtool output, with a password and with an empty one', () => {
    const base = ['--load-privkey', 'ec.key', '--load-certificate', 'ec.pem', '--to-p12', '--outder', '--p12-name', 'gnutls'];
    must(pki.dir, 'certtool', [...base, '--outfile', 'gnutls.p12', '--password', 'secret']);
    expectLeafAndKey(readPfx(pki.read('gnutls.p12'), 'secret'), 'ec.pem', 'ec.key', 1);
    must(pki.dir, 'certtool', [...base, '--outfile', 'gnutls-empty.p12', '--empty-password']);
    expectLeafAndKey(readPfx(pki.read('gnutls-empty.p12'), ''), 'ec.pem', 'ec.key', 1);
    must(pki.dir, 'certtool', [...base, '--outfile', 'gnutls-null.p12', '--null-password']);
    const nul = readPfx(pki.read('gnutls-null.p12'), '');
    assert.equal(nul.certificates.length, 1);
  });

  test('should read keytool output, current (PBES2) and legacy (RC2-40 / 3DES)', () => {
    opensslExport('to-java.p12', 'secret', []);
    for (const [out, flags] of [['java.p12', []], ['java-legacy.p12', ['-J-Dkeystore.pkcs12.legacy']]] as const) {
      must(pki.dir, 'keytool', [...flags, '-importkeystore', '-srckeystore', 'to-java.p12', '-srcstoretype', 'PKCS12', '-srcstorepass', 'secret',
        '-destkeystore', out, '-deststoretype', 'PKCS12', '-deststorepass', 'java-secret', '-noprompt']);
      const c = readPfx(pki.read(out), 'java-secret');
      expectLeafAndKey(c, 'rsa.pem', 'rsa.key', 3);
      if (out === 'java-legacy.p12') assert.equal(c.protection.certificates, 'pbeWithSHAAnd40BitRC2-CBC');
      else assert.equal(c.protection.keys, 'PBES2/PBKDF2-HMAC-SHA256/AES-256-CBC');
    }
  });
});

describe('several keys in one file', () => {
  test('should pair each key of a two-entry keytool store with its own certificate', () => {
    opensslExport('two-rsa.p12', 'secret', [], 'rsa');
    opensslExport('two-ec.p12', 'secret', [], 'ec');
    for (const [src, alias] of [['two-rsa.p12', 'rsa'], ['two-ec.p12', 'ec']]) {
      must(pki.dir, 'keytool', ['-importkeystore', '-srckeystore', src, '-srcstoretype', 'PKCS12', '-srcstorepass', 'secret', '-srcalias', `${alias} leaf`,
        '-destalias', alias, '-destkeystore', 'two.p12', '-deststoretype', 'PKCS12', '-deststorepass', 'java-secret', '-noprompt']);
    }
    const c = readPfx(pki.read('two.p12'), 'java-secret');
    assert.equal(c.keys.length, 2);
    const pairs = c.keys.map((k) => [k.keyObject.asymmetricKeyType, c.certificates[k.certificateIndex!].sha1]);
    assert.deepEqual(pairs.sort(), [['ec', sha1(pki.text('ec.pem'))], ['rsa', sha1(pki.text('rsa.pem'))]].sort());
    const entries = keyEntries(c);
    assert.equal(entries.length, 2);
    for (const e of entries) assert.equal(e.chainPem.length, 2, 'each with its chain, not the other leaf');
  });
});

describe('readPfx with Windows exports (interop vectors)', () => {
  const dir = interopDir();
  const cases: [string, string, string, string][] = [
    ['Windows_Azure_Tools.p12', '', 'CN=Windows Azure Tools', 'pbeWithSHAAnd40BitRC2-CBC'],
    ['Windows_IAS_PEAP_LDAPS_certificates.p12', '', 'CN=Windows IAS PEAP & LDAPS certificates', 'pbeWithSHAAnd40BitRC2-CBC'],
    ['testing@example.com.p12', '', 'CN=testing@example.com', 'pbeWithSHAAnd40BitRC2-CBC'],
    ['TestPBES2_AES256CBC-windows-certmgr.p12', 'password', 'CN=*.ad.standalone.com', 'PBES2/PBKDF2-HMAC-SHA256/AES-256-CBC'],
  ];
  for (const [file, pw, cn, certScheme] of cases) {
    test(`should read ${file} with its key paired`, () => {
      const c = readPfx(readFileSync(`${dir}/${file}`), pw);
      assert.equal(c.keys.length, 1);
      assert.equal(c.keys[0].keyObject.asymmetricKeyType, 'rsa');
      const cert = c.certificates[c.keys[0].certificateIndex!];
      assert.ok(cert.x509.subject.split('\n').some((l) => l === cn), cert.x509.subject);
      assert.equal(c.protection.certificates, certScheme);
      assert.throws(() => readPfx(readFileSync(`${dir}/${file}`), 'not-it'), { code: 'PFX_BAD_PASSWORD' });
    });
  }
  test('should strip the NUL Windows leaves at the end of a friendly name', () => {
    const c = readPfx(readFileSync(`${dir}/Windows_Azure_Tools.p12`), '');
    assert.equal(c.certificates[0].friendlyName, "Paul's Playground-10-2-2014-credentials");
  });
});

describe('pairing and inspect', () => {
  test('should pair by public key when there is no localKeyID, whatever the bag order', () => {
    // Hand-built: plain bags without attributes, chain before the leaf, no MAC.
    const certBag = (pem: string) =>
      new SafeBag({
        bagId: '1.2.840.113549.1.12.10.1.3',
        bagValue: AsnSerializer.serialize(new CertBag({ certId: '1.2.840.113549.1.9.22.1', certValue: AsnSerializer.serialize(new OctetString(new crypto.X509Certificate(pem).raw)) })),
      });
    const pkcs8 = crypto.createPrivateKey(pki.read('rsa.key')).export({ type: 'pkcs8', format: 'der' });
    const keyBag = new SafeBag({ bagId: '1.2.840.113549.1.12.10.1.1', bagValue: new Uint8Array(pkcs8).buffer });
    const contents = AsnSerializer.serialize(new SafeContents([certBag(pki.text('root.pem')), certBag(pki.text('sub.pem')), keyBag, certBag(pki.text('rsa.pem'))]));
    const data = (der: ArrayBuffer) => new ContentInfo({ contentType: '1.2.840.113549.1.7.1', content: new asn1js.OctetString({ valueHex: der }).toBER(false) });
    const authSafe = AsnSerializer.serialize(new AuthenticatedSafe([data(contents)]));
    const pfx = AsnSerializer.serialize(new PFX({ version: 3, authSafe: data(authSafe) })).slice(0);
    // asn1-schema writes the default (empty) MacData; cut the PFX back to version + authSafe.
    const seq = asn1js.fromBER(pfx).result as asn1js.Sequence;
    const bytes = new Uint8Array(new asn1js.Sequence({ value: seq.valueBlock.value.slice(0, 2) }).toBER(false));
    const c = readPfx(bytes, 'anything');
    expectLeafAndKey(c, 'rsa.pem', 'rsa.key', 3);
    assert.equal(c.keys[0].localKeyId, null);
    const [entry] = keyEntries(c);
    assert.deepEqual(entry.chainPem.map(sha1), [sha1(pki.text('sub.pem')), sha1(pki.text('root.pem'))], 'chain ordered leaf-up');
  });

  test('should give the inspect --json shape', () => {
    const bytes = opensslExport('o-inspect.p12', 'secret', [], 'ec');
    const j = inspectPfx(bytes, 'secret');
    assert.equal(j.certificates.length, 3);
    const leaf = j.certificates.find((c) => c.hasPrivateKey)!;
    assert.equal(leaf.subject, 'CN=ec.example.test,O=Certwiz Test');
    assert.equal(leaf.sha1, sha1(pki.text('ec.pem')));
    assert.equal(leaf.isCA, false);
    assert.equal(leaf.friendlyName, 'ec leaf');
    assert.match(leaf.localKeyId!, /^[0-9a-f]{40}$/);
    assert.equal(j.certificates.filter((c) => c.isCA).length, 2);
    assert.deepEqual(j.keys, [{ algorithm: 'EC', bits: 384, curve: 'P-384', friendlyName: 'ec leaf', localKeyId: leaf.localKeyId, certificateSha1: leaf.sha1 }]);
    assert.deepEqual(j.protection, { keys: 'PBES2/PBKDF2-HMAC-SHA256/AES-256-CBC', certificates: 'PBES2/PBKDF2-HMAC-SHA256/AES-256-CBC', mac: 'HMAC-SHA256', macIterations: 2048 });
    assert.ok(!JSON.stringify(j).includes('PRIVATE'), 'no key material');
  });
});

