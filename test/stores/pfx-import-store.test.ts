/**
 * `pfx:import` with `store` (issue 4 "pfx import FILE --store SPEC", the import wizard's store
 * page): the file the handle holds goes into the shared NSS DB under a temporary HOME, checked
 * with certutil; Certwiz's own store stays empty; the self-signed root in the PFX is held until
 * its SHA-256 is in `confirmedRoots`, then trusted (C,,); a wrong password changes nothing.
 * Requests go through the contract's schema first, as dispatch.ts does.
 */
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { createPfxService } from '../../electron/core/pfx-service';
import { createFileHandles } from '../../electron/core/file-handles';
import { contract } from '../../shared/ipc';
import type { KeyStore } from '../../electron/core/keystore';
import { makePki, type TestPki } from './pki';

let pki: TestPki;
before(() => {
  pki = makePki();
});

function setup() {
  const home = mkdtempSync(join(tmpdir(), 'certwiz-pfxstore-'));
  let appImports = 0;
  const keystore = { importKey: async () => (appImports++, {}) } as unknown as KeyStore;
  const files = createFileHandles();
  const svc = createPfxService({
    keystore,
    entry: () => ({}) as never,
    files,
    shell: 'web',
    exportDir: () => home,
    completeBytes: async () => {
      throw new Error('not a certificate file');
    },
    home,
    platform: 'linux',
  });
  const put = () => svc['file:upload'](contract['file:upload'].parse({ fileName: 'leaf.p12', dataBase64: readFileSync(pki.file('leaf.p12')).toString('base64') }));
  const importReq = (req: Record<string, unknown>) => svc['pfx:import'](contract['pfx:import'].parse(req));
  const db = join(home, '.pki', 'nssdb');
  const certutil = (args: string[]) => execFileSync('certutil', [...args, '-d', `sql:${db}`], { encoding: 'utf8' });
  return { home, db, put, importReq, certutil, appImports: () => appImports };
}

const rootSha256 = () => new X509Certificate(readFileSync(pki.file('root.pem'))).fingerprint256.replace(/:/g, '').toLowerCase();

describe('pfx:import into an OS store (NSS DB, temporary HOME)', () => {
  test('the schema takes the stores-contract specs and SHA-256 confirmations only', () => {
    const base = { fileId: `f-${'0'.repeat(32)}`, password: '', securityLevel: 'medium' };
    assert.equal(contract['pfx:import'].safeParse({ ...base, store: 'nss' }).success, true);
    assert.equal(contract['pfx:import'].safeParse({ ...base, store: 'nss:/tmp/x' }).success, false, 'no free path from a page');
    assert.equal(contract['pfx:import'].safeParse({ ...base, store: 'app' }).success, false, 'absent = Certwiz’s own store');
    assert.equal(contract['pfx:import'].safeParse({ ...base, store: 'nss', confirmedRoots: ['abc'] }).success, false);
    assert.deepEqual(contract['pfx:import'].parse(base).confirmedRoots, []);
  });

  test('wrong password: nothing is created; without confirmation the root is held; with it the root is trusted', async () => {
    const s = setup();
    const f1 = await s.put();
    await assert.rejects(s.importReq({ fileId: f1.fileId, password: 'wrong', securityLevel: 'medium', store: 'nss' }), { code: 'PFX_BAD_PASSWORD' });
    // certutil -K exits non-zero when the DB holds no key at all.
    const keys = () => {
      try {
        return s.certutil(['-K']);
      } catch {
        return '';
      }
    };
    assert.equal(existsSync(join(s.db, 'cert9.db')) && /Test Leaf/.test(keys()), false, 'no key placed');

    const held = await s.importReq({ fileId: f1.fileId, password: pki.pfxPassword, securityLevel: 'medium', store: 'nss' });
    assert.deepEqual(held.entries, []);
    assert.equal(held.store?.spec, 'nss');
    assert.deepEqual(held.store?.needsConfirmation.map((r) => r.sha256), [rootSha256()]);
    assert.match(s.certutil(['-K']), /Test Leaf/, 'the key is in the NSS DB');
    const list1 = s.certutil(['-L']);
    assert.match(list1, /Practice Sub CA 3 - 17/);
    assert.doesNotMatch(list1, /C,,/, 'no trust anchor without the confirmation');
    assert.equal(s.appImports(), 0, 'Certwiz’s own store untouched');
    await assert.rejects(s.importReq({ fileId: f1.fileId, password: pki.pfxPassword, securityLevel: 'medium', store: 'nss' }), { code: 'FILE_HANDLE_EXPIRED' });

    // Confirmed on the store page before the import (the wizard's order), into a fresh HOME.
    const s2 = setup();
    const f2 = await s2.put();
    const ok = await s2.importReq({ fileId: f2.fileId, password: pki.pfxPassword, securityLevel: 'medium', store: 'nss', confirmedRoots: [rootSha256().toUpperCase()] });
    assert.deepEqual(ok.store?.needsConfirmation, []);
    const rootLine = s2.certutil(['-L']).split('\n').find((l) => /C,,/.test(l));
    assert.ok(rootLine, 'the confirmed root is a trust anchor');
    const pem = s2.certutil(['-L', '-n', rootLine!.replace(/\s+C,,.*$/, '').trim(), '-a']);
    assert.equal(new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase(), rootSha256());
  });

  test('NSS has no per-key High level: refused with INVALID_INPUT before anything is written', async () => {
    const s = setup();
    const f = await s.put();
    await assert.rejects(s.importReq({ fileId: f.fileId, password: pki.pfxPassword, securityLevel: 'high', store: 'nss' }), { code: 'INVALID_INPUT' });
  });
});
