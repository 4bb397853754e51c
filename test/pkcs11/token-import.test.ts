/**
 * A token that cannot make EC keys (SoftHSM2 with CKM_EC_KEY_PAIR_GEN disabled), and putting an
 * existing key + certificate onto a card (PFX import to token:), checked with pkcs11-tool and
 * OpenSSL.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createSoftHsm, SOFTHSM_MODULE, type SoftHsm } from './softhsm';

const PIN = '2468';
let hsm: SoftHsm;
let core: typeof import('../../electron/core/pkcs11');
const target = () => ({ module: SOFTHSM_MODULE, token: 'Import Card', pin: PIN });

before(async () => {
  // A whitelist without CKM_EC_KEY_PAIR_GEN: SoftHSM 2.6 ignores a one-item "-CKM_..." blacklist.
  hsm = createSoftHsm(
    [{ label: 'Import Card', pin: PIN }],
    'slots.mechanisms = CKM_RSA_PKCS_KEY_PAIR_GEN,CKM_RSA_PKCS,CKM_SHA256_RSA_PKCS,CKM_SHA384_RSA_PKCS,CKM_ECDSA,CKM_ECDSA_SHA256,CKM_ECDSA_SHA384,CKM_SHA256,CKM_SHA384\n',
  );
  core = await import('../../electron/core/pkcs11');
});
after(() => {
  core?.finalizeAll();
  hsm?.cleanup();
});

function selfSigned(kind: 'rsa' | 'ec', name: string) {
  const key = path.join(hsm.dir, `${name}.key`);
  const crt = path.join(hsm.dir, `${name}.der`);
  const newkey = kind === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  execFileSync('openssl', ['req', '-x509', ...newkey, '-nodes', '-keyout', key, '-out', crt, '-outform', 'DER', '-subj', `/CN=${name}`, '-days', '1'], { stdio: 'pipe' });
  return { key: createPrivateKey(readFileSync(key)), der: readFileSync(crt) };
}

describe('mechanism list decides what is offered', () => {
  test('EC is not offered when the token cannot generate EC keys', () => {
    const t = core.listTokens(SOFTHSM_MODULE).find((x) => x.label === 'Import Card');
    assert.deepEqual(t?.keyGenMechanisms, ['rsa-2048', 'rsa-3072', 'rsa-4096']);
  });

  test('asking for EC anyway is MECHANISM_NOT_SUPPORTED and leaves the card as it was', async () => {
    const before = hsm.pkcs11Tool(['--token-label', 'Import Card', '--login', '--pin', PIN, '--list-objects']);
    const err = await core.generateKeyOnToken({ ...target(), alg: 'ec-p256', label: 'No EC' }).catch((e) => e);
    assert.equal(err.code, 'MECHANISM_NOT_SUPPORTED');
    assert.equal(err.params.offered, 'rsa-2048, rsa-3072, rsa-4096');
    assert.equal(hsm.pkcs11Tool(['--token-label', 'Import Card', '--login', '--pin', PIN, '--list-objects']), before);
  });
});

for (const kind of ['rsa', 'ec'] as const) {
  describe(`importKeyToToken (${kind})`, () => {
    let ckaId = '';
    let material: ReturnType<typeof selfSigned>;

    test('stores a private, sensitive key and its certificate under one ID', async () => {
      material = selfSigned(kind, `Imported ${kind}`);
      const r = await core.importKeyToToken({ ...target(), privateKey: material.key, certificateDer: material.der, label: `Imported ${kind}` });
      ckaId = r.ckaId;
      // RFC 5280 §4.2.1.2 method 1: the same id openssl would put in a subjectKeyIdentifier.
      const ski = new x509.X509Certificate(material.der).getExtension(x509.SubjectKeyIdentifierExtension);
      if (ski) assert.equal(ckaId, ski.keyId);
      const listing = hsm.pkcs11Tool(['--token-label', 'Import Card', '--login', '--pin', PIN, '--list-objects']);
      const blocks = listing.split(/\n(?=\S)/).filter((b) => b.includes(`ID:         ${ckaId}`));
      const priv = blocks.find((b) => b.startsWith('Private Key Object'));
      assert.ok(priv, listing);
      assert.match(priv, /Access:\s+sensitive/);
      assert.doesNotMatch(priv, /Access:.*(?<!never )extractable/);
      assert.ok(blocks.some((b) => b.startsWith('Public Key Object')));
      assert.ok(blocks.some((b) => b.startsWith('Certificate Object')));
    });

    test('the card then signs with it: the CSR verifies and carries the original public key', async () => {
      const pem = await core.withTokenCrypto({ ...target(), ckaId }, async (t) =>
        (await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=Imported', keys: t.keys, signingAlgorithm: t.signingAlgorithm }, t.crypto)).toString('pem'),
      );
      const file = path.join(hsm.dir, `imported-${kind}.csr`);
      writeFileSync(file, pem);
      execFileSync('openssl', ['req', '-in', file, '-verify', '-noout'], { stdio: 'pipe' });
      const csrKey = execFileSync('openssl', ['req', '-in', file, '-pubkey', '-noout'], { encoding: 'utf8' });
      assert.ok(createPublicKey(csrKey).equals(createPublicKey(material.key)));
    });

    test('importing the same key again is FILE_EXISTS and changes nothing', async () => {
      const err = await core.importKeyToToken({ ...target(), privateKey: material.key, certificateDer: material.der, label: 'Again' }).catch((e) => e);
      assert.equal(err.code, 'FILE_EXISTS');
      const objs = await core.describeTokenObjects({ ...target(), ckaId });
      assert.equal(objs.length, 3);
    });
  });
}

describe('import refusals', () => {
  test('a certificate that is not for the key is refused before the card is touched', async () => {
    const a = selfSigned('ec', 'A');
    const b = selfSigned('ec', 'B');
    const err = await core.importKeyToToken({ ...target(), privateKey: a.key, certificateDer: b.der, label: 'Mixed' }).catch((e) => e);
    assert.equal(err.code, 'INVALID_INPUT');
    assert.equal(err.params.reason, 'key-mismatch');
  });

  test('a wrong PIN on import is PIN_INCORRECT', async () => {
    const a = selfSigned('ec', 'C');
    const err = await core.importKeyToToken({ ...target(), pin: '0000', privateKey: a.key, certificateDer: a.der, label: 'C' }).catch((e) => e);
    assert.equal(err.code, 'PIN_INCORRECT');
  });
});
