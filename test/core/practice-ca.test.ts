import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { openPracticeCa, PRACTICE_FILES } from '../../electron/core/practice-ca';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-pca-'));
const ca = openPracticeCa(dataDir);
const f = (name: string) => path.join(ca.dir, name);
const ossl = (args: string[], input?: string) => execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] }).toString();

function opensslCsr(subj: string, ext: string[] = []): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-pca-csr-'));
  try {
    return ossl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path.join(d, 'k.pem'), '-subj', subj, ...ext.flatMap((e) => ['-addext', e])]);
  } finally {
    fs.rmSync(d, { recursive: true });
  }
}

describe('practice CA', () => {
  test('should create the hierarchy on first use, keys owner-only, names saying practice and not trusted', async () => {
    const info = await ca.info();
    for (const key of [PRACTICE_FILES.rootKey, PRACTICE_FILES.subCaKey, PRACTICE_FILES.legacyRootKey]) {
      assert.equal(fs.statSync(f(key)).mode & 0o777, 0o600, key);
    }
    for (const s of [info.root, info.subCa, info.oldSubCa, info.crossCertificate]) {
      assert.match(s.subject, /Certwiz Practice.*not trusted/);
      assert.ok(s.isCA);
    }
    assert.ok(info.root.selfSigned);
    // Same subject and key as the root, issued by the legacy root: a cross-certificate.
    assert.equal(info.crossCertificate.subject, info.root.subject);
    assert.notEqual(info.crossCertificate.issuer, info.root.issuer);
    const pub = (file: string) => ossl(['x509', '-in', f(file), '-noout', '-pubkey']);
    assert.equal(pub(PRACTICE_FILES.cross), pub(PRACTICE_FILES.root));
    // The old Sub CA: same name, another key.
    assert.equal(info.oldSubCa.subject, info.subCa.subject);
    assert.notEqual(pub(PRACTICE_FILES.oldSubCa), pub(PRACTICE_FILES.subCa));
    assert.ok(new Date(info.crlNextUpdate).getTime() > Date.now());
  });

  test('should chain correctly for openssl: Sub CA under root, cross under legacy root, ARL revoking the old Sub CA', () => {
    assert.match(ossl(['verify', '-CAfile', f(PRACTICE_FILES.root), f(PRACTICE_FILES.subCa)]), /OK/);
    assert.match(ossl(['verify', '-CAfile', f(PRACTICE_FILES.legacyRoot), f(PRACTICE_FILES.cross)]), /OK/);
    const arl = ossl(['crl', '-in', f(PRACTICE_FILES.arl), '-CAfile', f(PRACTICE_FILES.root), '-noout', '-text'], undefined);
    const oldSerial = ossl(['x509', '-in', f(PRACTICE_FILES.oldSubCa), '-noout', '-serial']).split('=')[1].trim();
    assert.ok(arl.includes(`Serial Number: ${oldSerial}`), 'old Sub CA is on the ARL');
    assert.match(arl, /Superseded/);
    // The current Sub CA checks out against the ARL; the old one is revoked.
    const crlCheck = (cert: string) =>
      execFileSync('openssl', ['verify', '-crl_check', '-CAfile', f(PRACTICE_FILES.root), '-CRLfile', f(PRACTICE_FILES.arl), f(cert)], { stdio: 'pipe' }).toString();
    assert.match(crlCheck(PRACTICE_FILES.subCa), /OK/);
    assert.throws(() => crlCheck(PRACTICE_FILES.oldSubCa), /revoked/);
  });

  test('should issue a server certificate with serverAuth, the names and AKI/SKI, valid one year', async () => {
    const csr = opensslCsr('/C=HK/O=Example/CN=www.example.com', ['subjectAltName=DNS:www.example.com,DNS:api.example.com']);
    const issued = await ca.sign(csr, 'server');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-pca-out-'));
    fs.writeFileSync(path.join(dir, 'c.pem'), issued.certificatePem);
    fs.writeFileSync(path.join(dir, 'chain.pem'), issued.chainPem.join(''));
    assert.match(ossl(['verify', '-CAfile', f(PRACTICE_FILES.root), '-untrusted', path.join(dir, 'chain.pem'), '-purpose', 'sslserver', path.join(dir, 'c.pem')]), /OK/);
    const text = ossl(['x509', '-in', path.join(dir, 'c.pem'), '-noout', '-text']);
    assert.match(text, /TLS Web Server Authentication/);
    assert.match(text, /DNS:www\.example\.com, DNS:api\.example\.com/);
    assert.match(text, /Subject Key Identifier/);
    assert.match(text, /Authority Key Identifier/);
    assert.match(text, /CA:FALSE/);
    const days = (issued.certificate.notAfter.getTime() - issued.certificate.notBefore.getTime()) / 86_400_000;
    assert.ok(days > 364 && days < 367, String(days));
  });

  test('should put the CN in the SAN for an HK Post style CSR without SANs', async () => {
    const issued = await ca.sign(opensslCsr('/C=HK/CN=mail.example.hk'), 'server');
    assert.match(ossl(['x509', '-noout', '-ext', 'subjectAltName'], issued.certificatePem), /DNS:mail\.example\.hk/);
  });

  test('should issue an e-mail certificate with emailProtection and the rfc822Name', async () => {
    const csr = opensslCsr('/CN=Chan Tai Man/emailAddress=tm.chan@example.com', ['subjectAltName=email:tm.chan@example.com']);
    const issued = await ca.sign(csr);
    const text = ossl(['x509', '-noout', '-text'], issued.certificatePem);
    assert.match(text, /E-mail Protection/);
    assert.match(text, /email:tm\.chan@example\.com/);
    assert.doesNotMatch(text, /TLS Web Server/);
  });

  test('should refuse a CSR that is not one, or whose signature fails', async () => {
    await assert.rejects(ca.sign('garbage'), { code: 'CSR_INVALID' });
    const csr = opensslCsr('/CN=www.example.com');
    const der = Buffer.from(csr.replace(/-----[A-Z ]+-----|\s+/g, ''), 'base64');
    der[der.length - 5] ^= 0xff; // inside the signature
    const bad = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    await assert.rejects(ca.sign(bad), { code: 'CSR_INVALID' });
  });

  test('should end with one CA when two processes create it at once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-pca-race-'));
    const [a, b] = await Promise.all([openPracticeCa(dir).info(), openPracticeCa(dir).info()]);
    assert.equal(a.root.sha256, b.root.sha256);
    assert.deepEqual(fs.readdirSync(dir), ['practice-ca']);
  });
});
