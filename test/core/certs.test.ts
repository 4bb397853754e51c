import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseCertificates, orderChain, summarize, thumbprint, certSpkiSha256, keySpkiSha256, MAX_CERT_FILE_BYTES } from '../../electron/core/certs';
import { openPracticeCa, PRACTICE_FILES } from '../../electron/core/practice-ca';
import { createPrivateKey } from 'node:crypto';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-certs-'));
const ca = openPracticeCa(dataDir);
const file = (n: string) => path.join(ca.dir, n);
const ossl = (args: string[], input?: string | Buffer) => execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });

async function issued() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-certs-k-'));
  const csr = ossl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path.join(d, 'k.pem'), '-subj', '/CN=leaf.example.com']).toString();
  const out = await ca.sign(csr, 'server');
  return { ...out, keyPem: fs.readFileSync(path.join(d, 'k.pem'), 'utf8') };
}

describe('certificate files', () => {
  test('should read PEM (several blocks), DER, and PKCS#7 as PEM and DER', async () => {
    const leaf = await issued();
    const bundle = leaf.certificatePem + leaf.chainPem.join('');
    assert.equal(parseCertificates(Buffer.from(bundle)).length, 3);
    const der = ossl(['x509', '-outform', 'DER'], leaf.certificatePem);
    assert.equal(parseCertificates(der)[0].serialNumber, leaf.certificate.serialNumber);
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-certs-p7-'));
    fs.writeFileSync(path.join(d, 'all.pem'), bundle);
    const p7pem = ossl(['crl2pkcs7', '-nocrl', '-certfile', path.join(d, 'all.pem')]);
    const p7der = ossl(['crl2pkcs7', '-nocrl', '-certfile', path.join(d, 'all.pem'), '-outform', 'DER']);
    assert.equal(parseCertificates(p7pem).length, 3);
    assert.equal(parseCertificates(p7der).length, 3);
  });

  test('should refuse empty, oversized, non-certificate and empty PKCS#7 input with stable codes', () => {
    assert.throws(() => parseCertificates(new Uint8Array(0)), { code: 'FILE_EMPTY' });
    assert.throws(() => parseCertificates(new Uint8Array(MAX_CERT_FILE_BYTES + 1)), { code: 'FILE_TOO_LARGE' });
    assert.throws(() => parseCertificates(Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')), { code: 'FILE_NOT_CERTIFICATE' });
    assert.throws(() => parseCertificates(Buffer.from('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n')), { code: 'FILE_NOT_CERTIFICATE' });
    assert.throws(() => parseCertificates(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01])), { code: 'FILE_NOT_CERTIFICATE' });
    assert.throws(() => parseCertificates(ossl(['crl2pkcs7', '-nocrl'])), { code: 'PKCS7_NO_CERTIFICATE' });
    assert.throws(() => parseCertificates(ossl(['crl2pkcs7', '-nocrl', '-outform', 'DER'])), { code: 'PKCS7_NO_CERTIFICATE' });
  });

  test('should give openssl’s thumbprints, names and serial, and match certificate to key by SPKI', async () => {
    const leaf = await issued();
    const s = summarize(leaf.certificate);
    const f = (alg: string) => ossl(['x509', '-noout', '-fingerprint', `-${alg}`], leaf.certificatePem).toString().split('=')[1].trim().replace(/:/g, '').toLowerCase();
    assert.equal(s.sha1, f('sha1'));
    assert.equal(s.sha256, f('sha256'));
    assert.equal(thumbprint(leaf.certificate, 'sha256'), f('sha256'));
    const rfc2253 = (flag: string) => ossl(['x509', '-noout', flag, '-nameopt', 'RFC2253'], leaf.certificatePem).toString().replace(/^\w+=/, '').trim();
    assert.equal(s.subject, rfc2253('-subject'));
    assert.equal(s.issuer, rfc2253('-issuer'));
    assert.equal(s.serialNumber, ossl(['x509', '-noout', '-serial'], leaf.certificatePem).toString().split('=')[1].trim().toLowerCase());
    assert.equal(certSpkiSha256(leaf.certificate), keySpkiSha256(createPrivateKey(leaf.keyPem)));
    assert.equal(s.isCA, false);
  });

  test('should order a chain leaf-first and tell the new Sub CA from the old one with the same name', async () => {
    const leaf = await issued();
    const read = (n: string) => parseCertificates(fs.readFileSync(file(n)))[0];
    const [root, sub, old, cross] = [PRACTICE_FILES.root, PRACTICE_FILES.subCa, PRACTICE_FILES.oldSubCa, PRACTICE_FILES.cross].map(read);
    // Shuffled, with the old Sub CA first: the path must still go through the new one.
    const ordered = orderChain(leaf.certificate, [root, old, cross, sub, leaf.certificate]);
    const names = ordered.map((c) => thumbprint(c, 'sha256'));
    assert.deepEqual(names.slice(0, 2), [thumbprint(sub, 'sha256'), thumbprint(root, 'sha256')]);
    assert.equal(ordered.length, 4, 'nothing the CA sent is dropped');
    assert.ok(!names.includes(thumbprint(leaf.certificate, 'sha256')));
    assert.ok(summarize(root).selfSigned);
    assert.ok(!summarize(cross).selfSigned, 'a cross-certificate has the root’s subject but is not self-signed');
  });
});
