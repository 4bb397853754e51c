/**
 * Fuzz (issue 3, "Bad input"): at least 1,000 mutated PFX files, deterministic (seeded PRNG).
 * Each must parse or fail with a CertwizError whose code is PFX_*; none may hang or crash.
 *
 * Seeds: our two profiles, OpenSSL -legacy (RC2/3DES), a plain no-MAC file (mutations reach the
 * bag parsers directly) and NSS's BER output. A second pass mutates the inside of the
 * authenticated safe and re-computes a valid MAC, so damage gets past the integrity check into
 * decryption and bag parsing. Iterations are capped low for the fuzz run (the cap is checked
 * before any KDF work), which bounds the time per file.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import { CertwizError } from '../../shared/errors';
import { readPfx, writePfx } from '../../electron/core/pkcs12';
import { bmpPassword } from '../../electron/core/pkcs12/kdf';
import { computeMac } from '../../electron/core/pkcs12/mac';
import { makePki, must, nssDb, prng, type Pki } from './peers';

const PASSWORD = 'fuzz-pw';
const LIMITS = { maxIterations: 20_000, maxTotalIterations: 80_000 };
let pki: Pki;
const seeds: { name: string; bytes: Uint8Array }[] = [];

before(() => {
  pki = makePki();
  const key = crypto.createPrivateKey(pki.read('ec.key'));
  const chain = [pki.text('sub.pem'), pki.text('root.pem')];
  seeds.push({ name: 'ours-aes', bytes: writePfx({ key, certificate: pki.text('ec.pem'), chain, profile: 'aes256-sha256', password: PASSWORD, friendlyName: 'f' }) });
  seeds.push({ name: 'ours-3des-plaincerts', bytes: writePfx({ key, certificate: pki.text('ec.pem'), chain, profile: '3des-sha1', password: PASSWORD, privacy: false }) });
  must(pki.dir, 'openssl', ['pkcs12', '-export', '-legacy', '-inkey', 'ec.key', '-in', 'ec.pem', '-certfile', 'chain.pem', '-out', 'legacy.p12', '-passout', `pass:${PASSWORD}`]);
  seeds.push({ name: 'openssl-legacy', bytes: pki.read('legacy.p12') });
  must(pki.dir, 'openssl', ['pkcs12', '-export', '-nomac', '-keypbe', 'NONE', '-certpbe', 'NONE', '-inkey', 'ec.key', '-in', 'ec.pem', '-certfile', 'chain.pem', '-name', 'n', '-out', 'plain.p12', '-passout', `pass:${PASSWORD}`]);
  seeds.push({ name: 'openssl-plain-nomac', bytes: pki.read('plain.p12') });
  const db = nssDb(pki, 'nssdb');
  must(pki.dir, 'pk12util', ['-i', 'legacy.p12', '-d', `sql:${db}`, '-W', PASSWORD]);
  const nick = must(pki.dir, 'certutil', ['-L', '-d', `sql:${db}`]).stdout.split('\n').find((l) => / u,u,u\s*$/.test(l))!.replace(/\s+u,u,u\s*$/, '');
  must(pki.dir, 'pk12util', ['-o', 'nss.p12', '-n', nick, '-d', `sql:${db}`, '-W', PASSWORD]);
  seeds.push({ name: 'nss-ber', bytes: pki.read('nss.p12') });
  for (const s of seeds) readPfx(s.bytes, PASSWORD, s.name === 'nss-ber' ? {} : LIMITS); // every seed is valid
});

function mutate(src: Uint8Array, rnd: () => number): Uint8Array {
  const b = Buffer.from(src);
  const at = () => Math.floor(rnd() * b.length);
  switch (Math.floor(rnd() * 7)) {
    case 0: { // flip 1-8 bits
      const n = 1 + Math.floor(rnd() * 8);
      for (let i = 0; i < n; i++) b[at()] ^= 1 << Math.floor(rnd() * 8);
      return b;
    }
    case 1: { // random bytes
      const n = 1 + Math.floor(rnd() * 4);
      for (let i = 0; i < n; i++) b[at()] = Math.floor(rnd() * 256);
      return b;
    }
    case 2: // truncate
      return b.subarray(0, at());
    case 3: { // delete a range
      const s = at();
      return Buffer.concat([b.subarray(0, s), b.subarray(Math.min(b.length, s + 1 + Math.floor(rnd() * 64)))]);
    }
    case 4: { // insert random bytes
      const s = at();
      return Buffer.concat([b.subarray(0, s), crypto.randomBytes(1 + Math.floor(rnd() * 16)).map(() => Math.floor(rnd() * 256)), b.subarray(s)]);
    }
    case 5: { // length / tag bytes to extremes (0x80 indefinite, 0x84 + huge, 0xff)
      const s = at();
      b[s] = [0x80, 0x84, 0xff, 0x00, 0x7f, 0x30, 0xa0, 0x04][Math.floor(rnd() * 8)];
      return b;
    }
    default: { // duplicate a chunk
      const s = at();
      const len = 1 + Math.floor(rnd() * 200);
      return Buffer.concat([b.subarray(0, s), b.subarray(s, s + len), b.subarray(s)]);
    }
  }
}

/** Mutates the authenticated safe's content and gives the PFX a valid SHA-256 MAC again. */
function mutateInside(src: Uint8Array, rnd: () => number): Uint8Array | null {
  const pfx = asn1js.fromBER(new Uint8Array(src).buffer).result as asn1js.Sequence;
  const [version, authSafe] = pfx.valueBlock.value;
  const inner = ((authSafe as asn1js.Sequence).valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.OctetString;
  const content = mutate(new Uint8Array(inner.getValue()), rnd);
  const salt = crypto.randomBytes(8);
  const mac = computeMac('sha256', bmpPassword(PASSWORD), salt, 1, content);
  const out = new asn1js.Sequence({
    value: [
      version,
      new asn1js.Sequence({
        value: [
          new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.1' }),
          new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.OctetString({ valueHex: new Uint8Array(content).buffer })] }),
        ],
      }),
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '2.16.840.1.101.3.4.2.1' }), new asn1js.Null()] }), new asn1js.OctetString({ valueHex: new Uint8Array(mac).buffer })] }),
          new asn1js.OctetString({ valueHex: new Uint8Array(salt).buffer }),
          new asn1js.Integer({ value: 1 }),
        ],
      }),
    ],
  });
  return new Uint8Array(out.toBER(false));
}

test('should parse or fail with a PFX_* code for 1,200 mutated files, none hanging', () => {
  const rnd = prng(0x5eed_1207);
  const outcomes = new Map<string, number>();
  let slowest = 0;
  const t0 = Date.now();
  const total = 1200;
  for (let i = 0; i < total; i++) {
    const seed = seeds[i % seeds.length];
    const inside = i % 2 === 1 && seed.name !== 'nss-ber';
    const bytes = inside ? mutateInside(seed.bytes, rnd)! : mutate(seed.bytes, rnd);
    const t = Date.now();
    let outcome = 'ok';
    try {
      const c = readPfx(bytes, PASSWORD, LIMITS);
      assert.ok(Array.isArray(c.certificates) && Array.isArray(c.keys));
    } catch (err) {
      if (!(err instanceof CertwizError) || !err.code.startsWith('PFX_')) {
        assert.fail(`file ${i} (${seed.name}${inside ? ', inside' : ''}) threw ${err instanceof CertwizError ? err.code : String(err)}`);
      }
      outcome = err.code;
    }
    slowest = Math.max(slowest, Date.now() - t);
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  const elapsed = Date.now() - t0;
  console.log(`fuzz: ${total} files in ${elapsed} ms, slowest ${slowest} ms`, Object.fromEntries(outcomes));
  assert.ok(slowest < 2000, `slowest file ${slowest} ms`);
  assert.ok(elapsed < 60_000);
  assert.ok((outcomes.get('PFX_CORRUPT') ?? 0) > 100, 'the mutations reach the parsers');
});
