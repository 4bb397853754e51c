import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NssStore } from '../../electron/core/stores/nss';
import { chainShow, storeImport, storeList, storeRemove } from '../../electron/cli/commands/store';
import { specs } from '../../electron/cli/commands/store.spec';
import type { CliContext } from '../../electron/cli/context';
import { CertwizError } from '../../shared/errors';
import { makePki, type TestPki } from './pki';

let pki: TestPki;
before(() => {
  pki = makePki();
});

function ctxFor(spec: string, positionals: string[], values: Record<string, string | boolean>) {
  const out = { said: [] as string[], json: [] as unknown[], notes: [] as string[] };
  const ctx = {
    inv: { spec: specs.find((s) => [s.group, s.name].join(' ') === spec)!, values, positionals, json: true },
    core: () => {
      throw new Error('not used');
    },
    opt: (n: string) => (typeof values[n] === 'string' ? (values[n] as string) : undefined),
    say: (t: string) => out.said.push(t),
    emit: (j: unknown) => out.json.push(j),
    note: (t: string) => out.notes.push(t),
    password: async () => pki.pfxPassword,
  } as unknown as CliContext;
  return { ctx, out };
}

describe('certwiz store … (handlers, real NSS DB)', () => {
  test('import without --trust-root: exit-5 error, other files placed and reported; then list --json', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'certwiz-cli-')), 'db');
    await NssStore.create(dir);
    const { ctx, out } = ctxFor('store import', [pki.file('sub.pem'), pki.file('root.pem')], { store: `nss:${dir}` });
    await assert.rejects(storeImport(ctx), (e: CertwizError) => e.code === 'ROOT_NEEDS_CONFIRMATION' && e.exitCode === 5);
    const report = out.json[0] as { files: { file: string; items: { location?: string; held?: boolean }[] }[]; needsConfirmation: { sha256Fingerprint: string }[] };
    assert.equal(report.files[0].items[0].location, 'intermediate');
    assert.equal(report.files[1].items[0].held, true);
    assert.match(report.needsConfirmation[0].sha256Fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);

    const list = ctxFor('store list', [], { store: `nss:${dir}` });
    await storeList(list.ctx);
    const json = list.out.json[0] as { certificates: { sha1: string; sha256: string; subject: string; issuer: string; location: string; trust: string; hasKey: boolean }[] };
    assert.equal(json.certificates.length, 1);
    assert.deepEqual(Object.keys(json.certificates[0]).sort(), ['hasKey', 'issuer', 'location', 'notAfter', 'serialNumber', 'sha1', 'sha256', 'subject', 'trust']);

    const again = ctxFor('store import', [pki.file('root.pem'), pki.file('leaf.p12')], { store: `nss:${dir}`, 'trust-root': true });
    await storeImport(again.ctx);
    const rm = ctxFor('store remove', [json.certificates[0].sha1], { store: `nss:${dir}` });
    await storeRemove(rm.ctx);

    const chain = ctxFor('chain show', [pki.file('leaf.pem'), pki.file('sub.pem')], { store: `nss:${dir}` });
    await chainShow(chain.ctx);
    assert.ok(chain.out.said.some((l) => /Path 1 \(trusted\)/.test(l)), chain.out.said.join('\n'));
    assert.ok(chain.out.said.some((l) => /is not installed; it is in the file you downloaded from the CA as "sub.pem"/.test(l)), chain.out.said.join('\n'));
  });

  test('a missing DB, and remove without --store, are clear errors', async () => {
    const { ctx } = ctxFor('store list', [], { store: `nss:${join(tmpdir(), 'certwiz-none-' + process.pid)}` });
    await assert.rejects(storeList(ctx), { code: 'STORE_NOT_FOUND' });
    await assert.rejects(storeRemove(ctxFor('store remove', ['00'], {}).ctx), { code: 'USAGE' });
  });
});
