import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createCore, type Core } from '../../electron/core/service';
import { createFallbackProtector } from '../../electron/core/medium';
import { createDispatcher } from '../../electron/ipc/dispatch';
import type { Request } from '../../shared/ipc';

function makeCore(extra: Partial<Parameters<typeof createCore>[0]> = {}): Core {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-svc-'));
  return createCore({ dataDir, medium: createFallbackProtector(dataDir), shell: 'cli', version: 'test', exportDir: path.join(dataDir, 'exports'), ...extra });
}
const ossl = (args: string[], input?: string) => execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const fingerprint = (pem: string, alg: string) => ossl(['x509', '-noout', '-fingerprint', `-${alg}`], pem).split('=')[1].trim().replace(/:/g, '').toLowerCase();

const serverReq = (over: Partial<Request<'csr:create'>> = {}) =>
  ({ profileId: 'generic-server', subject: { cn: 'www.example.com', o: 'Example Ltd', sans: ['api.example.com'] }, keyAlgorithm: 'ec-p256', securityLevel: 'medium', ...over }) as Parameters<Core['csr:create']>[0];

describe('core service', () => {
  test('should run the whole flow: CSR openssl verifies, practice CA, complete from PKCS#7, listed with openssl thumbprints', async () => {
    const core = makeCore();
    const created = await core['csr:create'](serverReq());
    execFileSync('openssl', ['req', '-verify', '-noout'], { input: created.csrPem, stdio: 'pipe' });
    assert.deepEqual(created.sans, ['DNS:www.example.com', 'DNS:api.example.com']);
    const pending = await core['certs:list']({});
    assert.equal(pending.length, 1);
    assert.equal(pending[0].status, 'pending');
    assert.equal(pending[0].certificate, undefined);

    const issued = await core['practiceCa:sign']({ requestId: created.requestId });
    // The CA's "PKCS #7 with chain" download, made by openssl from the three PEMs.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-svc-p7-'));
    fs.writeFileSync(path.join(dir, 'all.pem'), issued.chainPem.slice().reverse().join('') + issued.certificatePem);
    const p7der = execFileSync('openssl', ['crl2pkcs7', '-nocrl', '-certfile', path.join(dir, 'all.pem'), '-outform', 'DER']);
    const done = await core['request:complete']({ fileName: 'issued.p7b', dataBase64: b64(p7der) });
    assert.equal(done.chainCount, 2);
    assert.equal(done.entry.status, 'installed');
    assert.equal(done.entry.practice, true);
    assert.equal(done.entry.certificate!.sha1, fingerprint(issued.certificatePem, 'sha1'));
    assert.equal(done.entry.certificate!.sha256, fingerprint(issued.certificatePem, 'sha256'));
    // Chain leaf-first: Sub CA, then root.
    assert.match(done.entry.chain![0].subject, /Issuing CA/);
    assert.ok(done.entry.chain![1].selfSigned);
    const listed = await core['certs:list']({});
    assert.equal(listed[0].certificate!.sha256, done.entry.certificate!.sha256);
    assert.ok(listed[0].daysLeft! >= 364);
    assert.equal((await core['certs:list']({ expiringDays: 30 })).length, 0);
    // Nothing secret reaches the renderer.
    assert.doesNotMatch(JSON.stringify(listed), /PRIVATE KEY|wrappedSecret|encryptedKeyPem/);
  });

  test('should refuse bad completion files with stable codes', async () => {
    const core = makeCore();
    await core['csr:create'](serverReq());
    const complete = (data: Buffer | string, fileName = 'x.cer') => core['request:complete']({ fileName, dataBase64: b64(data) });
    await assert.rejects(complete(Buffer.alloc(0)), { code: 'FILE_EMPTY' });
    await assert.rejects(complete('this is not a certificate\n'), { code: 'FILE_NOT_CERTIFICATE' });
    await assert.rejects(complete(Buffer.from([0x30, 0x82, 0xff, 0xff, 1, 2, 3])), { code: 'FILE_NOT_CERTIFICATE' });
    const emptyP7 = execFileSync('openssl', ['crl2pkcs7', '-nocrl']).toString();
    await assert.rejects(complete(emptyP7, 'empty.p7b'), { code: 'PKCS7_NO_CERTIFICATE' });
    // A certificate for some other key: refused plainly, nothing changed.
    const foreign = ossl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', '/dev/null', '-subj', '/CN=www.example.com', '-days', '1']);
    await assert.rejects(complete(foreign), (e: { code: string; message: string }) => e.code === 'NO_PENDING_KEY' && /does not belong to any pending request/.test(e.message));
    assert.equal((await core['certs:list']({}))[0].status, 'pending');
  });

  test('should refuse a second completion with ALREADY_COMPLETED', async () => {
    const core = makeCore();
    const c = await core['csr:create'](serverReq());
    const issued = await core['practiceCa:sign']({ requestId: c.requestId });
    await core['request:complete']({ fileName: 'c.pem', dataBase64: b64(issued.certificatePem) });
    await assert.rejects(core['request:complete']({ fileName: 'c.pem', dataBase64: b64(issued.certificatePem) }), { code: 'ALREADY_COMPLETED' });
  });

  test('should report field problems with the first field and rule, and other refusals by code', async () => {
    const core = makeCore();
    await assert.rejects(core['csr:create'](serverReq({ subject: { cn: 'www.*.example.com', sans: [] } })), (e: { code: string; params: Record<string, unknown> }) => e.code === 'FIELD_INVALID' && e.params.field === 'cn' && typeof e.params.rule === 'string' && e.params.rule !== '');
    await assert.rejects(core['csr:create'](serverReq({ profileId: 'hkpost-server', keyAlgorithm: 'rsa-4096', subject: { cn: 'www.example.com', sans: [] } })), { code: 'KEY_ALGORITHM_NOT_ALLOWED' });
    await assert.rejects(core['csr:create'](serverReq({ profileId: 'nope' })), { code: 'PROFILE_NOT_FOUND' });
    await assert.rejects(core['csr:create'](serverReq({ securityLevel: 'high' })), { code: 'PASSWORD_REQUIRED' });
    assert.deepEqual(await core['certs:list']({}), []);
  });

  test('should renew from an installed certificate: same subject and names, a new key', async () => {
    const core = makeCore();
    const first = await core['csr:create'](serverReq());
    const issued = await core['practiceCa:sign']({ requestId: first.requestId });
    const done = await core['request:complete']({ fileName: 'c.pem', dataBase64: b64(issued.certificatePem) });
    const renewed = await core['csr:create'](serverReq({ subject: { cn: '', sans: [] }, renewOf: done.entry.certificate!.sha1 }));
    assert.equal(renewed.subject, first.subject);
    assert.deepEqual(renewed.sans, first.sans);
    const pub = (pem: string) => ossl(['req', '-noout', '-pubkey'], pem);
    assert.notEqual(pub(renewed.csrPem), pub(first.csrPem));
    const rec = await core.keystore.get(renewed.requestId);
    assert.equal(rec.renewOf, done.entry.certificate!.sha256);
    await assert.rejects(core['csr:create'](serverReq({ renewOf: first.requestId.replace(/.$/, 'x') })), { code: 'NOT_FOUND' });
  });

  test('should save the CSR and key backup without clobbering, or through the native dialog', async () => {
    const core = makeCore();
    const c = await core['csr:create'](serverReq({ securityLevel: 'high', password: 'pw-123' }));
    const a = await core['csr:save']({ requestId: c.requestId, format: 'csr' });
    const b = await core['csr:save']({ requestId: c.requestId, format: 'csr' });
    assert.ok('path' in a && 'path' in b);
    assert.notEqual(a.path, b.path);
    assert.match(b.path, /www\.example\.com \(2\)\.csr$/);
    assert.equal(fs.readFileSync(a.path, 'utf8'), c.csrPem);
    await assert.rejects(core['key:backup']({ id: c.requestId, password: 'wrong' }), { code: 'KEY_PASSWORD_INCORRECT' });
    const k = await core['key:backup']({ id: c.requestId, password: 'pw-123' });
    assert.ok('path' in k);
    assert.equal(fs.statSync(k.path).mode & 0o777, 0o600);
    ossl(['pkey', '-in', k.path, '-passin', 'pass:pw-123', '-noout']);

    const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-dlg-')), 'chosen.req');
    const calls: string[] = [];
    const withDialog = createCore({ dataDir: core.dataDir, medium: createFallbackProtector(core.dataDir), shell: 'electron', version: 't', saveFile: async (o) => (calls.push(o.defaultName), calls.length === 1 ? target : null) });
    assert.deepEqual(await withDialog['csr:save']({ requestId: c.requestId, format: 'req' }), { path: target });
    assert.deepEqual(await withDialog['csr:save']({ requestId: c.requestId, format: 'req' }), { cancelled: true });
    assert.deepEqual(calls, ['www.example.com.req', 'www.example.com.req']);
  });

  test('should change the security level and delete only pending requests', async () => {
    const core = makeCore();
    const c = await core['csr:create'](serverReq());
    const high = await core['key:setSecurityLevel']({ id: c.requestId, level: 'high', newPassword: 'n3w' });
    assert.equal(high.securityLevel, 'high');
    await assert.rejects(core['key:setSecurityLevel']({ id: c.requestId, level: 'medium', currentPassword: 'bad' }), { code: 'KEY_PASSWORD_INCORRECT' });
    assert.deepEqual(await core['request:delete']({ requestId: c.requestId }), { deleted: true });
    await assert.rejects(core['request:delete']({ requestId: c.requestId }), { code: 'NOT_FOUND' });
  });

  test('should answer every contract channel through the dispatcher and refuse bad payloads and foreign senders', async () => {
    const core = makeCore();
    const dispatch = createDispatcher(core, (s) => s.origin === 'app://certwiz');
    const me = { origin: 'app://certwiz', isMainFrame: true };
    const info = await dispatch('app:info', {}, me);
    assert.ok(info.ok && (info.value as { mediumProtection: string }).mediumProtection === 'fallback-file');
    const bad = await dispatch('csr:create', { profileId: 'generic-server', subject: { cn: 'x' }, keyAlgorithm: 'rsa-1024', securityLevel: 'medium' }, me);
    assert.ok(!bad.ok && bad.error.code === 'IPC_INVALID_PAYLOAD');
    const foreign = await dispatch('certs:list', {}, { origin: 'https://evil.example', isMainFrame: true });
    assert.ok(!foreign.ok && foreign.error.code === 'IPC_FORBIDDEN');
    const pca = await dispatch('practiceCa:info', {}, me);
    assert.ok(pca.ok);
  });
});
