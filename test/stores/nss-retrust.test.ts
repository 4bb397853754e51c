/**
 * A root that is already in the NSS DB without trust becomes a trust anchor once the user
 * confirms it (issue 4): pk12util writes every certificate of a PFX, so an unconfirmed import
 * leaves the root at `,,`; importing the same PFX again with the root confirmed (NssStore.importPfx
 * and installFiles), or installing the root file confirmed, must raise it to `C,,` — checked
 * with the real certutil. A trusted root is never lowered, and a locked or read-only DB still
 * changes nothing.
 */
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { NssStore } from '../../electron/core/stores/nss';
import { installFiles } from '../../electron/core/stores/install';
import { CertwizError } from '../../shared/errors';
import { makePki, type TestPki } from './pki';

let pki: TestPki;
before(() => {
  pki = makePki();
});

const sha256 = (d: Uint8Array) => createHash('sha256').update(d).digest('hex');
const freshDir = () => join(mkdtempSync(join(tmpdir(), 'certwiz-nss-retrust-')), 'nssdb');

/** The real certutil's view, independent of our parser: nickname → trust (pk12util names CAs "CN - O"). */
function certutilTrust(dir: string): Map<string, string> {
  const out = execFileSync('certutil', ['-L', '-d', `sql:${dir}`], { encoding: 'utf8' });
  const m = new Map<string, string>();
  for (const line of out.split('\n').slice(4)) {
    const r = /^(.*\S)\s+(\S*,\S*,\S*)\s*$/.exec(line);
    if (r) m.set(r[1].replace(/ - Certwiz Test$/, ''), r[2]);
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

const ROOT = 'Practice Root CA 3';

describe('NSS: a root already present without trust is trusted once confirmed', () => {
  test('importPfx again with trustRoot raises the root from ,, to C,, (nothing duplicated)', async () => {
    const dir = freshDir();
    const store = await NssStore.create(dir);
    await store.importPfx(pki.der('leaf.p12'), pki.pfxPassword);
    const first = certutilTrust(dir);
    assert.equal(first.get(ROOT), ',,', 'unconfirmed: pk12util adds the root without trust');

    const placed = await store.importPfx(pki.der('leaf.p12'), pki.pfxPassword, { trustRoot: true });
    const second = certutilTrust(dir);
    assert.equal(second.get(ROOT), 'C,,', 'certutil -L shows the confirmed root as a TLS anchor');
    assert.equal(second.size, first.size, 'no entry added twice');
    assert.equal(second.get('Practice Sub CA 3 - 17'), ',,', 'the Sub CA stays an intermediate');
    const root = placed.find((p) => p.sha256 === sha256(pki.der('root')));
    assert.equal(root?.location, 'root', 'the report names the root as placed in Trusted Root');
  });

  test('a root already trusted CT,C,C is not lowered by a confirmed re-import', async () => {
    const dir = freshDir();
    const store = await NssStore.create(dir);
    await store.importCertificates([{ der: pki.der('root'), options: { location: 'root', rootTrust: 'all' } }]);
    await store.importPfx(pki.der('leaf.p12'), pki.pfxPassword, { trustRoot: true });
    assert.equal(certutilTrust(dir).get(ROOT), 'CT,C,C');
  });

  test('installFiles: the same PFX held, then confirmed, upgrades the root; a root file confirmed does too', async () => {
    const dir = freshDir();
    const store = await NssStore.create(dir);
    const files = [{ name: 'leaf.p12', bytes: pki.der('leaf.p12') }];
    const pfxPassword = async () => pki.pfxPassword;
    const held = await installFiles(files, store, { pfxPassword });
    assert.deepEqual(held.needsConfirmation.map((r) => r.sha256), [sha256(pki.der('root'))]);
    assert.equal(certutilTrust(dir).get(ROOT), ',,');

    const ok = await installFiles(files, store, { pfxPassword, trustRoot: new Set([sha256(pki.der('root'))]) });
    assert.deepEqual(ok.needsConfirmation, []);
    assert.equal(ok.files[0].error, undefined);
    assert.equal(certutilTrust(dir).get(ROOT), 'C,,');

    // The loose root file: held without confirmation (unchanged), trusted with it.
    const dir2 = freshDir();
    const store2 = await NssStore.create(dir2);
    await store2.importPfx(pki.der('leaf.p12'), pki.pfxPassword);
    const rootFile = [{ name: 'root.crt', bytes: pki.der('root') }];
    const notYet = await installFiles(rootFile, store2);
    assert.equal(notYet.needsConfirmation.length, 1);
    assert.equal(certutilTrust(dir2).get(ROOT), ',,');
    await installFiles(rootFile, store2, { trustRoot: true });
    assert.equal(certutilTrust(dir2).get(ROOT), 'C,,');
  });

  test('locked or read-only DB: the confirmed re-import is refused and the root keeps ,,', async () => {
    const dir = freshDir();
    const open = await NssStore.create(dir, { password: 'db-secret' });
    await open.importPfx(pki.der('leaf.p12'), pki.pfxPassword);
    const before = certutilTrust(dir);
    assert.equal(before.get(ROOT), ',,');
    const locked = new NssStore(dir);
    assert.equal(await code(locked.importPfx(pki.der('leaf.p12'), pki.pfxPassword, { trustRoot: true })), 'STORE_LOCKED');
    assert.deepEqual(certutilTrust(dir), before);

    for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o444);
    chmodSync(dir, 0o555);
    try {
      assert.equal(await code(open.importPfx(pki.der('leaf.p12'), pki.pfxPassword, { trustRoot: true })), 'STORE_READ_ONLY');
      assert.deepEqual(certutilTrust(dir), before);
    } finally {
      chmodSync(dir, 0o755);
      for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o644);
    }
  });
});
