/**
 * The hand-written DER writer (electron/core/pkcs12/der.ts) against asn1js's encoder: lengths at
 * the short/long boundaries, minimal INTEGERs, OIDs with large arcs, BMPString, sorted SET OF.
 * (The PFX files it assembles are checked by the peers in write-peers.test.ts.)
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as asn1js from 'asn1js';
import * as der from '../../electron/core/pkcs12/der';

const ref = (v: asn1js.BaseBlock) => Buffer.from(v.toBER(false));

describe('DER writer', () => {
  test('INTEGER, OCTET STRING lengths, OID and BMPString as asn1js encodes them', () => {
    for (const n of [0, 1, 127, 128, 255, 256, 2048, 32767, 32768, 600000, 2 ** 31 - 1, 10_000_000]) {
      assert.deepEqual(der.integer(n), ref(new asn1js.Integer({ value: n })), `integer ${n}`);
    }
    for (const len of [0, 1, 127, 128, 255, 256, 65535, 65536, 70000]) {
      const bytes = Buffer.alloc(len, 7);
      assert.deepEqual(der.octets(bytes), ref(new asn1js.OctetString({ valueHex: bytes })), `octets ${len}`);
    }
    for (const o of ['1.2.840.113549.1.12.10.1.3', '2.16.840.1.101.3.4.1.42', '1.2.840.113549.1.9.21', '2.999.1', '1.3.6.1.4.1.311.17.1']) {
      assert.deepEqual(der.oid(o), ref(new asn1js.ObjectIdentifier({ value: o })), o);
    }
    for (const s of ['RSA leaf', 'Friendly 名前', '😀']) assert.deepEqual(der.bmpString(s), ref(new asn1js.BmpString({ value: s })), s);
    assert.throws(() => der.integer(-1));
    assert.throws(() => der.oid('1'));
  });

  test('SET OF is sorted by encoding; SEQUENCE and [0] wrap their parts', () => {
    const a = der.octets(Buffer.from([2]));
    const b = der.integer(5);
    assert.deepEqual(der.setOf(a, b), Buffer.from([0x31, 0x06, 0x02, 0x01, 0x05, 0x04, 0x01, 0x02]));
    assert.deepEqual(der.seq(der.NULL, der.explicit(0, der.NULL), der.implicitPrimitive(0, Buffer.from([9]))), Buffer.from([0x30, 0x09, 0x05, 0x00, 0xa0, 0x02, 0x05, 0x00, 0x80, 0x01, 0x09]));
  });
});
