import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { NssStore } from '../../electron/core/stores/nss';
import { analyseFiles, describeOutcome, installFiles, type InstallFile } from '../../electron/core/stores/install';
import { makePki, type TestPki } from './pki';

let pki: TestPki;
const sha256 = (d: Uint8Array) => createHash('sha256').update(d).digest('hex');
const f = (name: string, as = name): InstallFile => ({ name: as, bytes: new Uint8Array(readFileSync(pki.file(name))) });
const newDb = () => NssStore.create(join(mkdtempSync(join(tmpdir(), 'certwiz-inst-')), 'db'));
const trustOf = (dir: string) => execFileSync('certutil', ['-L', '-d', `sql:${dir}`], { encoding: 'utf8' });

before(() => {
  pki = makePki();
});

describe('installFiles into a real NSS DB (guide section D)', () => {
  test('without confirmation the root is held back and everything else is placed', async () => {
    const store = await newDb();
    const r = await installFiles([f('sub.pem', 'ecert_ssl_ca_3-17_pem.crt'), f('cross.pem', 'root_ca_3_x_gsca_r3_pem.crt'), f('root.pem'), f('root.crl', 'RootCA3ARL.crl')], store);
    assert.equal(r.needsConfirmation.length, 1);
    assert.equal(r.needsConfirmation[0].sha256, sha256(pki.der('root')));
    const list = await store.list();
    assert.deepEqual(list.map((e) => e.sha256).sort(), [sha256(pki.der('sub')), sha256(pki.der('cross'))].sort());
    assert.ok(list.every((e) => e.trust === ',,'));
    const lines = r.files.map(describeOutcome);
    assert.match(lines[0], /intermediate "Practice Sub CA 3 - 17" → Intermediate Certification Authorities/);
    assert.match(lines[1], /cross-certificate "Practice Root CA 3" → Intermediate/);
    assert.match(lines[2], /root "Practice Root CA 3" held back/);
    // NSS finds the ARL's signer through the cross-certificate (same name and key as the root)
    assert.equal(r.files[3].error, undefined);
    assert.equal((await store.listCrls()).length, 1);
  });

  test('with --trust-root: root C,, and the ARL is installed after it', async () => {
    const store = await newDb();
    const r = await installFiles([f('chain.p7b'), f('cross.pem'), f('root.crl')], store, { trustRoot: true });
    assert.equal(r.needsConfirmation.length, 0);
    assert.match(trustOf(store.dir), /Practice Root CA 3\s+C,,/);
    assert.equal(r.files[2].error, undefined);
    assert.equal((await store.listCrls()).length, 1);
  });

  test('--remove-old removes the old Sub CA (same name, other key) before installing the new one', async () => {
    const store = await newDb();
    await store.importCertificates([{ der: pki.der('oldsub'), options: { location: 'intermediate' } }]);
    const pre = await analyseFiles([f('sub.pem')], store);
    assert.equal(pre.oldSubCas.length, 1);
    const r = await installFiles([f('sub.pem')], store, { removeOld: true });
    assert.equal(r.removedOld.length, 1);
    assert.deepEqual((await store.list()).map((e) => e.sha256), [sha256(pki.der('sub'))]);
  });

  test('expired or revoked CA certificates are flagged', async () => {
    const store = await newDb();
    const a = await analyseFiles([f('oldsub.pem'), f('root.pem'), f('root.crl')], store);
    assert.deepEqual(a.flagged.map((x) => [x.sha256, x.status]), [[sha256(pki.der('oldsub')), 'revoked']]);
  });

  test('one unreadable file: nothing is written', async () => {
    const store = await newDb();
    await assert.rejects(
      installFiles([f('sub.pem'), { name: 'notes.txt', bytes: new TextEncoder().encode('hello') }], store),
      { code: 'FILE_NOT_CERTIFICATE' },
    );
    assert.equal((await store.list()).length, 0);
  });

  test('a PFX with --trust-root: key in Personal, root trusted; High is refused for NSS with the DB-password advice', async () => {
    const store = await newDb();
    const r = await installFiles([f('leaf.p12')], store, { trustRoot: true, pfxPassword: async () => pki.pfxPassword });
    assert.equal(r.files[0].error, undefined);
    assert.match(trustOf(store.dir), /Test Leaf\s+u,u,u/);
    assert.match(trustOf(store.dir), /Practice Root CA 3[^\n]*\s+C,,/);
    const untrusted = await newDb();
    const r3 = await installFiles([f('leaf.p12')], untrusted, { pfxPassword: async () => pki.pfxPassword });
    assert.equal(r3.needsConfirmation[0]?.sha256, sha256(pki.der('root')), 'a root inside a PFX is held like a root file');
    assert.doesNotMatch(trustOf(untrusted.dir), /C,,/);
    const wrong = await newDb();
    await assert.rejects(installFiles([f('sub.pem'), f('leaf.p12')], wrong, { pfxPassword: async () => 'nope' }), { code: 'PFX_BAD_PASSWORD' });
    assert.equal((await wrong.list()).length, 0, 'a wrong PFX password fails before the Sub CA is written');
    const other = await newDb();
    const r2 = await installFiles([f('leaf.p12')], other, { pfxPassword: async () => pki.pfxPassword, pfx: { securityLevel: 'high' } });
    assert.equal(r2.files[0].error?.code, 'INVALID_INPUT');
    assert.match(r2.files[0].error!.message, /password on the whole database/);
  });
});
