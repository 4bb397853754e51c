/**
 * The store channels (store-service.ts) against a real NSS DB under a temporary HOME: stores:list
 * says whether the shared DB exists, stores:install creates it the way Chromium would, the
 * analysis finds the old Sub CA and flags it as revoked by the ARL, a root is held until its
 * SHA-256 is confirmed, and chain:show ends in the installed root. Requests go through the
 * contract's schemas first, as dispatch.ts does.
 */
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStoreService } from '../../electron/core/store-service';
import { contract, type Channel, type ParsedRequest } from '../../shared/ipc';
import type { KeyStore } from '../../electron/core/keystore';
import { makePki, type TestPki } from './pki';

let pki: TestPki;
before(() => {
  pki = makePki();
});

function service(home: string) {
  const api = createStoreService({ keystore: {} as KeyStore, home, platform: 'linux' });
  return <C extends 'stores:list' | 'stores:entries' | 'stores:analyse' | 'stores:install' | 'chain:show'>(c: C, req: unknown) =>
    (api[c] as (r: ParsedRequest<C>) => Promise<unknown>)(contract[c as Channel].parse(req) as ParsedRequest<C>) as ReturnType<(typeof api)[C]>;
}

const file = (name: string) => ({ fileName: name, dataBase64: readFileSync(pki.file(name)).toString('base64') });

describe('store channels (real NSS DB, temporary HOME)', () => {
  test('list, install (DB created), old Sub CA, held root, chain', async () => {
    const home = mkdtempSync(join(tmpdir(), 'certwiz-svc-'));
    const call = service(home);
    const stores = await call('stores:list', {});
    assert.deepEqual(stores.map((s) => [s.spec, s.exists, s.isDefault]), [['nss', false, true], ['firefox', false, false]]);

    // First: the old Sub CA is installed (what a user set up before 1 May 2025).
    const first = await call('stores:install', { files: [file('oldsub.pem')] });
    assert.equal(first.files[0].items[0].location, 'intermediate');
    assert.equal((await call('stores:list', {}))[0].exists, true);

    const a = await call('stores:analyse', { files: [file('root.pem'), file('sub.pem'), file('root.crl'), file('leaf.p12')] });
    assert.deepEqual(a.certificates.map((c) => c.role), ['root', 'intermediate']);
    assert.equal(a.oldSubCas.length, 1);
    assert.equal(a.oldSubCas[0].replacedBySha256, a.certificates[1].sha256);
    assert.deepEqual(a.pfxFiles, ['leaf.p12']);
    assert.equal(a.crls.length, 1);
    const rootFp = execFileSync('openssl', ['x509', '-in', pki.file('root.pem'), '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' }).split('=')[1].trim();
    assert.equal(a.certificates[0].sha256Fingerprint, rootFp);

    await assert.rejects(call('stores:install', { files: [file('sub.pem'), file('leaf.p12')] }), { code: 'INVALID_INPUT' });

    // Not confirmed: the root is held, the Sub CA and the ARL still go in.
    const held = await call('stores:install', { files: [file('root.pem'), file('sub.pem')], removeOld: true });
    assert.equal(held.needsConfirmation[0].sha256, a.certificates[0].sha256);
    assert.deepEqual(held.removedOld, [a.oldSubCas[0].sha256]);
    const done = await call('stores:install', { files: [file('root.pem'), file('root.crl')], confirmedRoots: [a.certificates[0].sha256] });
    assert.equal(done.needsConfirmation.length, 0);
    assert.equal(done.files[0].items[0].location, 'root');
    assert.equal(done.files[1].items[0].location, 'crl');

    const listing = await call('stores:entries', {});
    assert.deepEqual(listing.certificates.map((c) => c.location).sort(), ['intermediate', 'root']);
    assert.ok(listing.certificates.some((c) => c.trust === 'C,,'));
    assert.equal(listing.crls.length, 1);

    const chain = await call('chain:show', { files: [file('leaf.pem')] });
    assert.equal(chain.paths[0].trusted, true);
    assert.equal(chain.paths[0].links.length, 3);
    assert.equal(chain.paths[0].links[1].revocation, 'good');
    const byThumb = await call('chain:show', { thumbprint: a.certificates[1].sha1 });
    assert.equal(byThumb.paths[0].complete, true);
    // The root by itself: trusted because the store holds it as a trust anchor.
    const root = await call('chain:show', { thumbprint: a.certificates[0].sha256 });
    assert.deepEqual([root.paths[0].links.length, root.paths[0].trusted], [1, true]);
    const untrusted = await call('chain:show', { files: [file('other.pem')] });
    assert.equal(untrusted.paths[0].trusted, false);
  });

  test('bad input: a CRL that does not parse, an unknown store, no target', async () => {
    const home = mkdtempSync(join(tmpdir(), 'certwiz-svc-'));
    const call = service(home);
    await assert.rejects(call('stores:analyse', { files: [{ fileName: 'x.crl', dataBase64: Buffer.from('nope').toString('base64') }] }), { code: 'CRL_INVALID' });
    assert.throws(() => contract['stores:entries'].parse({ store: 'nss:/etc' }));
    await assert.rejects(call('chain:show', {}), { code: 'INVALID_INPUT' });
    await assert.rejects(call('stores:entries', {}), { code: 'STORE_NOT_FOUND' });
  });
});

describe('importPfxIntoStore (for the PFX import wizard)', () => {
  test('key and chain into the shared NSS DB (created); the root held until confirmed', async () => {
    const { importPfxIntoStore } = await import('../../electron/core/store-service');
    const home = mkdtempSync(join(tmpdir(), 'certwiz-svc-'));
    const bytes = new Uint8Array(readFileSync(pki.file('leaf.p12')));
    await assert.rejects(importPfxIntoStore({ fileName: 'leaf', bytes, password: 'wrong' }, { home, platform: 'linux' }), { code: 'PFX_BAD_PASSWORD' });
    const r = await importPfxIntoStore({ fileName: 'leaf', bytes, password: pki.pfxPassword }, { home, platform: 'linux', securityLevel: 'medium' });
    assert.equal(r.needsConfirmation.length, 1);
    const db = join(home, '.pki', 'nssdb');
    assert.match(execFileSync('certutil', ['-K', '-d', `sql:${db}`], { encoding: 'utf8' }), /Test Leaf/);
    assert.doesNotMatch(execFileSync('certutil', ['-L', '-d', `sql:${db}`], { encoding: 'utf8' }), /C,,/);
    await assert.rejects(importPfxIntoStore({ fileName: 'leaf.p12', bytes, password: pki.pfxPassword }, { home, platform: 'linux', securityLevel: 'high' }), { code: 'INVALID_INPUT' });
  });
});

describe('stores this OS has', () => {
  test('Windows: current user (default) and local computer (admin); macOS: login and System', async () => {
    const { createStoreService, defaultStoreSpec } = await import('../../electron/core/store-service');
    const win = await createStoreService({ keystore: {} as KeyStore, home: tmpdir(), platform: 'win32' })['stores:list']({});
    assert.deepEqual(win.map((s) => [s.spec, s.isDefault, s.needsAdmin]), [['windows:CurrentUser', true, false], ['windows:LocalMachine', false, true]]);
    const mac = await createStoreService({ keystore: {} as KeyStore, home: tmpdir(), platform: 'darwin' })['stores:list']({});
    assert.deepEqual(mac.map((s) => [s.spec, s.isDefault, s.needsAdmin]), [['macos:login', true, false], ['macos:system', false, true]]);
    assert.equal(defaultStoreSpec('linux'), 'nss');
  });
});

describe('a password-protected NSS DB', () => {
  test('install says STORE_LOCKED without the password, a wrong one is refused, the right one works', async () => {
    const { NssStore } = await import('../../electron/core/stores/nss');
    const home = mkdtempSync(join(tmpdir(), 'certwiz-svc-'));
    await NssStore.create(join(home, '.pki', 'nssdb'), { password: 'db-secret-1' });
    const call = service(home);
    await assert.rejects(call('stores:install', { files: [file('sub.pem')] }), { code: 'STORE_LOCKED' });
    await assert.rejects(call('stores:install', { files: [file('sub.pem')], storePassword: 'nope' }), { code: 'STORE_PASSWORD_INCORRECT' });
    const ok = await call('stores:install', { files: [file('sub.pem')], storePassword: 'db-secret-1' });
    assert.equal(ok.files[0].items[0].location, 'intermediate');
    assert.equal((await call('stores:entries', {})).certificates.length, 1, 'listing needs no password');
  });
});
