import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FORM_FIELDS, RULES, defaultForm, validateRequest } from '../../shared/fields';
import { formatSan, formatSubject } from '../../shared/dn';
import { EKU_EMAIL_PROTECTION, EKU_SERVER_AUTH, PROFILES, getProfile } from '../../shared/profiles';
import type { KeyAlgorithm, SubjectForm } from '../../shared/ipc';
import type { FieldIssue, ValidationResult } from '../../shared/subject';

const hk = getProfile('hkpost-server')!;
const server = getProfile('generic-server')!;
const email = getProfile('generic-email')!;

const form = (f: Partial<SubjectForm>): SubjectForm => ({ cn: '', sans: [], ...f });
const hkForm = (f: Partial<SubjectForm> = {}) => form({ cn: 'www.myserver.com', o: 'My Organization', ou: 'My Organization Unit', ...f });
const issues = (r: ValidationResult) => r.issues.map((i) => `${i.field}:${i.rule}`);
function ok(r: ValidationResult) {
  assert.deepEqual(r.issues, [], 'expected no issues');
  assert.ok(r.ok && r.normalized);
  return r.normalized;
}

describe('profiles', () => {
  test('lists the three profiles of issue 2, each citing its sources', () => {
    assert.deepEqual(
      PROFILES.map((p) => p.id),
      ['hkpost-server', 'generic-server', 'generic-email'],
    );
    for (const p of PROFILES) {
      assert.ok(p.sources.length > 0, p.id);
      assert.ok(p.keyAlgorithms.includes(p.defaultKeyAlgorithm), p.id);
    }
    assert.equal(getProfile('nope'), undefined);
  });

  test('HK Post: RSA 2048 only, C fixed HK, ST and L default to Hong Kong, serverAuth', () => {
    assert.deepEqual(hk.keyAlgorithms, ['rsa-2048']);
    assert.deepEqual(defaultForm(hk), { cn: '', sans: [], l: 'Hong Kong', st: 'Hong Kong', c: 'HK' });
    assert.deepEqual(hk.extendedKeyUsage, [EKU_SERVER_AUTH]);
    assert.deepEqual(server.keyAlgorithms, ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256', 'ec-p384']);
    assert.deepEqual(email.extendedKeyUsage, [EKU_EMAIL_PROTECTION]);
  });
});

describe('validateRequest: what each profile accepts', () => {
  test('HK Post, guide 004 example: defaults filled in, IDN as A-labels, order C ST L O OU CN', () => {
    const n = ok(validateRequest(hk, hkForm({ cn: 'www.我的服务器.com' }), 'rsa-2048'));
    assert.deepEqual(
      n.rdns.map((r) => [r.type, r.value, r.encoding]),
      [
        ['C', 'HK', 'printable'],
        ['ST', 'Hong Kong', 'printable'],
        ['L', 'Hong Kong', 'printable'],
        ['O', 'My Organization', 'printable'],
        ['OU', 'My Organization Unit', 'printable'],
        ['CN', 'www.xn--zfru1g2vn33etpw.com', 'printable'],
      ],
    );
    assert.equal(n.rdns[5].display, 'www.我的服务器.com');
    assert.equal(
      formatSubject(n, 'encoded'),
      'CN=www.xn--zfru1g2vn33etpw.com,OU=My Organization Unit,O=My Organization,L=Hong Kong,ST=Hong Kong,C=HK',
    );
    assert.equal(
      formatSubject(n, 'display'),
      'CN=www.我的服务器.com,OU=My Organization Unit,O=My Organization,L=Hong Kong,ST=Hong Kong,C=HK',
    );
    assert.deepEqual(n.sans, [], 'HK Post assigns the other names itself (guide 004 B 4)');
    assert.deepEqual(n.extendedKeyUsage, [EKU_SERVER_AUTH]);
  });

  test('HK Post: a wildcard CN is UTF8String (PrintableString has no *)', () => {
    const n = ok(validateRequest(hk, hkForm({ cn: '*.myserver.com' }), 'rsa-2048'));
    assert.deepEqual(n.rdns.find((r) => r.type === 'CN'), {
      type: 'CN',
      value: '*.myserver.com',
      display: '*.myserver.com',
      encoding: 'utf8',
    });
  });

  test('HK Post: a Chinese organisation name goes in as UTF8String', () => {
    const n = ok(validateRequest(hk, hkForm({ o: '香港特別行政區政府' }), 'rsa-2048'));
    assert.equal(n.rdns.find((r) => r.type === 'O')?.encoding, 'utf8');
  });

  test('generic server: the CN is added to the SANs, which are A-labels with U-label display', () => {
    const n = ok(validateRequest(server, form({ cn: 'Example.COM', sans: ['www.example.com', '', '*.例子.com'] }), 'ec-p256'));
    assert.equal(n.rdns.find((r) => r.type === 'CN')?.value, 'example.com');
    assert.deepEqual(
      n.sans.map((s) => formatSan(s, 'encoded')),
      ['DNS:example.com', 'DNS:www.example.com', 'DNS:*.xn--fsqu00a.com'],
    );
    assert.deepEqual(
      n.sans.map((s) => formatSan(s, 'display')),
      ['DNS:example.com', 'DNS:www.example.com', 'DNS:*.例子.com'],
    );
  });

  test('generic server: a CN already among the SANs is not added twice', () => {
    const n = ok(validateRequest(server, form({ cn: 'b.example.com', sans: ['a.example.com', 'B.example.com'] }), 'rsa-2048'));
    assert.deepEqual(n.sans.map((s) => s.value), ['a.example.com', 'b.example.com']);
  });

  test('generic e-mail: rfc822Name SAN and emailAddress (IA5String) with CN = the person', () => {
    const n = ok(validateRequest(email, form({ cn: 'Chan Tai Man 陳大文', email: 'TM.Chan@例子.香港', c: 'hk' }), 'rsa-2048'));
    assert.deepEqual(
      n.rdns.map((r) => [r.type, r.value, r.encoding]),
      [
        ['C', 'HK', 'printable'],
        ['CN', 'Chan Tai Man 陳大文', 'utf8'],
        ['E', 'TM.Chan@xn--fsqu00a.xn--j6w193g', 'ia5'],
      ],
    );
    assert.deepEqual(n.sans, [{ type: 'email', value: 'TM.Chan@xn--fsqu00a.xn--j6w193g', display: 'TM.Chan@例子.香港' }]);
    assert.deepEqual(n.extendedKeyUsage, [EKU_EMAIL_PROTECTION]);
  });

  test('trims and NFC-normalizes what was typed', () => {
    const n = ok(validateRequest(server, form({ cn: '  www.example.com\n', o: 'Cafe\u0301 Ltd ' }), 'rsa-2048'));
    assert.equal(n.rdns.find((r) => r.type === 'O')?.value, 'Café Ltd');
  });
});

describe('validateRequest: what each CA refuses, with the reason', () => {
  const cases: Array<[string, typeof hk, Partial<SubjectForm>, KeyAlgorithm, string[]]> = [
    ['RSA 4096 for HK Post (guide 002 C)', hk, {}, 'rsa-4096', ['keyAlgorithm:keyAlgorithm.notAllowed']],
    ['EC for HK Post', hk, {}, 'ec-p256', ['keyAlgorithm:keyAlgorithm.notAllowed']],
    ['wildcard not left-most', hk, { cn: 'www.*.example.com' }, 'rsa-2048', ['cn:dns.wildcardNotLeftmost']],
    ['two wildcards', hk, { cn: '*.*.example.com' }, 'rsa-2048', ['cn:dns.wildcardNotLeftmost']],
    ['wildcard SAN not left-most', server, { cn: 'example.com', sans: ['www.*.example.com'] }, 'rsa-2048', ['sans.0:dns.wildcardNotLeftmost']],
    ['country HKG', server, { cn: 'example.com', c: 'HKG' }, 'rsa-2048', ['c:c.notTwoLetters']],
    ['country with a digit', server, { cn: 'example.com', c: 'H1' }, 'rsa-2048', ['c:c.notTwoLetters']],
    ['country other than HK for HK Post', hk, { c: 'CN' }, 'rsa-2048', ['c:field.fixedValue']],
    ['Chinese State/province where PrintableString is required', hk, { st: '香港' }, 'rsa-2048', ['st:field.notPrintable']],
    ['& in City/locality where PrintableString is required', hk, { l: 'Hong Kong & Kowloon' }, 'rsa-2048', ['l:field.notPrintable']],
    ['"HK" as State/province (guide 004: no abbreviations)', hk, { st: 'HK' }, 'rsa-2048', ['st:location.abbreviation']],
    ['"H.K." as City/locality', hk, { l: 'H.K.' }, 'rsa-2048', ['l:location.abbreviation']],
    ['"Kln" as City/locality', hk, { l: 'Kln' }, 'rsa-2048', ['l:location.abbreviation']],
    ['invalid IDN', hk, { cn: 'xn--zz.example.com' }, 'rsa-2048', ['cn:dns.badPunycode']],
    ['IP address as CN', server, { cn: '10.0.0.1' }, 'rsa-2048', ['cn:dns.ipAddress']],
    ['CN longer than 64 once encoded', hk, { cn: `${'a'.repeat(61)}.com` }, 'rsa-2048', ['cn:field.tooLong']],
    ['O longer than 64', hk, { o: 'o'.repeat(65) }, 'rsa-2048', ['o:field.tooLong']],
    ['OU longer than 64', server, { cn: 'example.com', ou: '部'.repeat(65) }, 'rsa-2048', ['ou:field.tooLong']],
    ['L longer than 128', server, { cn: 'example.com', l: 'l'.repeat(129) }, 'rsa-2048', ['l:field.tooLong']],
    ['ST longer than 128', server, { cn: 'example.com', st: 's'.repeat(129) }, 'rsa-2048', ['st:field.tooLong']],
    ['tab inside O', hk, { o: 'My\tOrganization' }, 'rsa-2048', ['o:field.controlCharacters']],
    ['line break inside CN', server, { cn: 'a.example.com\nb.example.com' }, 'rsa-2048', ['cn:field.controlCharacters']],
    ['NUL inside OU', server, { cn: 'example.com', ou: 'IT\u0000' + 'x' }, 'rsa-2048', ['ou:field.controlCharacters']],
    ['right-to-left override in O', server, { cn: 'example.com', o: 'Evil\u202eCorp' }, 'rsa-2048', ['o:field.invisibleCharacters']],
    ['lone surrogate in O', server, { cn: 'example.com', o: 'a\ud800b' }, 'rsa-2048', ['o:field.invisibleCharacters']],
    ['empty CN', server, { cn: '   ' }, 'rsa-2048', ['cn:field.required']],
    ['missing O for HK Post', hk, { o: '' }, 'rsa-2048', ['o:field.required']],
    ['duplicate SAN (case and IDN form)', server, { cn: 'example.com', sans: ['例子.com', 'XN--FSQU00A.COM'] }, 'rsa-2048', ['sans.1:san.duplicate']],
    ['e-mail on a server profile', hk, { email: 'a@example.com' }, 'rsa-2048', ['email:field.notInProfile']],
    ['DNS names on the e-mail profile', email, { cn: 'A B', email: 'a@example.com', sans: ['x.com'] }, 'rsa-2048', ['sans:field.notInProfile']],
    ['missing e-mail', email, { cn: 'A B' }, 'rsa-2048', ['email:field.required']],
    ['e-mail without @', email, { cn: 'A B', email: 'a.example.com' }, 'rsa-2048', ['email:email.invalid']],
    ['e-mail with a space', email, { cn: 'A B', email: 'a b@example.com' }, 'rsa-2048', ['email:email.invalid']],
    ['e-mail with a bad domain', email, { cn: 'A B', email: 'a@exa_mple.com' }, 'rsa-2048', ['email:email.invalidDomain']],
    ['e-mail with a non-ASCII local part', email, { cn: 'A B', email: '陳@example.com' }, 'rsa-2048', ['email:email.nonAsciiLocalPart']],
    ['e-mail local part over 64', email, { cn: 'A B', email: `${'a'.repeat(65)}@example.com` }, 'rsa-2048', ['email:email.localPartTooLong']],
    ['e-mail over 255', email, { cn: 'A B', email: `${'a'.repeat(60)}@${`${'b'.repeat(60)}.`.repeat(4)}com` }, 'rsa-2048', ['email:field.tooLong']],
  ];
  for (const [title, profile, f, alg, expected] of cases) {
    test(`refuses ${title}`, () => {
      const base = profile === hk ? hkForm(f) : form(f);
      const r = validateRequest(profile, base, alg);
      assert.equal(r.ok, false);
      assert.equal(r.normalized, undefined);
      assert.deepEqual(issues(r), expected);
    });
  }

  test('reports every problem at once, each with message, source and params', () => {
    const r = validateRequest(hk, hkForm({ cn: 'www.*.example.com', st: 'HK', l: '九龍', c: 'HKG', o: '' }), 'rsa-4096');
    assert.deepEqual(issues(r).sort(), [
      'c:c.notTwoLetters',
      'cn:dns.wildcardNotLeftmost',
      'keyAlgorithm:keyAlgorithm.notAllowed',
      'l:field.notPrintable',
      'o:field.required',
      'st:location.abbreviation',
    ]);
    for (const i of r.issues) {
      assert.ok(i.message.length > 0 && !/\{\w+\}/.test(i.message), `${i.rule}: unfilled placeholder in "${i.message}"`);
      assert.equal(i.source, RULES[i.rule].source);
      assert.ok(i.params && typeof i.params.label === 'string');
    }
    const alg = r.issues.find((i) => i.field === 'keyAlgorithm') as FieldIssue;
    assert.equal(alg.message, 'This CA does not accept rsa-4096 keys. Choose one of: rsa-2048.');
  });

  test('never throws on hostile input', () => {
    const nasty = ['\u0000', '\ud800', '%00', '\\', '"', '#', ' ', '.', '*', '@', 'xn--', 'a'.repeat(5000), '\u202e', '０', '\uFFFF'];
    for (const p of PROFILES) {
      for (const v of nasty) {
        const r = validateRequest(p, { cn: v, o: v, ou: v, l: v, st: v, c: v, email: v, sans: [v, v] }, 'rsa-2048');
        assert.equal(typeof r.ok, 'boolean');
      }
    }
  });
});

describe('rule catalogue', () => {
  test('every rule has an English message and a source; FORM_FIELDS is the guides\' order', () => {
    for (const [id, info] of Object.entries(RULES)) {
      assert.match(id, /^[a-zA-Z]+\.[a-zA-Z]+$/, id);
      assert.ok(info.message.length > 10 && info.source.length > 2, id);
    }
    assert.deepEqual([...FORM_FIELDS], ['cn', 'o', 'ou', 'l', 'st', 'c', 'email', 'sans']);
  });
});
