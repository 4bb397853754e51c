/**
 * The pfx:inspect / pfx:export / pfx:import channels (electron/core/pfx-service.ts) through the
 * core, as the Electron and browser shells call them: schemas from shared/ipc.ts, files as
 * base64, the export saved without a dialog into the export dir and verified from disk.
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
    assert.equal(parse('pfx:import', { fileName: 'a.pfx', dataBase64: '', password: '', securityLevel: 'medium' }).exportable, false);
  });

  test('inspect, import at High, export with the key password, verify, delete after verify', async () => {
    const j = await core['pfx:inspect'](parse('pfx:inspect', { fileName: 'in.p12', dataBase64: b64('in.p12'), password: 'in-pw' }));
    assert.equal(j.certificates.length, 3);
    assert.equal(j.protection.certificates, 'pbeWithSHAAnd40BitRC2-CBC');
    await assert.rejects(core['pfx:inspect'](parse('pfx:inspect', { fileName: 'in.p12', dataBase64: b64('in.p12'), password: 'x' })), { code: 'PFX_BAD_PASSWORD' });

    await assert.rejects(core['pfx:import'](parse('pfx:import', { fileName: 'in.p12', dataBase64: b64('in.p12'), password: 'in-pw', securityLevel: 'high' })), { code: 'PASSWORD_REQUIRED' });
    const imp = await core['pfx:import'](parse('pfx:import', { fileName: 'in.p12', dataBase64: b64('in.p12'), password: 'in-pw', securityLevel: 'high', newPassword: 'key-pw', exportable: true }));
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
    const imp = await core['pfx:import'](parse('pfx:import', { fileName: 'ec.p12', dataBase64: b64('ec.p12'), password: 'in-pw', securityLevel: 'medium' }));
    await assert.rejects(core['pfx:export'](parse('pfx:export', { id: imp.entries[0].id, password: 'p' })), { code: 'INVALID_INPUT' });
  });
});
