/**
 * The enroll form's plumbing (renderer/enroll/form.ts): what the user sees pre-filled and what
 * is sent to csr:create match the profile (HK Post: C fixed HK, ST/L "Hong Kong", guide 004 B 4).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_VALUES, applyProfileDefaults, issuesByField, sanLines, toSubjectForm } from '../../renderer/enroll/form';
import { getProfile } from '../../shared/profiles';
import { validateRequest } from '../../shared/fields';

describe('enroll form', () => {
  const hk = getProfile('hkpost-server')!;
  const email = getProfile('generic-email')!;

  test('HK Post pre-fills Country/region HK and the official Hong Kong names, keeping typed values', () => {
    const v = applyProfileDefaults(hk, { ...EMPTY_VALUES, c: 'US', l: 'Kowloon' });
    assert.equal(v.c, 'HK', 'a fixed value always wins');
    assert.equal(v.st, 'Hong Kong');
    assert.equal(v.l, 'Kowloon', 'what the user typed stays');
  });

  test('more domain names: one per line, blanks and spaces ignored', () => {
    assert.deepEqual(sanLines(' a.example.com \r\n\n b.example.com\n  '), ['a.example.com', 'b.example.com']);
  });

  test('fields the profile does not have are not sent', () => {
    const form = toSubjectForm(email, { ...EMPTY_VALUES, cn: 'Chan Tai Man', email: 'chan@example.com', sans: 'x.example.com', o: '' });
    assert.deepEqual(form, { cn: 'Chan Tai Man', o: undefined, ou: undefined, l: undefined, st: undefined, c: undefined, email: 'chan@example.com', sans: [] });
    assert.equal(validateRequest(email, form, 'ec-p256').ok, true);
  });

  test('the HK Post form as pre-filled, with a CN and O, is valid; problems group by field', () => {
    const v = applyProfileDefaults(hk, { ...EMPTY_VALUES, cn: 'www.我的服务器.com', o: 'Example Ltd', sans: 'a.example.com\na.example.com' });
    const r = validateRequest(hk, toSubjectForm(hk, v), 'rsa-2048');
    const byField = issuesByField(r.issues);
    assert.deepEqual([...byField.keys()], ['sans'], JSON.stringify(r.issues));
    assert.equal(byField.get('sans')![0].rule, 'san.duplicate');
  });
});
