import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { NssStore } from '../../electron/core/stores/nss';
import { certFacts } from '../../electron/core/stores/classify';
import { buildChains } from '../../electron/core/stores/chain';
import { CertwizError } from '../../shared/errors';
import { makePki, type TestPki } from './pki';

let pki: TestPki;
const sha256 = (d: Uint8Array) => createHash('sha256').update(d).digest('hex');
const sha1 = (d: Uint8Array) => createHash('sha1').update(d).digest('hex');

function freshDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'certwiz-nss-')), 'nssdb');
}

/** What the real certutil says, independent of our parser: nickname → trust. */
function certutilTrust(dir: string): Map<string, string> {
  const out = execFileSync('certutil', ['-L', '-d', `sql:${dir}`], { encoding: 'utf8' });
  const m = new Map<string, string>();
  for (const line of out.split('\n').slice(4)) {
    const r = /^(.*\S)\s+(\S*,\S*,\S*)\s*$/.exec(line);
    if (r) m.set(r[1], r[2]);
  }
  return m;
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CertwizError, String(e));
    return e.code;
  }
  return 'no error';
}

before(() => {
  pki = makePki();
});

describe('NssStore on a real NSS DB', () => {
  test('imports a root with C,, an intermediate with ,, and lists both with thumbprints', async () => {
    const dir = freshDir();
    const store = await NssStore.create(dir);
    const placed = await store.importCertificates([
      { der: pki.der('root'), options: { location: 'root' } },
      { der: pki.der('sub'), options: { location: 'intermediate' } },
    ]);
    assert.equal(placed.length, 2);
    const trust = certutilTrust(dir);
    assert.equal(trust.get('Practice Root CA 3'), 'C,,');
    assert.equal(trust.get('Practice Sub CA 3 - 17'), ',,');
    const list = await store.list();
    const root = list.find((e) => e.sha256 === sha256(pki.der('root')));
    assert.ok(root);
    assert.equal(root.sha1, sha1(pki.der('root')));
    assert.equal(root.location, 'root');
    assert.equal(root.selfSigned, true);
    assert.equal(root.hasKey, false);
    const sub = list.find((e) => e.sha256 === sha256(pki.der('sub')));
    assert.equal(sub?.location, 'intermediate');
  });

  test('CT,C,C only when asked for', async () => {
    const dir = freshDir();
    const store = await NssStore.create(dir);
    await store.importCertificates([{ der: pki.der('root'), options: { location: 'root', rootTrust: 'all' } }]);
    assert.equal(certutilTrust(dir).get('Practice Root CA 3'), 'CT,C,C');
  });

  test('imports a PFX made by openssl: key + leaf + chain, chain CAs without trust', async () => {
    const dir = freshDir();
    const store = await NssStore.create(dir);
    const placed = await store.importPfx(pki.der('leaf.p12'), pki.pfxPassword);
    assert.equal(placed.length, 3);
    const list = await store.list();
    const leaf = list.find((e) => e.sha256 === sha256(pki.der('leaf')));
    assert.equal(leaf?.hasKey, true);
    assert.equal(leaf?.location, 'personal');
    assert.equal(list.find((e) => e.selfSigned)?.trust, ',,', 'pk12util must not trust the root');
    const keys = execFileSync('certutil', ['-K', '-d', `sql:${dir}`], { encoding: 'utf8' });
    assert.match(keys, /Test Leaf/);
  });

  test('a wrong PFX password is PFX_BAD_PASSWORD and leaves the DB empty', async () => {
    const dir = freshDir();
    const store = await NssStore.create(dir);
    assert.equal(await code(store.importPfx(pki.der('leaf.p12'), 'wrong')), 'PFX_BAD_PASSWORD');
    assert.equal((await store.list()).length, 0);
  });

  test('imports the CRL once its CA is present; unparsable CRL is CRL_INVALID', async () => {
    const dir = freshDir();
    const store = await NssStore.create(dir);
    assert.equal(await code(store.importCrl(pki.der('root.crl'))), 'NOT_FOUND', 'issuer missing');
    await store.importCertificates([{ der: pki.der('root'), options: { location: 'root' } }]);
    await store.importCrl(pki.der('root.crl'));
    const crls = execFileSync('crlutil', ['-L', '-d', `sql:${dir}`], { encoding: 'utf8' });
    assert.match(crls, /Practice Root CA 3\s+CRL/);
    assert.equal((await store.listCrls()).length, 1);
    const [info] = await store.installedCrls();
    assert.equal(info.issuer, 'CN=Practice Root CA 3,O=Certwiz Test');
    assert.deepEqual([...info.revoked.keys()], ['1000'], 'the old Sub CA (serial 0x1000) is revoked');
    assert.ok(info.nextUpdate && info.nextUpdate > new Date());
    // the chain view uses it: the old Sub CA shows as revoked through the installed CRL alone
    const old = await certFacts(pki.der('oldsub'));
    const root = await certFacts(pki.der('root'));
    const chain = await buildChains(old, [{ ...root, source: { kind: 'store', location: 'root', trusted: true } }], [], new Date(), [info]);
    assert.equal(chain.paths[0].links[0].revocation, 'revoked');
    assert.equal(await code(store.importCrl(new Uint8Array([0x30, 0x03, 1, 2, 3]))), 'CRL_INVALID');
  });

  test('old Sub CA with the same subject gets its own nickname and can be removed alone', async () => {
    const dir = freshDir();
    const store = await NssStore.create(dir);
    await store.importCertificates([{ der: pki.der('oldsub'), options: { location: 'intermediate' } }]);
    await store.importCertificates([{ der: pki.der('sub'), options: { location: 'intermediate' } }]);
    let list = await store.list();
    assert.equal(list.length, 2);
    assert.notEqual(list[0].handle, list[1].handle);
    await store.remove(sha1(pki.der('oldsub')));
    list = await store.list();
    assert.deepEqual(list.map((e) => e.sha256), [sha256(pki.der('sub'))]);
  });

  test('importing the same certificate twice does not duplicate it', async () => {
    const dir = freshDir();
    const store = await NssStore.create(dir);
    await store.importCertificates([{ der: pki.der('sub'), options: { location: 'intermediate' } }]);
    await store.importCertificates([{ der: pki.der('sub'), options: { location: 'intermediate' } }]);
    assert.equal((await store.list()).length, 1);
  });
});

describe('NssStore refuses clearly and changes nothing', () => {
  test('a missing DB is STORE_NOT_FOUND', async () => {
    const store = new NssStore(join(tmpdir(), 'certwiz-no-such-db-' + process.pid));
    assert.equal(await code(store.list()), 'STORE_NOT_FOUND');
    assert.equal(await code(store.importCertificates([{ der: pki.der('sub'), options: { location: 'intermediate' } }])), 'STORE_NOT_FOUND');
  });

  test('a password-protected DB is STORE_LOCKED without the password, and nothing is half-added', async () => {
    const dir = freshDir();
    await NssStore.create(dir, { password: 'db-secret' });
    const locked = new NssStore(dir);
    assert.equal(await code(locked.importCertificates([{ der: pki.der('root'), options: { location: 'root' } }])), 'STORE_LOCKED');
    assert.equal(certutilTrust(dir).size, 0, 'certutil -A would have left the cert without trust');
    const wrong = new NssStore(dir, { password: 'nope' });
    assert.equal(await code(wrong.importCertificates([{ der: pki.der('root'), options: { location: 'root' } }])), 'STORE_PASSWORD_INCORRECT');
    const open = new NssStore(dir, { password: 'db-secret' });
    await open.importCertificates([{ der: pki.der('root'), options: { location: 'root' } }]);
    assert.equal(certutilTrust(dir).get('Practice Root CA 3'), 'C,,');
    // listing works while locked; keys are then unknown, not "none"
    const list = await locked.list();
    assert.equal(list.length, 1);
    assert.equal(list[0].hasKey, undefined);
  });

  test('a read-only DB is STORE_READ_ONLY and stays unchanged', async () => {
    const dir = freshDir();
    const store = await NssStore.create(dir);
    for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o444);
    chmodSync(dir, 0o555);
    try {
      assert.equal(await code(store.importCertificates([{ der: pki.der('sub'), options: { location: 'intermediate' } }])), 'STORE_READ_ONLY');
      assert.equal(await code(store.importPfx(pki.der('leaf.p12'), pki.pfxPassword)), 'STORE_READ_ONLY');
      assert.equal(certutilTrust(dir).size, 0);
    } finally {
      chmodSync(dir, 0o755);
    }
  });

  test('a failure in the middle of a batch removes what the batch had added', async () => {
    const dir = freshDir();
    const store = await NssStore.create(dir);
    const garbage = new Uint8Array([0x30, 0x82, 0x00, 0x10, ...new Array(16).fill(0)]);
    const r = await code(
      store.importCertificates([
        { der: pki.der('sub'), options: { location: 'intermediate' } },
        { der: garbage, options: { location: 'intermediate' } },
      ]),
    );
    assert.notEqual(r, 'no error');
    assert.equal(certutilTrust(dir).size, 0);
  });
});
