/**
 * The light certificate summary of `pfx inspect` (electron/core/pkcs12/cert-summary.ts) must say
 * exactly what certs.ts `summarize` says on a full @peculiar/x509 parse, for every certificate we
 * have at hand: the interop vectors (Windows CAPI/certmgr), the store fixtures, and openssl-made
 * certificates with the awkward cases (v1 without extensions, GeneralizedTime after 2049, serial
 * with a leading 00, cA absent/false, escapes and non-ASCII in names).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { summarize } from '../../electron/core/certs';
import { readPfx } from '../../electron/core/pkcs12';
import { summarizeCertDer } from '../../electron/core/pkcs12/cert-summary';
import { interopDir } from './interop-dir';

const root = join(__dirname, '..', '..');

function expected(der: Uint8Array) {
  const s = summarize(new x509.X509Certificate(Buffer.from(der)));
  return { subject: s.subject, issuer: s.issuer, serialNumber: s.serialNumber, sha1: s.sha1, sha256: s.sha256, notBefore: s.notBefore, notAfter: s.notAfter, isCA: s.isCA };
}

function pemCerts(text: string): Uint8Array[] {
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => new Uint8Array(Buffer.from(m[1].replace(/\s/g, ''), 'base64')));
}

describe('pfx inspect certificate summary (light DER read)', () => {
  test('matches summarize() on the interop vectors and the store fixtures', () => {
    const ders: Uint8Array[] = [];
    const vectors = interopDir();
    const pw: Record<string, string> = { 'TestPBES2_AES256CBC-windows-certmgr.p12': 'password' };
    for (const f of readdirSync(vectors).filter((n) => n.endsWith('.p12'))) {
      for (const c of readPfx(readFileSync(join(vectors, f)), pw[f] ?? '').certificates) ders.push(c.der);
    }
    const fixtures = join(root, 'test', 'stores', 'fixtures');
    for (const f of readdirSync(fixtures).filter((n) => n.endsWith('.pem'))) ders.push(...pemCerts(readFileSync(join(fixtures, f), 'utf8')));
    assert.ok(ders.length >= 6, `only ${ders.length} certificates`);
    for (const der of ders) assert.deepEqual(summarizeCertDer(der), expected(der));
  });

  test('matches summarize() on openssl certificates with the awkward cases', () => {
    const dir = mkdtempSync(join(tmpdir(), 'certwiz-cert-summary-'));
    try {
      const o = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
      o(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'k.pem']);
      const cases: { name: string; subj: string; args: string[]; ext?: string }[] = [
        { name: 'v1', subj: '/CN=v1 no extensions', args: ['-days', '10'] },
        { name: 'far', subj: '/CN=Far Future/O=Example, Inc.', args: ['-days', '20000'], ext: 'basicConstraints=critical,CA:TRUE' },
        { name: 'notca', subj: '/CN=Leaf+serialNumber=7/OU=A;B', args: ['-days', '5', '-set_serial', '0x80aa'], ext: 'basicConstraints=CA:FALSE' },
        { name: 'utf8', subj: '/CN=香港郵政 #1/O= lead space/C=HK', args: ['-days', '5', '-set_serial', '1'], ext: 'keyUsage=digitalSignature' },
      ];
      const ders: Uint8Array[] = [];
      for (const c of cases) {
        const extArgs = c.ext ? ['-extfile', `${c.name}.ext`] : [];
        if (c.ext) writeFileSync(join(dir, `${c.name}.ext`), c.ext + '\n');
        o(['req', '-new', '-key', 'k.pem', '-subj', c.subj, '-utf8', '-out', `${c.name}.csr`]);
        o(['x509', '-req', '-in', `${c.name}.csr`, '-key', 'k.pem', ...c.args, ...extArgs, '-outform', 'DER', '-out', `${c.name}.der`]);
        ders.push(new Uint8Array(readFileSync(join(dir, `${c.name}.der`))));
      }
      for (const der of ders) assert.deepEqual(summarizeCertDer(der), expected(der));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('damaged input is null (the caller then uses the full parse), never a throw', () => {
    assert.equal(summarizeCertDer(new Uint8Array([0x30, 0x03, 1, 2, 3])), null);
    assert.equal(summarizeCertDer(new Uint8Array(0)), null);
  });
});
