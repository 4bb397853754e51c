/**
 * CLI contract lines of issues 2 and 4 not run elsewhere (checklist: docs/contract-audit.md),
 * as the built CLI under a temp HOME whose ~/.pki/nssdb is the default store on Linux:
 * - `npx certwiz --help` from the repository root (issue 2);
 * - `csr --renew THUMBPRINT`: same subject and names, a new key (issue 2);
 * - `store list --json` without --store = the OS's user store, each entry with SHA-1 and SHA-256
 *   (equal to openssl), subject, issuer, location, trust and whether it has a key (issue 4);
 * - `store import --remove-old`, and without it the old Sub CA only named (issue 4);
 * - `chain show THUMBPRINT --json` through the store, and `store remove THUMBPRINT --store SPEC`.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliRunner, ensureBuilt, json, root } from './harness';

const work = mkdtempSync(join(tmpdir(), 'certwiz-contract-stores-'));
const home = join(work, 'data');
const db = join(work, '.pki', 'nssdb');
const ca = (name: string) => join(home, 'practice-ca', name);

const certwiz = cliRunner(work, home);

const thumbs = (file: string) => {
  const x = new crypto.X509Certificate(readFileSync(file));
  return { sha1: x.fingerprint.replace(/:/g, '').toLowerCase(), sha256: x.fingerprint256.replace(/:/g, '').toLowerCase() };
};

let leafSha1 = '';

before(() => {
  ensureBuilt();
  mkdirSync(db, { recursive: true });
  execFileSync('certutil', ['-N', '-d', `sql:${db}`, '--empty-password']);
  const c = json(certwiz(['csr', '--profile', 'generic-server', '--cn', 'www.example.com', '--san', 'api.example.com', '--o', 'Example Ltd', '--key', 'ec-p256', '--security-level', 'medium', '--out', 'leaf.csr', '--json']));
  assert.equal(certwiz(['practice-ca', 'sign', 'leaf.csr', '--out', 'leaf.pem']).code, 0);
  assert.equal(json(certwiz(['complete', 'leaf.pem', '--json'])).entry.id, c.requestId);
  leafSha1 = thumbs(join(work, 'leaf.pem')).sha1;
});

describe('CLI contract: npx and renewal (issue 2)', () => {
  test('npx certwiz --help works from the repository root', () => {
    const r = spawnSync('npx', ['--no-install', 'certwiz', '--help'], { cwd: root, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Usage: certwiz <command>/m);
  });

  test('csr --renew THUMBPRINT: the installed certificate’s subject and names, a new key', () => {
    const r = json(certwiz(['csr', '--renew', leafSha1, '--security-level', 'medium', '--out', 'renew.csr', '--json']));
    assert.equal(r.subject, 'CN=www.example.com,O=Example Ltd');
    assert.deepEqual(r.sans, ['DNS:www.example.com', 'DNS:api.example.com']);
    const oldKey = new crypto.X509Certificate(readFileSync(join(work, 'leaf.pem'))).publicKey.export({ type: 'spki', format: 'pem' });
    const newKey = execFileSync('openssl', ['req', '-in', 'renew.csr', '-noout', '-pubkey'], { cwd: work }).toString();
    assert.notEqual(newKey, oldKey);
  });
});

describe('CLI contract: stores (issue 4)', () => {
  test('chain show THUMBPRINT of a certificate kept in Certwiz: its kept chain, and what is not installed', () => {
    const r = json(certwiz(['chain', 'show', leafSha1, '--json']));
    assert.equal(r.target.sha256, thumbs(join(work, 'leaf.pem')).sha256);
    const links = r.paths[0].links;
    assert.deepEqual(links.map((l: { source: { kind: string } }) => l.source.kind), ['target', 'file', 'file']);
    assert.equal(r.paths[0].trusted, false, 'nothing installed in the NSS DB yet');
    const text = certwiz(['chain', 'show', leafSha1]).stdout;
    assert.match(text, /\[kept in Certwiz\]/);
    assert.match(text, /is not installed; Certwiz kept it with the certificate\./);
    assert.doesNotMatch(text, /as ""/);
  });

  test('store import names an old Sub CA, --remove-old removes it; store list --json is the default store with the documented fields', () => {
    const old = thumbs(ca('old-sub-ca.crt'));
    const sub = thumbs(ca('sub-ca.crt'));
    const rootT = thumbs(ca('root.crt'));
    json(certwiz(['store', 'import', ca('old-sub-ca.crt'), '--json']));
    const named = json(certwiz(['store', 'import', ca('sub-ca.crt'), ca('root.crt'), ca('root.arl.crl'), '--trust-root', '--json']));
    assert.deepEqual(named.oldSubCas.map((o: { sha256: string }) => o.sha256), [old.sha256]);
    assert.deepEqual(named.removedOld, []);
    const removed = json(certwiz(['store', 'import', ca('sub-ca.crt'), '--remove-old', '--json']));
    assert.deepEqual(removed.removedOld, [old.sha256]);

    const list = json(certwiz(['store', 'list', '--json']));
    assert.match(list.store, /nssdb/);
    const bySha = new Map(list.certificates.map((c: { sha256: string }) => [c.sha256, c]));
    assert.equal(bySha.has(old.sha256), false, 'old Sub CA gone');
    const r: any = bySha.get(rootT.sha256);
    assert.equal(r.sha1, rootT.sha1);
    assert.equal(r.location, 'root');
    assert.equal(r.trust, 'C,,');
    assert.equal(r.hasKey, false);
    const s: any = bySha.get(sub.sha256);
    assert.equal(s.location, 'intermediate');
    assert.equal(s.subject, new crypto.X509Certificate(readFileSync(ca('sub-ca.crt'))).subject.split('\n').reverse().join(','));
    for (const c of list.certificates) {
      for (const k of ['sha1', 'sha256', 'subject', 'issuer', 'location', 'trust', 'hasKey']) assert.ok(k in c, k);
    }
  });

  test('chain show THUMBPRINT --json finds a trusted path in the store; store remove takes it out', () => {
    const sub = thumbs(ca('sub-ca.crt'));
    const chain = json(certwiz(['chain', 'show', sub.sha256, '--store', 'nss', '--json']));
    assert.equal(chain.target.sha256, sub.sha256);
    assert.equal(chain.paths[0].trusted, true);
    const leaf = json(certwiz(['chain', 'show', 'leaf.pem', '--json']));
    assert.equal(leaf.paths.some((p: { trusted: boolean }) => p.trusted), true);

    const rm = json(certwiz(['store', 'remove', sub.sha1, '--store', `nss:${db}`, '--json']));
    assert.equal(rm.removed, sub.sha1);
    const after = json(certwiz(['store', 'list', '--store', 'nss', '--json']));
    assert.equal(after.certificates.some((c: { sha256: string }) => c.sha256 === sub.sha256), false);
    const again = certwiz(['store', 'remove', sub.sha1, '--store', 'nss']);
    assert.equal(again.code, 5, again.stderr);
    assert.match(again.stderr, /^certwiz: NOT_FOUND: /m);
  });
});
