import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeRdnValue, formatSubject } from '../../shared/dn';
import type { NormalizedSubject } from '../../shared/subject';
import { buildCsr, describeCsr } from '../../electron/core/csr';
import { generateKeyPair } from '../../electron/core/keys';
import { subjectOf, writeCsr } from '../csr/openssl';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'certwiz-dn-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('RFC 4514 text of a subject', () => {
  test('escapes special characters, leading # and space, trailing space, controls', () => {
    assert.equal(escapeRdnValue('A, B + "C" \\ <d>; e'), 'A\\, B \\+ \\"C\\" \\\\ \\<d\\>\\; e');
    assert.equal(escapeRdnValue('#1'), '\\#1');
    assert.equal(escapeRdnValue(' x '), '\\ x\\ ');
    assert.equal(escapeRdnValue(' '), '\\ ');
    assert.equal(escapeRdnValue('a\u0000b\u001bc'), 'a\\00b\\1Bc');
    assert.equal(escapeRdnValue('香港 # 1'), '香港 # 1');
  });

  test('equals OpenSSL\'s RFC2253 output, for what we build and for what describeCsr reads back', async () => {
    // Values the field rules would never let through (they trim and refuse controls), built
    // directly: describeCsr must still print a foreign CSR the way OpenSSL does.
    const n: NormalizedSubject = {
      rdns: [
        { type: 'C', value: 'HK', display: 'HK', encoding: 'printable' },
        { type: 'O', value: ' lead, "x"', display: ' lead, "x"', encoding: 'utf8' },
        { type: 'OU', value: '#hash trail ', display: '#hash trail ', encoding: 'utf8' },
        { type: 'L', value: 'a\u0001b', display: 'a\u0001b', encoding: 'utf8' },
        { type: 'CN', value: 'www.xn--zfru1g2vn33etpw.com', display: 'www.我的服务器.com', encoding: 'printable' },
        { type: 'E', value: 'a+b@example.com', display: 'a+b@example.com', encoding: 'ia5' },
      ],
      sans: [],
      extendedKeyUsage: [],
    };
    const kp = await generateKeyPair('ec-p256');
    const { pem } = await buildCsr(n, kp, 'ec-p256');
    const file = writeCsr(dir, 'dn.csr', pem);
    const expected = subjectOf(file);
    assert.equal(formatSubject(n, 'encoded'), expected);
    const d = await describeCsr(pem);
    assert.equal(d.subject, expected);
    assert.equal(
      d.subjectDisplay,
      'emailAddress=a\\+b@example.com,CN=www.我的服务器.com,L=a\\01b,OU=\\#hash trail\\ ,O=\\ lead\\, \\"x\\",C=HK',
    );
  });
});
