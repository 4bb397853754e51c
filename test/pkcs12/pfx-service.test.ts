/**
 * The pfx:inspect / pfx:export / pfx:import channels (electron/core/pfx-service.ts) through the
 * core, as the Electron and browser shells call them: schemas from shared/ipc.ts, files held in
 * main behind a fileId (file:upload here, file:open with a fake dialog), the export saved without
 * a dialog into the export dir and verified from disk; certs:export and pem:export.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { contract, type Channel, type ParsedRequest } from '../../shared/ipc';
import { CHANNEL_NAMES } from '../../shared/channels';
import { createCore, type Core } from '../../electron/core/service';
import { createFallbackProtector } from '../../electron/core/medium';
import { readPfx } from '../../electron/core/pkcs12';
import { makePki, must, type Pki } from './peers';

let pki: Pki;
let core: Core;
const parse = <C extends Channel>(c: C, req: unknown) => contract[c].parse(req) as ParsedRequest<C>;
const sha1 = (pem: string) => new crypto.X509Certificate(pem).fingerprint.replace(/:/g, '').toLowerCase();
const b64 = (name: string) => pki.read(name).toString('base64');
/** file:upload, as the browser shell's page does; the fileId is what the wizard keeps. */
const upload = async (name: string) => (await core['file:upload'](parse('file:upload', { fileName: name, dataBase64: b64(name) }))).fileId;

before(() => {
  pki = makePki('certwiz-pfx-svc-');
  const dataDir = pki.path('data');
  core = createCore({ dataDir, medium: createFallbackProtector(dataDir), shell: 'web', version: 'test', exportDir: pki.path('exports') });
  must(pki.dir, 'openssl', ['pkcs12', '-export', '-legacy', '-inkey', 'rsa.key', '-in', 'rsa.pem', '-certfile', 'chain.pem', '-name', 'RSA leaf', '-out', 'in.p12', '-passout', 'pass:in-pw']);
});

describe('pfx channels', () => {
  test('should be in the contract and the preload channel list', () => {
    for (const c of ['pfx:inspect', 'pfx:export', 'pfx:import']) assert.ok((CHANNEL_NAMES as readonly string[]).includes(c), c);
    assert.equal(contract['pfx:export'].safeParse({ id: 'k-1', password: 'x', profile: 'rc2-40' }).success, false, 'no RC2 profile');
    assert.equal(contract['pfx:export'].safeParse({ id: 'k-1', password: 'x', extra: 1 }).success, false, 'strict');
    const d = parse('pfx:export', { id: 'k-1', password: '' });
    assert.deepEqual([d.profile, d.includeChain, d.privacy, d.deleteKey], ['aes256-sha256', true, true, false]);
    const fid = 'f-' + '0'.repeat(32);
    assert.equal(parse('pfx:import', { fileId: fid, password: '', securityLevel: 'medium' }).exportable, false);
    assert.equal(contract['pfx:import'].safeParse({ fileId: fid, password: '', securityLevel: 'medium', dataBase64: '' }).success, false, 'no bytes, only a handle');
    assert.equal(contract['pfx:inspect'].safeParse({ fileId: '../x', password: '' }).success, false);
  });

  test('inspect, import at High, export with the key password, verify, delete after verify', async () => {
    const fileId = await upload('in.p12');
    const j = await core['pfx:inspect'](parse('pfx:inspect', { fileId, password: 'in-pw' }));
    assert.equal(j.certificates.length, 3);
    assert.equal(j.protection.certificates, 'pbeWithSHAAnd40BitRC2-CBC');
    await assert.rejects(core['pfx:inspect'](parse('pfx:inspect', { fileId, password: 'x' })), { code: 'PFX_BAD_PASSWORD' });
    await assert.rejects(core['pfx:import'](parse('pfx:import', { fileId, password: 'x', securityLevel: 'medium' })), { code: 'PFX_BAD_PASSWORD' });

    await assert.rejects(core['pfx:import'](parse('pfx:import', { fileId, password: 'in-pw', securityLevel: 'high' })), { code: 'PASSWORD_REQUIRED' });
    const imp = await core['pfx:import'](parse('pfx:import', { fileId, password: 'in-pw', securityLevel: 'high', newPassword: 'key-pw', exportable: true }));
    await assert.rejects(core['pfx:inspect'](parse('pfx:inspect', { fileId, password: 'in-pw' })), { code: 'FILE_HANDLE_EXPIRED' }, 'dropped after the import');
    assert.equal(imp.entries.length, 1);
    const entry = imp.entries[0];
    assert.equal(entry.certificate?.sha1, sha1(pki.text('rsa.pem')));
    assert.equal(entry.chain?.length, 2);
    assert.equal(entry.securityLevel, 'high');

    await assert.rejects(core['pfx:export'](parse('pfx:export', { id: entry.id, password: 'out-pw', keyPassword: 'wrong' })), { code: 'KEY_PASSWORD_INCORRECT' });
    const out = await core['pfx:export'](parse('pfx:export', { id: entry.id, password: 'out-pw', keyPassword: 'key-pw', profile: '3des-sha1' }));
    assert.ok('path' in out.saved);
    assert.equal(out.verify?.ok, true);
    assert.equal(out.keyDeleted, false);
    const path = (out.saved as { path: string }).path;
    assert.match(path, /RSA leaf\.pfx$/, 'named after the friendly name');
    const info = must(pki.dir, 'openssl', ['pkcs12', '-in', path, '-passin', 'pass:out-pw', '-info', '-nokeys']);
    assert.match(info.stderr, /pbeWithSHA1And3-KeyTripleDES-CBC/);
    assert.equal(readPfx(readFileSync(path), 'out-pw').certificates.length, 3);

    const again = await core['pfx:export'](parse('pfx:export', { id: entry.id, password: 'out-pw', keyPassword: 'key-pw', deleteKey: true, includeChain: false }));
    assert.notEqual((again.saved as { path: string }).path, path, 'never over the first file');
    assert.equal(again.keyDeleted, true);
    await assert.rejects(core.keystore.get(entry.id), { code: 'NOT_FOUND' });
  });

  test('should refuse to export a key that is not exportable', async () => {
    must(pki.dir, 'openssl', ['pkcs12', '-export', '-inkey', 'ec.key', '-in', 'ec.pem', '-out', 'ec.p12', '-passout', 'pass:in-pw']);
    const imp = await core['pfx:import'](parse('pfx:import', { fileId: await upload('ec.p12'), password: 'in-pw', securityLevel: 'medium' }));
    await assert.rejects(core['pfx:export'](parse('pfx:export', { id: imp.entries[0].id, password: 'p' })), { code: 'INVALID_INPUT' });
  });
  test('certificates alone: inspect shows them, import completes nothing without a pending key', async () => {
    const fileId = await upload('rsa.pem');
    const j = await core['pfx:inspect'](parse('pfx:inspect', { fileId, password: '' }));
    assert.deepEqual([j.certificates.length, j.keys.length, j.certificates[0].hasPrivateKey], [1, 0, false]);
    assert.equal(j.certificates[0].sha1, sha1(pki.text('rsa.pem')));
    await assert.rejects(core['pfx:import'](parse('pfx:import', { fileId, password: '', securityLevel: 'medium' })), { code: /NO_PENDING_KEY|ALREADY_COMPLETED/ });

    // The issued certificate of a pending request on this computer: importing it completes it.
    const created = await core['csr:create'](parse('csr:create', { profileId: 'generic-server', subject: { cn: 'cer.example.org', sans: ['cer.example.org'] }, keyAlgorithm: 'ec-p256', securityLevel: 'medium' }));
    const issued = await core['practiceCa:sign'](parse('practiceCa:sign', { requestId: created.requestId }));
    const cer = await core['file:upload'](parse('file:upload', { fileName: 'issued.cer', dataBase64: Buffer.from(issued.certificatePem).toString('base64') }));
    assert.equal(cer.kind, 'certificate');
    const done = await core['pfx:import'](parse('pfx:import', { fileId: cer.fileId, password: '', securityLevel: 'medium' }));
    assert.deepEqual([done.entries[0].id, done.entries[0].status], [created.requestId, 'installed']);
  });

  test('certs:export writes .cer (DER, Base-64) and .p7b with the chain; pem:export encrypts the key unless asked', async () => {
    must(pki.dir, 'openssl', ['pkcs12', '-export', '-inkey', 'rsa.key', '-in', 'rsa.pem', '-certfile', 'chain.pem', '-out', 'rsa2.p12', '-passout', 'pass:in-pw']);
    const imp = await core['pfx:import'](parse('pfx:import', { fileId: await upload('rsa2.p12'), password: 'in-pw', securityLevel: 'medium', exportable: true }));
    const id = imp.entries[0].id;
    const der = (await core['certs:export'](parse('certs:export', { id, format: 'der' }))) as { path: string };
    assert.equal(sha1(new crypto.X509Certificate(readFileSync(der.path)).toString()), sha1(pki.text('rsa.pem')));
    const b = (await core['certs:export'](parse('certs:export', { id, format: 'base64' }))) as { path: string };
    assert.match(readFileSync(b.path, 'utf8'), /^-----BEGIN CERTIFICATE-----/);
    const p7 = (await core['certs:export'](parse('certs:export', { id, format: 'p7b' }))) as { path: string };
    const printed = must(pki.dir, 'openssl', ['pkcs7', '-inform', 'DER', '-in', p7.path, '-print_certs', '-noout']).stdout;
    assert.equal(printed.match(/subject=/g)?.length, 3, 'leaf + Sub CA + root');

    await assert.rejects(core['pem:export'](parse('pem:export', { id })), { code: 'PASSWORD_REQUIRED' });
    const enc = (await core['pem:export'](parse('pem:export', { id, pemPassword: 'pem-pw' }))) as { path: string };
    const text = readFileSync(enc.path, 'utf8');
    assert.match(text, /-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    assert.equal(text.match(/-----BEGIN CERTIFICATE-----/g)?.length, 3);
    must(pki.dir, 'openssl', ['pkey', '-in', enc.path, '-passin', 'pass:pem-pw', '-noout']);
    const plain = (await core['pem:export'](parse('pem:export', { id, plainKey: true, includeChain: false }))) as { path: string };
    assert.match(readFileSync(plain.path, 'utf8'), /-----BEGIN PRIVATE KEY-----/);
  });

  test('file handles: upload refused in Electron, file:open reads through main\'s dialog, unknown ids expire', async () => {
    const dataDir = pki.path('data-electron');
    let asked: unknown;
    const electronCore = createCore({
      dataDir, medium: createFallbackProtector(dataDir), shell: 'electron', version: 'test', exportDir: pki.path('exports'),
      openFile: async (o) => ((asked = o), pki.path('in.p12')),
    });
    await assert.rejects(electronCore['file:upload'](parse('file:upload', { fileName: 'in.p12', dataBase64: b64('in.p12') })), { code: 'INVALID_INPUT' });
    const opened = await electronCore['file:open'](parse('file:open', { purpose: 'pfx' }));
    assert.ok('fileId' in opened);
    assert.deepEqual([opened.fileName, opened.size, opened.kind], ['in.p12', pki.read('in.p12').length, 'pfx']);
    assert.deepEqual((asked as { filters: { extensions: string[] }[] }).filters[0].extensions, ['pfx', 'p12']);
    assert.equal((await electronCore['pfx:inspect'](parse('pfx:inspect', { fileId: opened.fileId, password: 'in-pw' }))).keys.length, 1);
    await assert.rejects(electronCore['pfx:inspect'](parse('pfx:inspect', { fileId: 'f-' + 'a'.repeat(32), password: '' })), { code: 'FILE_HANDLE_EXPIRED' });
    await assert.rejects(core['file:open'](parse('file:open', { purpose: 'pfx' })), { code: 'INVALID_INPUT' }, 'no dialog in the browser shell');
  });
});
