/**
 * Bad input (issue 3, "Bad input"): each case fails with its stable code, quickly, and never
 * with a library exception: wrong password, truncated / garbage / empty files, over 10 MB, absurd
 * iteration counts (refused before any KDF work), unsupported schemes, a key without its
 * certificate, and a certificate-only file asked to restore a key.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import { CertwizError } from '../../shared/errors';
import { keyEntries, readPfx, writePfx } from '../../electron/core/pkcs12';
import { WorkBudget } from '../../electron/core/pkcs12/limits';
import { makePki, must, type Pki } from './peers';

let pki: Pki;
let good: Uint8Array;

/** Rebuilds a PFX with the MacData's iteration INTEGER replaced by these content bytes. */
function withMacIterations(bytes: Uint8Array, intHex: string): Uint8Array {
  const pfx = asn1js.fromBER(new Uint8Array(bytes).buffer).result as asn1js.Sequence;
  const [version, authSafe, macData] = pfx.valueBlock.value as asn1js.Sequence[];
  const [mac, salt] = macData.valueBlock.value;
  const iter = new asn1js.Integer({ valueHex: new Uint8Array(Buffer.from(intHex, 'hex')).buffer });
  const out = new asn1js.Sequence({ value: [version, authSafe, new asn1js.Sequence({ value: [mac, salt, iter] })] });
  return new Uint8Array(out.toBER(false));
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof CertwizError, `not a CertwizError: ${String(err)}`);
    assert.ok(!err.message.includes('pw-'), 'no password in the message');
    assert.ok(!JSON.stringify(err.params).includes('pw-'), 'no password in params');
    return err.code;
  }
  return 'NO_ERROR';
}

before(() => {
  pki = makePki();
  good = writePfx({ key: crypto.createPrivateKey(pki.read('ec.key')), certificate: pki.text('ec.pem'), profile: 'aes256-sha256', password: 'pw-right' });
});

describe('readPfx bad input', () => {
  test('should say PFX_BAD_PASSWORD for a wrong password, in both profiles', () => {
    const des = writePfx({ key: crypto.createPrivateKey(pki.read('ec.key')), certificate: pki.text('ec.pem'), profile: '3des-sha1', password: 'pw-right' });
    assert.equal(code(() => readPfx(good, 'pw-wrong')), 'PFX_BAD_PASSWORD');
    assert.equal(code(() => readPfx(des, 'pw-wrong')), 'PFX_BAD_PASSWORD');
    assert.equal(code(() => readPfx(good, '')), 'PFX_BAD_PASSWORD');
  });

  test('should say PFX_CORRUPT for truncated, garbage and empty files', () => {
    for (const n of [1, 2, 10, 100, good.length - 1]) assert.equal(code(() => readPfx(good.subarray(0, n), 'pw-right')), 'PFX_CORRUPT', `cut at ${n}`);
    assert.equal(code(() => readPfx(new Uint8Array(0), 'pw-right')), 'PFX_CORRUPT');
    assert.equal(code(() => readPfx(crypto.randomBytes(3000), 'pw-right')), 'PFX_CORRUPT');
    assert.equal(code(() => readPfx(Buffer.from(pki.text('ec.pem')), 'pw-right')), 'PFX_CORRUPT');
    assert.equal(code(() => readPfx(pki.read('ec.pem').subarray(0, 0), 'x')), 'PFX_CORRUPT');
  });

  test('should say PFX_TOO_LARGE above 10 MB without parsing', () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    assert.equal(code(() => readPfx(big, 'x')), 'PFX_TOO_LARGE');
  });

  test('should refuse absurd iteration counts before any KDF work', () => {
    for (const hex of ['7fffffff', '00ffffffff', '0100000000000000000000']) {
      const t = Date.now();
      assert.equal(code(() => readPfx(withMacIterations(good, hex), 'pw-right')), 'PFX_ITERATIONS_TOO_HIGH');
      assert.ok(Date.now() - t < 200, 'refused at once');
    }
    assert.equal(code(() => readPfx(withMacIterations(good, 'ff'), 'pw-right')), 'PFX_CORRUPT', 'negative count');
    // A lower cap from the caller applies to the bag encryption too.
    assert.equal(code(() => readPfx(good, 'pw-right', { maxIterations: 1000 })), 'PFX_ITERATIONS_TOO_HIGH');
  });

  test('should refuse a file with more than 10,000 bags (PFX_CORRUPT), quickly', () => {
    const bag = new asn1js.Sequence({
      value: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.12.10.1.5' }), new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '1.2.3' }), new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.OctetString()] })] })] })],
    });
    const one = new Uint8Array(bag.toBER(false));
    const contents = (count: number) => {
      const body = Buffer.concat(Array.from({ length: count }, () => one));
      // SEQUENCE with a 4-byte length, written by hand: asn1js is slow at 10,000 children.
      const len = Buffer.alloc(4);
      len.writeUInt32BE(body.length);
      return Buffer.concat([Buffer.from([0x30, 0x84]), len, body]);
    };
    const pfx = (count: number) => {
      const data = (der: Uint8Array) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.1' }), new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.OctetString({ valueHex: new Uint8Array(der).buffer })] })] });
      const authSafe = new asn1js.Sequence({ value: [data(contents(count))] }).toBER(false);
      return new Uint8Array(new asn1js.Sequence({ value: [new asn1js.Integer({ value: 3 }), data(new Uint8Array(authSafe))] }).toBER(false));
    };
    assert.equal(readPfx(pfx(10), 'x').certificates.length, 0, 'secret bags are skipped');
    const t = Date.now();
    assert.equal(code(() => readPfx(pfx(10_001), 'x')), 'PFX_CORRUPT');
    assert.ok(Date.now() - t < 5000);
  });

  test('should cap the total KDF work of one file', () => {
    const b = new WorkBudget(100, 250);
    b.spend(100);
    b.spend(100);
    assert.throws(() => b.spend(100), { code: 'PFX_ITERATIONS_TOO_HIGH' });
    assert.throws(() => new WorkBudget(100).spend(Infinity), { code: 'PFX_ITERATIONS_TOO_HIGH' });
  });

  test('should say PFX_UNSUPPORTED_ALGORITHM for a scheme Certwiz does not read (PBES2 with ARIA-256-CBC)', () => {
    must(pki.dir, 'openssl', ['pkcs12', '-export', '-inkey', 'ec.key', '-in', 'ec.pem', '-out', 'aria.p12', '-passout', 'pass:pw-x',
      '-keypbe', 'ARIA-256-CBC', '-certpbe', 'ARIA-256-CBC']);
    assert.equal(code(() => readPfx(pki.read('aria.p12'), 'pw-x')), 'PFX_UNSUPPORTED_ALGORITHM');
  });
});

describe('import selection', () => {
  test('should say PFX_NO_KEY for a certificate-only file', () => {
    must(pki.dir, 'openssl', ['pkcs12', '-export', '-nokeys', '-in', 'ec.pem', '-certfile', 'chain.pem', '-out', 'certs.p12', '-passout', 'pass:pw-x']);
    const c = readPfx(pki.read('certs.p12'), 'pw-x');
    assert.equal(c.certificates.length, 3);
    assert.equal(code(() => keyEntries(c)), 'PFX_NO_KEY');
  });

  test('should say PFX_KEY_WITHOUT_CERTIFICATE for a key alone', () => {
    must(pki.dir, 'openssl', ['pkcs12', '-export', '-nocerts', '-inkey', 'ec.key', '-out', 'key.p12', '-passout', 'pass:pw-x']);
    const c = readPfx(pki.read('key.p12'), 'pw-x');
    assert.equal(c.keys.length, 1);
    assert.equal(c.keys[0].certificateIndex, null);
    assert.equal(code(() => keyEntries(c)), 'PFX_KEY_WITHOUT_CERTIFICATE');
  });
});
