/**
 * The card channels of the core (issue 5) against SoftHSM2: token:list, token:modules (a user-added
 * library saved in the data dir), csr:create with keyLocation token (wrong PIN first, nothing left
 * on the card; then the real flow), and request:complete writing onto the card. Requests go
 * through the contract's schemas first, as dispatch.ts does.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSoftHsm, serialOf, SOFTHSM_MODULE, type SoftHsm } from './softhsm';
import { contract, type Channel, type Request } from '../../shared/ipc';
import { CertwizError } from '../../shared/errors';
import { createCore, type Core } from '../../electron/core/service';
import { createFallbackProtector } from '../../electron/core/medium';
import { finalizeAll } from '../../electron/core/pkcs11/library';

const PIN = '13572468';
let hsm: SoftHsm;
let core: Core;
let dataDir: string;
const savedEnv = process.env.CERTWIZ_PKCS11_MODULE;

before(() => {
  hsm = createSoftHsm([{ label: 'Service Card', pin: PIN }]);
  delete process.env.CERTWIZ_PKCS11_MODULE;
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'certwiz-token-service-'));
  core = createCore({ dataDir, medium: createFallbackProtector(dataDir), shell: 'web', version: 'test', exportDir: path.join(dataDir, 'exports') });
});
after(() => {
  finalizeAll();
  if (savedEnv !== undefined) process.env.CERTWIZ_PKCS11_MODULE = savedEnv;
  hsm?.cleanup();
});

/** Parse with the contract, then call the core: what main does for the renderer. */
async function call<C extends Channel>(c: C, req: Request<C>) {
  const parsed = contract[c].parse(req);
  return (core[c] as (r: unknown) => Promise<unknown>)(parsed) as ReturnType<Core[C]>;
}

async function rejects(p: Promise<unknown>, code: string): Promise<CertwizError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof CertwizError, String(err));
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected ${code}`);
}

const objects = () =>
  hsm.pkcs11Tool(['--token-label', 'Service Card', '--login', '--pin', PIN, '--list-objects']).split(/\n(?=\S)/).filter((b) => /Object;/.test(b));

const subject = { cn: 'ipc-card.example.com', sans: [] as string[], o: 'Card Test' };

describe('token:list and token:modules', () => {
  test('a user-added library is saved in the data dir and becomes the default', async () => {
    // A path under another name, so it is not among the usual places findModules knows.
    const link = path.join(dataDir, 'vendor-pkcs11.so');
    symlinkSync(SOFTHSM_MODULE, link);
    const before = await call('token:modules', {});
    assert.ok(!before.modules.some((m) => m.path === link));
    const r = await call('token:modules', { add: link });
    assert.deepEqual(r.modules[0], { path: link, source: 'added', isDefault: true });
    assert.deepEqual(JSON.parse(readFileSync(path.join(dataDir, 'pkcs11.json'), 'utf8')), { modules: [link] });
    const list = await call('token:list', {});
    assert.equal(list.module, link);
    const t = list.tokens.find((x) => x.label === 'Service Card');
    assert.ok(t);
    assert.equal(t.serial, serialOf(hsm, 'Service Card'));
    assert.ok(t.keyGenMechanisms.includes('rsa-2048'));
    assert.equal(t.pinInfo.locked, false);
    const removed = await call('token:modules', { remove: link });
    assert.ok(!removed.modules.some((m) => m.source === 'added'));
  });

  test('a file that is not a PKCS#11 library is refused and not saved', async () => {
    await rejects(call('token:modules', { add: '/etc/hostname' }), 'TOKEN_ERROR');
    await rejects(call('token:modules', { add: 'relative/lib.so' }), 'INVALID_INPUT');
    const r = await call('token:modules', {});
    assert.ok(!r.modules.some((m) => m.source === 'added'));
  });
});

describe('csr:create on a card, then request:complete', () => {
  const location = (pin: string) => ({ kind: 'token' as const, token: 'Service Card', module: SOFTHSM_MODULE, pin });
  const req = (pin: string) => ({ profileId: 'generic-server', subject, keyAlgorithm: 'rsa-2048' as const, securityLevel: 'high' as const, keyLocation: location(pin) });

  test('a wrong PIN is PIN_INCORRECT, never echoed, and leaves nothing on the card', async () => {
    const err = await rejects(call('csr:create', req('00000000')), 'PIN_INCORRECT');
    assert.ok(!JSON.stringify(err.toInfo()).includes('00000000'));
    assert.equal(objects().length, 0);
    assert.equal((await call('certs:list', {})).length, 0);
  });

  test('a PIN shorter than the card allows is PIN_INVALID without spending a try', async () => {
    await rejects(call('csr:create', req('12')), 'PIN_INVALID');
  });

  test('the key is made on the card (no password needed), the record says which card', async () => {
    const c = await call('csr:create', req(PIN));
    assert.deepEqual(c.token, { label: 'Service Card', serial: serialOf(hsm, 'Service Card') });
    assert.match(c.csrPem, /BEGIN CERTIFICATE REQUEST/);
    const rec = JSON.parse(readFileSync(path.join(dataDir, 'keys', `${c.requestId}.json`), 'utf8'));
    assert.equal(rec.protection, 'token');
    assert.ok(!JSON.stringify(rec).includes(PIN));
    const entries = await call('certs:list', {});
    assert.deepEqual(entries[0].token, c.token);
    const objs = objects();
    assert.equal(objs.filter((b) => /Private Key Object/.test(b)).length, 1);
    assert.match(objs.find((b) => /Private Key Object/.test(b))!, new RegExp(`label:\\s+Generic server certificate ipc-card\\.example\\.com \\d{4}-\\d{2}|label:\\s+.*ipc-card\\.example\\.com`));

    const issued = await call('practiceCa:sign', { requestId: c.requestId });
    const pem = [issued.certificatePem, ...issued.chainPem].join('\n');
    const dataBase64 = Buffer.from(pem).toString('base64');
    // No PIN: asked for, nothing written, the request stays pending.
    await rejects(call('request:complete', { fileName: 'c.pem', dataBase64 }), 'PIN_REQUIRED');
    await rejects(call('request:complete', { fileName: 'c.pem', dataBase64, pin: '99999999' }), 'PIN_INCORRECT');
    assert.equal((await call('certs:list', {}))[0].status, 'pending');
    const done = await call('request:complete', { fileName: 'c.pem', dataBase64, pin: PIN });
    assert.equal(done.entry.status, 'installed');
    assert.deepEqual(done.entry.token, c.token);
    const certs = objects().filter((b) => /Certificate Object/.test(b));
    assert.equal(certs.length, 1, 'chain not written unless asked');
  });

  test('request:delete with the PIN removes the key pair from the card too; a wrong PIN keeps both', async () => {
    const c = await call('csr:create', { ...req(PIN), subject: { cn: 'drop.example.com', sans: [] } });
    const mine = () => objects().filter((b) => /drop\.example\.com/.test(b));
    assert.equal(mine().length, 2);
    await rejects(call('request:delete', { requestId: c.requestId, pin: '77777777' }), 'PIN_INCORRECT');
    assert.equal(mine().length, 2);
    assert.ok((await call('certs:list', {})).some((e) => e.id === c.requestId));
    await call('request:delete', { requestId: c.requestId, pin: PIN });
    assert.equal(mine().length, 0);
    assert.ok(!(await call('certs:list', {})).some((e) => e.id === c.requestId));
  });
});
