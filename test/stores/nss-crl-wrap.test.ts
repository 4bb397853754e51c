/**
 * `crlutil -L -n NICK` wraps a long issuer name at a fixed column, even inside a word (recorded
 * below from crlutil 3.x on this machine with the practice CA's ARL). Without joining the pieces,
 * the installed ARL matched no CA and the chain view said "revocation not checked".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCrlInfo } from '../../electron/core/stores/nss-parse';

const RECORDED = `CRL Info:
:
    Version: 2 (0x1)
    Signature Algorithm: X9.62 ECDSA signature with SHA256
    Issuer: "CN=Certwiz Practice Root CA - not trusted,O=Certwiz Practice (no
        t trusted)"
    This Update: Sun Nov 22 00:22:36 2026
    Next Update: Mon Nov 22 00:23:36 2027
    Entry 1 (0x1):
        Serial Number:
            03:9f:01:f6:66:f7:37:ce:12:84:02:a5:a4:f7:e4:6f
        Revocation Date: Sat Nov 21 00:23:36 2026
`;

test('a wrapped issuer name is joined; serials and dates still read', () => {
  const info = parseCrlInfo(RECORDED);
  assert.equal(info.issuer, 'CN=Certwiz Practice Root CA - not trusted,O=Certwiz Practice (not trusted)');
  assert.equal(info.nextUpdate?.toISOString(), '2027-11-22T00:23:36.000Z');
  assert.ok(info.revoked.has('39f01f666f737ce128402a5a4f7e46f'));
});
