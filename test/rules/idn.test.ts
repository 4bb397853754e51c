import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { domainToASCII, domainToUnicode as nodeToUnicode } from 'node:url';
import { domainToAscii, domainToUnicode, punycodeDecode, type DomainResult } from '../../shared/idn';

const opts = { allowWildcard: true, allowIdn: true };
const problem = (r: DomainResult) => (r.ok ? 'ok' : r.problem);

describe('domainToAscii (IDNA A-labels for the CSR)', () => {
  test('encodes the guide 004 example exactly', () => {
    const r = domainToAscii('www.我的服务器.com', opts);
    assert.deepEqual(r, {
      ok: true,
      ascii: 'www.xn--zfru1g2vn33etpw.com',
      unicode: 'www.我的服务器.com',
      wildcard: false,
      idn: true,
    });
  });

  test('agrees with Node (ICU) on a spread of internationalised names', () => {
    for (const name of ['例子.香港', 'bücher.example', 'faß.de', 'пример.рф', 'مثال.إختبار', 'xn--fsqu00a.com', '政府.hk']) {
      const r = domainToAscii(name, opts);
      assert.ok(r.ok, name);
      assert.equal(r.ascii, domainToASCII(name), name);
      assert.equal(r.unicode, nodeToUnicode(r.ascii), name);
    }
  });

  test('accepts the A-label form typed directly and shows its U-labels (guide 004 B 4 option 2)', () => {
    const r = domainToAscii('WWW.XN--ZFRU1G2VN33ETPW.COM', opts);
    assert.ok(r.ok);
    assert.equal(r.ascii, 'www.xn--zfru1g2vn33etpw.com');
    assert.equal(r.unicode, 'www.我的服务器.com');
  });

  test('treats ideographic full stops from Chinese input methods as dots', () => {
    const r = domainToAscii('www。例子。com', opts);
    assert.ok(r.ok);
    assert.equal(r.ascii, 'www.xn--fsqu00a.com');
  });

  test('keeps a left-most wildcard and encodes the rest', () => {
    const r = domainToAscii('*.我的服务器.com', opts);
    assert.ok(r.ok);
    assert.equal(r.ascii, '*.xn--zfru1g2vn33etpw.com');
    assert.equal(r.wildcard, true);
  });

  const refusals: Array<[string, string]> = [
    ['', 'empty'],
    ['a..example.com', 'emptyLabel'],
    ['example.com.', 'emptyLabel'],
    [`${'a'.repeat(64)}.com`, 'labelTooLong'],
    [`${`${'a'.repeat(60)}.`.repeat(5)}com`, 'nameTooLong'],
    ['ex_ample.com', 'invalidCharacters'],
    ['a%41.com', 'invalidCharacters'],
    ['a b.com', 'invalidCharacters'],
    ['a/b.com', 'invalidCharacters'],
    ['user@example.com', 'invalidCharacters'],
    ['💩.la', 'invalidCharacters'],
    ['-abc.com', 'hyphenPosition'],
    ['abc-.com', 'hyphenPosition'],
    ['ab--cd.com', 'hyphenPosition'],
    ['xn--zz.com', 'badPunycode'],
    ['xn--a.com', 'badPunycode'],
    ['xn--abc.com', 'badPunycode'],
    ['xn--abc-.com', 'hyphenPosition'],
    ['1.2.3.4', 'ipAddress'],
    ['0x7f.1', 'ipAddress'],
    ['www.123', 'numericTopLevel'],
    ['localhost', 'notFullyQualified'],
    ['www.*.example.com', 'wildcardNotLeftmost'],
    ['*.*.example.com', 'wildcardNotLeftmost'],
    ['w*.example.com', 'wildcardPartialLabel'],
    ['*.com', 'wildcardTooBroad'],
  ];
  for (const [name, expected] of refusals) {
    test(`refuses ${JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)} as ${expected}`, () => {
      assert.equal(problem(domainToAscii(name, opts)), expected);
    });
  }

  test('refuses invisible and direction-override characters instead of letting the URL parser drop them', () => {
    assert.equal(problem(domainToAscii('a\u00adb.com', opts)), 'invalidCharacters'); // soft hyphen
    assert.equal(problem(domainToAscii('a\u202eb.com', opts)), 'invalidCharacters'); // RLO
    assert.equal(problem(domainToAscii('\u200d.com', opts)), 'invalidCharacters'); // ZWJ
  });

  test('refuses a name the URL parser would silently change beyond case and width', () => {
    // Cherokee small letters case-fold to capitals in UTS #46: the name encoded is not the one typed.
    assert.equal(problem(domainToAscii('\uab70bc.com', opts)), 'invalidCharacters');
    // Case folding is Certwiz's own, so ẞ is ß here whichever UTS #46 version the runtime has.
    const sharp = domainToAscii('STRAẞE.de', opts);
    assert.ok(sharp.ok && sharp.ascii === 'xn--strae-oqa.de' && sharp.unicode === 'straße.de');
    const greek = domainToAscii('ΣΑΣ.gr', opts); // upper case is fine, even with a final sigma
    assert.ok(greek.ok && greek.ascii === domainToASCII('σασ.gr'));
  });

  test('honours the profile switches for wildcards and IDNs', () => {
    assert.equal(problem(domainToAscii('*.example.com', { allowWildcard: false, allowIdn: true })), 'wildcardNotAllowed');
    assert.equal(problem(domainToAscii('www.*.example.com', { allowWildcard: false, allowIdn: true })), 'wildcardNotAllowed');
    assert.equal(problem(domainToAscii('例子.com', { allowWildcard: true, allowIdn: false })), 'idnNotAllowed');
    assert.equal(problem(domainToAscii('xn--fsqu00a.com', { allowWildcard: true, allowIdn: false })), 'idnNotAllowed');
  });
});

describe('punycode decoder (RFC 3492 §6.2)', () => {
  test('decodes the RFC 3492 §7.1 samples', () => {
    assert.equal(punycodeDecode('egbpdaj6bu4bxfgehfvwxn'), 'ليهمابتكلموشعربي؟'); // (A) Arabic
    assert.equal(punycodeDecode('ihqwcrb4cv8a8dqg056pqjye'), '他们为什么不说中文'); // (B) Chinese
    assert.equal(punycodeDecode('3B-ww4c5e180e575a65lsy2b'), '3年B組金八先生'); // (L) mixed
    assert.equal(punycodeDecode('-> $1.00 <--'), '-> $1.00 <-'); // (S) all basic
  });

  test('returns null for invalid input rather than throwing', () => {
    for (const bad of ['zz', '99999999999999999', 'a-!', 'ü-abc']) assert.equal(punycodeDecode(bad), null, bad);
  });

  test('domainToUnicode shows undecodable labels unchanged', () => {
    assert.equal(domainToUnicode('www.xn--zfru1g2vn33etpw.com'), 'www.我的服务器.com');
    assert.equal(domainToUnicode('xn--zz.example.com'), 'xn--zz.example.com');
  });
});
