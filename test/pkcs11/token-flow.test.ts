/**
 * The whole card flow against SoftHSM2, with OpenSSL and OpenSC's pkcs11-tool as the peers:
 * list → generate on the card → CSR signed by the card → certificate written next to the key.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createSoftHsm, serialOf, SOFTHSM_MODULE, type SoftHsm } from './softhsm';

const PIN = '123456';
let hsm: SoftHsm;
let core: typeof import('../../electron/core/pkcs11');

before(async () => {
  hsm = createSoftHsm([
    { label: 'Certwiz Card', pin: PIN },
    { label: 'Other Card', pin: '999999' },
  ]);
  core = await import('../../electron/core/pkcs11');
});
after(() => {
  core?.finalizeAll();
  hsm?.cleanup();
});

const target = () => ({ module: SOFTHSM_MODULE, token: 'Certwiz Card', pin: PIN });

/** A throw-away CA made by openssl, to issue certificates for our CSRs. */
function makeCa(dir: string) {
  const key = path.join(dir, 'ca.key');
  const crt = path.join(dir, 'ca.crt');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', crt, '-subj', '/CN=Certwiz Test CA', '-days', '2'], { stdio: 'pipe' });
  return { key, crt };
}
function issue(dir: string, ca: { key: string; crt: string }, csrPem: string, name: string): Buffer {
  const csr = path.join(dir, `${name}.csr`);
  const out = path.join(dir, `${name}.der`);
  writeFileSync(csr, csrPem);
  execFileSync('openssl', ['x509', '-req', '-in', csr, '-CA', ca.crt, '-CAkey', ca.key, '-CAcreateserial', '-days', '1', '-outform', 'DER', '-out', out], { stdio: 'pipe' });
  return readFileSync(out);
}

describe('listTokens', () => {
  test('shows each card with label, serial, reader and the key types it can make', () => {
    const tokens = core.listTokens(SOFTHSM_MODULE).filter((t) => t.initialized);
    const mine = tokens.find((t) => t.label === 'Certwiz Card');
    assert.ok(mine, 'our token is listed');
    assert.equal(mine.serial, serialOf(hsm, 'Certwiz Card'));
    assert.equal(mine.manufacturer, 'SoftHSM project');
    assert.match(mine.slotDescription, /SoftHSM slot/);
    assert.deepEqual(mine.keyGenMechanisms, ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256', 'ec-p384']);
    assert.equal(mine.pinInfo.locked, false);
    assert.equal(mine.pinInfo.initialized, true);
    assert.equal(mine.pinInfo.minLength, 4);
    assert.ok(tokens.some((t) => t.label === 'Other Card'));
  });

  test('a card addressed by serial is found, a missing one is TOKEN_NOT_PRESENT naming the present ones', () => {
    const serial = serialOf(hsm, 'Other Card');
    assert.equal(core.findToken(serial, SOFTHSM_MODULE).info.label, 'Other Card');
    assert.throws(() => core.findToken('Certum Common Profile', SOFTHSM_MODULE), (e: any) => {
      assert.equal(e.code, 'TOKEN_NOT_PRESENT');
      assert.match(String(e.params.present), /Certwiz Card/);
      return true;
    });
  });
});

describe('PIN handling', () => {
  test('a wrong PIN is PIN_INCORRECT and the PIN never appears in the error', async () => {
    const err = await core.generateKeyOnToken({ ...target(), pin: '654321', alg: 'ec-p256', label: 'x' }).catch((e) => e);
    assert.equal(err.code, 'PIN_INCORRECT');
    assert.equal(err.exitCode, 4);
    assert.ok(!JSON.stringify({ m: err.message, p: err.params }).includes('654321'));
  });

  test('C_Login ran on the login worker thread, not the main thread', async () => {
    const { loginWorkerCount } = await import('../../electron/core/pkcs11/login-worker');
    assert.equal(loginWorkerCount(), 1);
  });

  test('a PIN shorter than the card allows is PIN_INVALID before any try is spent', async () => {
    const err = await core.generateKeyOnToken({ ...target(), pin: '12', alg: 'ec-p256', label: 'x' }).catch((e) => e);
    assert.equal(err.code, 'PIN_INVALID');
    assert.equal(err.params.min, 4);
  });

  test('an unknown module path is FILE_NOT_FOUND, a relative one INVALID_INPUT', () => {
    assert.throws(() => core.listTokens('/nonexistent/libnothing.so'), { code: 'FILE_NOT_FOUND' });
    assert.throws(() => core.listTokens('libsofthsm2.so'), { code: 'INVALID_INPUT' });
  });

  test('a file that is not a PKCS#11 library is TOKEN_ERROR', () => {
    const fake = path.join(hsm.dir, 'fake.so');
    writeFileSync(fake, 'not a library');
    assert.throws(() => core.listTokens(fake), { code: 'TOKEN_ERROR' });
  });
});

for (const alg of ['rsa-2048', 'ec-p256', 'ec-p384'] as const) {
  describe(`${alg} on the card`, () => {
    let ckaId = '';
    let csrPem = '';
    const label = `Certwiz ${alg}`;

    test('generates a sensitive, non-extractable pair that pkcs11-tool lists with one ID', async () => {
      const phases: string[] = [];
      const key = await core.generateKeyOnToken({ ...target(), alg, label, onProgress: (p) => phases.push(p) });
      ckaId = key.ckaId;
      assert.match(ckaId, /^[0-9a-f]{40}$/);
      assert.deepEqual(phases, ['login', 'generating', 'reading-public-key', 'done']);
      assert.equal(key.tokenSerial, serialOf(hsm, 'Certwiz Card'));
      const listing = hsm.pkcs11Tool(['--token-label', 'Certwiz Card', '--login', '--pin', PIN, '--list-objects']);
      const blocks = listing.split(/\n(?=\S)/).filter((b) => b.includes(`ID:         ${ckaId}`));
      const priv = blocks.find((b) => b.startsWith('Private Key Object'));
      const pub = blocks.find((b) => b.startsWith('Public Key Object'));
      assert.ok(priv && pub, `both keys listed with ID ${ckaId}:\n${listing}`);
      assert.match(priv, new RegExp(`label:\\s+${label}`));
      assert.match(priv, /Access:\s+.*\bsensitive\b/);
      assert.match(priv, /never extractable/);
      assert.match(priv, /Usage:\s+.*sign/);
      // The SPKI we return is the key on the card: for RSA, pkcs11-tool's own export of it; for EC
      // (its export fails on P-384 here) the point it lists, which is the SPKI's BIT STRING tail.
      if (alg.startsWith('rsa')) {
        const exported = path.join(hsm.dir, `${alg}.pub.der`);
        hsm.pkcs11Tool(['--token-label', 'Certwiz Card', '--read-object', '--type', 'pubkey', '--id', ckaId, '-o', exported]);
        assert.deepEqual(Buffer.from(key.publicKeySpki), readFileSync(exported));
      } else {
        const point = /EC_POINT:\s+04(?:81)?[0-9a-f]{2}(04[0-9a-f]+)/.exec(pub)?.[1];
        assert.ok(point, pub);
        assert.ok(Buffer.from(key.publicKeySpki).toString('hex').endsWith(point));
        assert.match(pub, /Usage:\s+verify\s*\n/);
      }
    });

    test('signs a CSR on the card that openssl req -verify accepts', async () => {
      csrPem = await core.withTokenCrypto({ ...target(), ckaId }, async (t) => {
        assert.equal(t.keyAlgorithm, alg);
        const csr = await x509.Pkcs10CertificateRequestGenerator.create(
          { name: `CN=${label}, O=Certwiz`, keys: t.keys, signingAlgorithm: t.signingAlgorithm },
          t.crypto,
        );
        return csr.toString('pem');
      });
      const file = path.join(hsm.dir, `${alg}.csr`);
      writeFileSync(file, csrPem);
      const out = execFileSync('openssl', ['req', '-in', file, '-verify', '-noout', '-text'], { encoding: 'utf8', stdio: 'pipe' });
      assert.match(out, new RegExp(`CN\\s*=\\s*${label}`));
      if (alg === 'ec-p384') assert.match(out, /ecdsa-with-SHA384/);
      if (alg === 'rsa-2048') assert.match(out, /sha256WithRSAEncryption/);
    });

    test('writes the issued certificate next to the key with the same ID; again is a no-op', async () => {
      const ca = makeCa(hsm.dir);
      const der = issue(hsm.dir, ca, csrPem, alg);
      const caDer = readFileSync(ca.crt, 'utf8');
      const caCert = new x509.X509Certificate(caDer);
      const r = await core.writeCertificateToToken({ ...target(), ckaId, certificateDer: der, chainDer: [new Uint8Array(caCert.rawData)] });
      assert.deepEqual(r, { certificateWritten: true, caCertificatesWritten: 1 });
      const again = await core.writeCertificateToToken({ ...target(), ckaId, certificateDer: der, chainDer: [new Uint8Array(caCert.rawData)] });
      assert.deepEqual(again, { certificateWritten: false, caCertificatesWritten: 0 });
      const listing = hsm.pkcs11Tool(['--token-label', 'Certwiz Card', '--list-objects', '--type', 'cert']);
      const mine = listing.split(/\n(?=\S)/).filter((b) => b.includes(`ID:         ${ckaId}`));
      assert.equal(mine.length, 1, listing);
      assert.match(mine[0], new RegExp(`label:\\s+${label}`));
      // The stored bytes are the certificate.
      const back = path.join(hsm.dir, `${alg}.back.der`);
      hsm.pkcs11Tool(['--token-label', 'Certwiz Card', '--read-object', '--type', 'cert', '--id', ckaId, '-o', back]);
      assert.deepEqual(readFileSync(back), der);
    });
  });
}

describe('refusals', () => {
  test('a certificate for another key is refused and nothing is written', async () => {
    const key = await core.generateKeyOnToken({ ...target(), alg: 'ec-p256', label: 'Mismatch' });
    const other = path.join(hsm.dir, 'other.crt');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path.join(hsm.dir, 'other.key'), '-out', other, '-outform', 'DER', '-subj', '/CN=Other', '-days', '1'], { stdio: 'pipe' });
    const err = await core.writeCertificateToToken({ ...target(), ckaId: key.ckaId, certificateDer: readFileSync(other) }).catch((e) => e);
    assert.equal(err.code, 'INVALID_INPUT');
    assert.equal(err.params.reason, 'key-mismatch');
    const objs = await core.describeTokenObjects({ ...target(), ckaId: key.ckaId });
    assert.deepEqual(objs.map((o) => o.class).sort(), ['PRIVATE_KEY', 'PUBLIC_KEY']);
    assert.deepEqual(await core.deleteTokenObjects({ ...target(), ckaId: key.ckaId }), { deleted: 2 });
    assert.deepEqual(await core.describeTokenObjects({ ...target(), ckaId: key.ckaId }), []);
  });

  test('the key of a request is not on another card: NO_PENDING_KEY', async () => {
    const key = await core.generateKeyOnToken({ ...target(), alg: 'ec-p256', label: 'Pending' });
    // Asked without a PIN, as `complete` does before prompting.
    assert.equal(core.tokenHasKey({ module: SOFTHSM_MODULE, token: 'Certwiz Card', ckaId: key.ckaId }), true);
    assert.equal(core.tokenHasKey({ module: SOFTHSM_MODULE, token: 'Other Card', ckaId: key.ckaId }), false);
    const err = await core.getTokenCrypto({ module: SOFTHSM_MODULE, token: 'Other Card', pin: '999999', ckaId: key.ckaId }).catch((e) => e);
    assert.equal(err.code, 'NO_PENDING_KEY');
  });

  test('cancelling during generation leaves nothing on the card', async () => {
    const before = hsm.pkcs11Tool(['--token-label', 'Certwiz Card', '--login', '--pin', PIN, '--list-objects']);
    const ac = new AbortController();
    const err = await core
      .generateKeyOnToken({ ...target(), alg: 'rsa-2048', label: 'Cancelled', signal: ac.signal, onProgress: (p) => p === 'generating' && ac.abort() })
      .catch((e) => e);
    assert.equal(err.code, 'CANCELLED');
    const afterList = hsm.pkcs11Tool(['--token-label', 'Certwiz Card', '--login', '--pin', PIN, '--list-objects']);
    assert.equal(afterList, before);
    assert.doesNotMatch(afterList, /Cancelled/);
  });
});

describe('with the rest of the core', () => {
  test("core/csr.ts's buildCsr signs on the card with the token's crypto (S/MIME subject)", async () => {
    const { buildCsr } = await import('../../electron/core/csr');
    const key = await core.generateKeyOnToken({ ...target(), alg: 'rsa-2048', label: 'Certum S/MIME jan@example.com' });
    const built = await core.withTokenCrypto({ ...target(), ckaId: key.ckaId }, (t) =>
      buildCsr(
        {
          rdns: [
            { type: 'CN', value: 'Jan Kowalski', display: 'Jan Kowalski', encoding: 'utf8' },
            { type: 'E', value: 'jan@example.com', display: 'jan@example.com', encoding: 'ia5' },
          ],
          sans: [{ type: 'email', value: 'jan@example.com', display: 'jan@example.com' }],
          extendedKeyUsage: ['1.3.6.1.5.5.7.3.4'],
        },
        t.keys,
        t.signingAlgorithm,
        t.crypto,
      ),
    );
    const file = path.join(hsm.dir, 'smime.csr');
    writeFileSync(file, built.pem);
    const out = execFileSync('openssl', ['req', '-in', file, '-verify', '-noout', '-text'], { encoding: 'utf8', stdio: 'pipe' });
    assert.match(out, /email:jan@example.com/);
    assert.match(out, /E-mail Protection/);
    const pub = execFileSync('openssl', ['req', '-in', file, '-pubkey', '-noout'], { encoding: 'utf8' });
    assert.deepEqual(createPublicKey(pub).export({ type: 'spki', format: 'der' }), Buffer.from(key.publicKeySpki));
  });

  test('the event loop keeps running while the card generates RSA 4096 (C_GenerateKeyPair off the main thread)', async () => {
    // Measured from 'generating' to 'reading-public-key': C_GenerateKeyPair is the call that takes
    // minutes on a card and runs on the thread pool; C_Login has no asynchronous form in PKCS#11.
    let last = 0;
    let worst = 0;
    let ticks = 0;
    let measuring = false;
    const timer = setInterval(() => {
      const now = performance.now();
      if (measuring && last) worst = Math.max(worst, now - last);
      if (measuring) ticks++;
      last = now;
    }, 5);
    const started = performance.now();
    try {
      await core.generateKeyOnToken({
        ...target(),
        alg: 'rsa-4096',
        label: 'Responsive',
        onProgress: (p) => {
          if (p === 'generating') {
            measuring = true;
            last = performance.now();
          }
          if (p === 'reading-public-key') measuring = false;
        },
      });
    } finally {
      clearInterval(timer);
    }
    const took = performance.now() - started;
    // A synchronous C_GenerateKeyPair would give 0 ticks and one gap as long as the generation.
    // The strict 100 ms target is measured by the bench (benchTokenKeygen): on this shared 2-core
    // machine the scheduler alone can delay a timer by 200 ms, which says nothing about us.
    const expected = took / 5;
    assert.ok(ticks > expected / 4, `the timer ran during generation (${ticks} of ~${expected.toFixed(0)} ticks in ${took.toFixed(0)} ms)`);
    assert.ok(worst < Math.max(100, took / 4), `worst event-loop gap ${worst.toFixed(1)} ms during ${took.toFixed(0)} ms of generation`);
  });
});

describe('bench', () => {
  test('benchTokenKeygen times us and pkcs11-tool on the same token and leaves it clean', async () => {
    const { benchTokenKeygen } = await import('../../electron/core/pkcs11/bench');
    const r = await benchTokenKeygen({ module: SOFTHSM_MODULE, token: 'Other Card', pin: '999999', alg: 'ec-p256', runs: 1, env: hsm.env });
    assert.equal(r.runs, 1);
    for (const v of [r.ours.keygenMs, r.ours.signMs, r.peer.keygenMs, r.peer.signMs, r.ratio.keygen, r.ratio.sign]) {
      assert.ok(Number.isFinite(v) && v > 0);
    }
    const left = hsm.pkcs11Tool(['--token-label', 'Other Card', '--login', '--pin', '999999', '--list-objects']);
    assert.doesNotMatch(left, /bench-/);
  });
});
