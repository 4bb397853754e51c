/**
 * Guided-flow progress (issue 6: "resumed later where it stopped (state saved; secrets never)")
 * and the certificate viewer's data (certs:details), through the real core and the contract.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { contract } from '../../shared/ipc';
import { openFlowStore } from '../../electron/core/flow-state';
import { createCore } from '../../electron/core/service';
import { certificateView } from '../../electron/core/cert-details';
import { parseCertificates } from '../../electron/core/certs';
import { createFallbackProtector } from '../../electron/core/medium';

const MARK = 'SECRET-MARKER-7f3a';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'certwiz-flow-'));
}

describe('flow state', () => {
  test('save, load, list and clear round-trip; file is 0600 JSON without anything else', async () => {
    const dir = tmp();
    try {
      const store = openFlowStore(dir, () => new Date('2026-01-02T03:04:05Z'));
      assert.equal(await store.load('hkpost-server'), null);
      const state = { step: 'c-dcv', done: ['target', 'b-csr', 'c-submit'], target: 'iis10' as const, dcvMethod: 'http' as const, domains: ['www.我的服务器.com'], entryId: 'abc123' };
      const saved = await store.save('hkpost-server', state);
      assert.equal(saved.savedAt, '2026-01-02T03:04:05.000Z');
      const back = await store.load('hkpost-server');
      assert.deepEqual(back?.state, state);
      const file = join(dir, 'flows', 'hkpost-server.json');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.deepEqual((await store.list()).map((s) => s.flowId), ['hkpost-server']);
      // No temp file left behind by the atomic write.
      assert.deepEqual(readdirSync(join(dir, 'flows')), ['hkpost-server.json']);
      assert.deepEqual(await store.clear('hkpost-server'), { cleared: true });
      assert.deepEqual(await store.clear('hkpost-server'), { cleared: false });
      assert.equal(await store.load('hkpost-server'), null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the contract refuses a secret field; the store refuses it too when called directly', async () => {
    for (const extra of [{ pin: MARK }, { code: MARK }, { password: MARK }, { referenceNumber: MARK }]) {
      const r = contract['flow:save'].safeParse({ flowId: 'hkpost-server', state: { step: 'c-submit', ...extra } });
      assert.equal(r.success, false, JSON.stringify(Object.keys(extra)));
    }
    assert.equal(contract['flow:save'].safeParse({ flowId: 'nope', state: { step: 'x' } }).success, false);
    const dir = tmp();
    try {
      const store = openFlowStore(dir);
      await assert.rejects(store.save('generic', { step: 'x', done: [], pin: MARK } as never), (e: { code?: string }) => e.code === 'INVALID_INPUT');
      await assert.rejects(store.save('../etc' as never, { step: 'x', done: [] }), (e: { code?: string }) => e.code === 'NOT_FOUND');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a hand-edited file with a secret or garbage reads as nothing saved', async () => {
    const dir = tmp();
    try {
      const store = openFlowStore(dir);
      await store.save('generic', { step: 'enroll', done: [] });
      const file = join(dir, 'flows', 'generic.json');
      writeFileSync(file, JSON.stringify({ state: { step: 'enroll', done: [], pin: MARK }, savedAt: 'x' }));
      assert.equal(await store.load('generic'), null);
      writeFileSync(file, '{not json');
      assert.equal(await store.load('generic'), null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('certs:details', () => {
  test('every extension openssl prints is in the view, with the thumbprints and purposes', () => {
    const dir = tmp();
    try {
      const key = join(dir, 'k.pem');
      const crt = join(dir, 'c.pem');
      const r = spawnSync('openssl', [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', crt, '-days', '30', '-subj', '/CN=www.example.hk/O=Example',
        '-addext', 'subjectAltName=DNS:www.example.hk,DNS:mail.example.hk',
        '-addext', 'extendedKeyUsage=serverAuth,clientAuth',
        '-addext', 'keyUsage=critical,digitalSignature,keyEncipherment',
        '-addext', 'crlDistributionPoints=URI:http://crl.example.hk/a.crl',
        '-addext', 'certificatePolicies=1.3.6.1.4.1.16030.1.7.1',
      ], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const pem = readFileSync(crt);
      const view = certificateView(parseCertificates(pem, 'c.pem')[0]);
      const text = spawnSync('openssl', ['x509', '-in', crt, '-noout', '-text', '-fingerprint', '-sha1'], { encoding: 'utf8' }).stdout;
      assert.equal(view.issuedTo, 'www.example.hk');
      assert.deepEqual(view.purposes, ['serverAuth', 'clientAuth']);
      assert.equal(view.publicKey, 'RSA (2048 Bits)');
      assert.equal(view.signatureAlgorithm, 'sha256RSA');
      const sha1 = /SHA1 Fingerprint=([0-9A-F:]+)/i.exec(text)![1].replace(/:/g, '').toLowerCase();
      assert.equal(view.sha1, sha1);
      const byName = Object.fromEntries(view.extensions.map((e) => [e.name, e]));
      for (const n of ['subjectAltName', 'extKeyUsage', 'keyUsage', 'crlDistributionPoints', 'certificatePolicies', 'basicConstraints', 'subjectKeyIdentifier']) {
        assert.ok(byName[n], `missing ${n}: ${view.extensions.map((e) => e.name).join(',')}`);
      }
      assert.equal(byName.subjectAltName.value, 'DNS: www.example.hk, DNS: mail.example.hk');
      assert.equal(byName.keyUsage.critical, true);
      assert.equal(byName.keyUsage.value, 'Digital Signature, Key Encipherment');
      assert.equal(byName.crlDistributionPoints.value, 'URL=http://crl.example.hk/a.crl');
      assert.equal(byName.certificatePolicies.value, '1.3.6.1.4.1.16030.1.7.1');
      // openssl and we agree on the number of extensions.
      const sslCount = (text.match(/^\s+X509v3 (?!extensions)[A-Za-z ]+:( critical)?\s*$/gm) ?? []).length;
      assert.equal(view.extensions.length, sslCount);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('through the core: a practice-CA certificate has its key and chain; Copy to File (certs:export, DER) opens in openssl', async () => {
    const dir = tmp();
    const exportDir = join(dir, 'export');
    try {
      const dataDir = join(dir, 'data');
      const core = createCore({ dataDir, exportDir, medium: createFallbackProtector(dataDir), shell: 'cli', version: 't' });
      const made = await core['csr:create']({ profileId: 'generic-server', subject: { cn: 'viewer.example.hk', o: 'Example Ltd', sans: [] }, keyAlgorithm: 'ec-p256', securityLevel: 'medium' } as never);
      const issued = await core['practiceCa:sign']({ requestId: made.requestId });
      await core.completeBytes(Buffer.from(issued.certificatePem), 'c.pem');
      const d = await core['certs:details']({ id: made.requestId });
      assert.equal(d.hasPrivateKey, true);
      assert.equal(d.status, 'installed');
      assert.equal(d.certificate?.issuedTo, 'viewer.example.hk');
      assert.ok(d.chain.length >= 1);
      const saved = await core['certs:export']({ id: made.requestId, format: 'der', includeChain: false });
      assert.ok('path' in saved);
      const out = spawnSync('openssl', ['x509', '-inform', 'DER', '-in', saved.path, '-noout', '-subject'], { encoding: 'utf8' });
      assert.equal(out.status, 0, out.stderr);
      assert.match(out.stdout, /viewer\.example\.hk/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
