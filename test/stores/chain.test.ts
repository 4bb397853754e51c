import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyAll, parseInput, type CertFacts, type CrlFacts } from '../../electron/core/stores/classify';
import { buildChains, type ChainCandidate } from '../../electron/core/stores/chain';
import { findOldSubCas } from '../../electron/core/stores/old-sub-ca';
import { placeAutomatically, placeManually } from '../../electron/core/stores/placement';
import { NssStore } from '../../electron/core/stores/nss';
import { CertwizError } from '../../shared/errors';
import { makePki, type TestPki } from './pki';

let pki: TestPki;
const facts: Record<string, CertFacts> = {};
let crl: CrlFacts;

before(async () => {
  pki = makePki();
  for (const n of ['root', 'sub', 'oldsub', 'cross', 'leaf', 'other']) {
    facts[n] = (await parseInput(pki.der(n), `${n}.der`)).certificates[0];
  }
  crl = (await parseInput(pki.der('root.crl'), 'RootCA3ARL.crl')).crls[0];
});

describe('parseInput / classify', () => {
  test('PEM with several blocks, DER, .p7b and a DER CRL are all read', async () => {
    const pem = await parseInput(readFileSync(pki.file('chain.pem')), 'chain.pem');
    assert.equal(pem.certificates.length, 2);
    const p7 = await parseInput(pki.der('chain.p7b'), 'chain.p7b');
    assert.deepEqual(p7.certificates.map((c) => c.sha256).sort(), [facts.sub.sha256, facts.root.sha256].sort());
    const crlPem = await parseInput(readFileSync(pki.file('root.crl.pem')), 'root.crl.pem');
    assert.equal(crlPem.crls.length, 1);
    assert.equal(crl.issuer, facts.root.subject);
  });

  test('roles: root, Sub CA, cross-certificate, end-entity', () => {
    const all = classifyAll([facts.root, facts.sub, facts.cross, facts.leaf]);
    assert.deepEqual(all.map((c) => c.role), ['root', 'intermediate', 'cross-certificate', 'end-entity']);
    // the cross-certificate is recognised even without its self-signed twin (guide 001 case)
    assert.equal(classifyAll([facts.cross])[0].role, 'cross-certificate');
  });

  test('garbage is FILE_NOT_CERTIFICATE, a broken .crl is CRL_INVALID, empty is FILE_EMPTY', async () => {
    const codeOf = async (b: Uint8Array, n: string) => {
      try {
        await parseInput(b, n);
      } catch (e) {
        return (e as CertwizError).code;
      }
      return 'none';
    };
    assert.equal(await codeOf(new TextEncoder().encode('hello'), 'x.crt'), 'FILE_NOT_CERTIFICATE');
    assert.equal(await codeOf(new Uint8Array([0x30, 0x03, 2, 1, 0]), 'RootCA3ARL.crl'), 'CRL_INVALID');
    assert.equal(await codeOf(new TextEncoder().encode('-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n'), 'a.pem'), 'CRL_INVALID');
    assert.equal(await codeOf(new Uint8Array(), 'e.crt'), 'FILE_EMPTY');
  });
});

describe('buildChains', () => {
  const store = (f: CertFacts, trusted = false): ChainCandidate => ({
    ...f,
    source: { kind: 'store', location: f.selfSigned && trusted ? 'root' : 'intermediate', trusted },
  });
  const file = (f: CertFacts, fileName: string): ChainCandidate => ({ ...f, source: { kind: 'file', fileName } });

  test('two paths: through the root and through the cross-certificate; the trusted one first', async () => {
    const r = await buildChains(facts.leaf, [store(facts.sub), store(facts.root, true), store(facts.cross), store(facts.other, true)], [crl]);
    assert.equal(r.paths.length, 2);
    const tops = r.paths.map((p) => p.links.at(-1)!.subject);
    assert.ok(tops.some((s) => s.includes('Practice Root CA 3')));
    assert.ok(tops.some((s) => s.includes('Other Root R3')));
    const viaCross = r.paths.find((p) => p.links.length === 4)!;
    assert.equal(viaCross.links[2].sha256, facts.cross.sha256);
    assert.ok(r.paths.every((p) => p.trusted));
    assert.equal(r.paths[0].links[1].revocation, 'good', 'the new Sub CA is not on the root CRL');
  });

  test('the old Sub CA (same name, other key) is never taken as the issuer', async () => {
    const r = await buildChains(facts.leaf, [store(facts.oldsub), store(facts.root, true)], []);
    assert.equal(r.paths.length, 1);
    assert.equal(r.paths[0].complete, false);
    assert.equal(r.problems[0].kind, 'missing-issuer');
    assert.match(r.problems[0].message, /"Practice Sub CA 3 - 17" that issued "localhost" is not installed/);
  });

  test('a Sub CA only in a downloaded file gives the guide sentence with the file name', async () => {
    const r = await buildChains(facts.leaf, [file(facts.sub, 'ecert_ssl_ca_3-17_pem.crt'), store(facts.root, true)], []);
    assert.equal(r.paths[0].complete, true);
    assert.equal(r.paths[0].trusted, true);
    const p = r.problems.find((x) => x.kind === 'not-installed');
    assert.equal(
      p?.message,
      `The Sub CA "Practice Sub CA 3 - 17" is not installed; it is in the file you downloaded from the CA as "ecert_ssl_ca_3-17_pem.crt".`,
    );
  });

  test('a root only in a file is not trusted, and says how to fix it', async () => {
    const r = await buildChains(facts.leaf, [store(facts.sub), file(facts.root, 'root_ca_3_pem.crt')], []);
    assert.equal(r.paths[0].trusted, false);
    assert.match(r.problems.map((p) => p.message).join(' '), /root "Practice Root CA 3" is not trusted yet; it is in the file .* "root_ca_3_pem.crt"/);
  });

  test('revocation against the CRL and expiry are reported per link', async () => {
    const r = await buildChains(facts.oldsub, [store(facts.root, true)], [crl]);
    assert.equal(r.paths[0].links[0].revocation, 'revoked');
    assert.equal(r.paths[0].trusted, false);
    assert.equal(r.problems[0].kind, 'revoked');
    const later = await buildChains(facts.leaf, [store(facts.sub), store(facts.root, true)], [crl], new Date(Date.now() + 400 * 86400e3));
    assert.ok(later.problems.some((p) => p.kind === 'expired' && p.subject === 'localhost'));
    assert.ok(later.problems.some((p) => p.kind === 'crl-expired'));
  });
});

describe('old Sub CA and placement', () => {
  test('an installed old Sub CA (real NSS listing) is found; the cross-certificate and the new one are not', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'certwiz-nss-')), 'db');
    const nss = await NssStore.create(dir);
    await nss.importCertificates([
      { der: pki.der('oldsub'), options: { location: 'intermediate' } },
      { der: pki.der('cross'), options: { location: 'intermediate' } },
    ]);
    const old = await findOldSubCas([facts.sub, facts.cross], await nss.list());
    assert.equal(old.length, 1);
    assert.equal(old[0].installed.sha256, facts.oldsub.sha256);
    assert.equal(old[0].replacedBy.sha256, facts.sub.sha256);
    await nss.remove(old[0].installed.sha256);
    assert.deepEqual(await findOldSubCas([facts.sub], await nss.list()), []);
  });

  test('automatic: leaf with key → Personal, CAs → Intermediate, root held until confirmed', () => {
    const certs = classifyAll([facts.leaf, facts.sub, facts.cross, facts.root]);
    const plan = placeAutomatically(certs, new Set([facts.leaf.sha256]));
    assert.deepEqual(plan.placements.map((p) => p.location), ['personal', 'intermediate', 'intermediate']);
    assert.equal(plan.needsConfirmation.length, 1);
    assert.equal(plan.needsConfirmation[0].sha256Fingerprint.length, 95);
    assert.match(plan.needsConfirmation[0].subject, /Practice Root CA 3/);
    const confirmed = placeAutomatically(certs, new Set([facts.leaf.sha256]), new Set([facts.root.sha256]));
    assert.equal(confirmed.placements.at(-1)?.location, 'root');
  });

  test('manual placement refuses the wrong store', () => {
    const certs = classifyAll([facts.leaf, facts.sub]);
    assert.throws(() => placeManually(certs, 'intermediate'), { code: 'WRONG_STORE' });
    assert.throws(() => placeManually(classifyAll([facts.sub]), 'root'), { code: 'WRONG_STORE' });
    assert.equal(placeManually(certs, 'personal').placements.length, 2);
  });
});
