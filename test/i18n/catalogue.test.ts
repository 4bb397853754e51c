/**
 * The catalogues are complete (issue 2 "UI": English and Traditional Chinese for every screen):
 * the same keys in both, a message for every error code and every field rule, the same
 * placeholders, no English left in zh-Hant, and the language follows the OS tag.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { en } from '../../shared/i18n/en';
import { zhHant } from '../../shared/i18n/zh-Hant';
import { errorText, issueText, pickLocale, resolveLocale, translate, formatDate } from '../../shared/i18n';
import { ERROR_CODES } from '../../shared/errors';
import { RULES, validateRequest } from '../../shared/fields';
import { PROFILES, getProfile } from '../../shared/profiles';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** Values that are the same in every language: the product name. */
const SAME_IN_ALL = new Set(['app.title']);

describe('catalogues', () => {
  test('en and zh-Hant have exactly the same keys', () => {
    assert.deepEqual(Object.keys(zhHant).sort(), Object.keys(en).sort());
  });

  test('every error code has a message in both languages', () => {
    for (const code of Object.keys(ERROR_CODES)) {
      assert.ok(Object.hasOwn(en, `error.${code}`), `en lacks error.${code}`);
      assert.ok(Object.hasOwn(zhHant, `error.${code}`), `zh-Hant lacks error.${code}`);
    }
  });

  test('every field rule id has a message in both languages', () => {
    for (const id of Object.keys(RULES)) {
      assert.ok(Object.hasOwn(en, `rule.${id}`), `en lacks rule.${id}`);
      assert.ok(Object.hasOwn(zhHant, `rule.${id}`), `zh-Hant lacks rule.${id}`);
    }
  });

  test('every profile has a name and a description', () => {
    for (const p of PROFILES) {
      for (const key of [p.nameKey, `${p.nameKey}.desc`]) {
        assert.ok(Object.hasOwn(en, key) && Object.hasOwn(zhHant, key), key);
      }
    }
  });

  test('translations keep the same placeholders', () => {
    for (const [key, value] of Object.entries(en)) {
      assert.deepEqual(placeholders(zhHant[key as keyof typeof en]), placeholders(value), key);
    }
    for (const [id, rule] of Object.entries(RULES)) {
      // The catalogue may drop {field} (it shows the translated {label}), never add unknown names.
      const known = new Set([...placeholders(rule.message), 'label', 'field']);
      for (const p of placeholders(en[`rule.${id}` as keyof typeof en])) assert.ok(known.has(p), `rule.${id} uses {${p}}`);
    }
  });

  test('no English or empty text left in zh-Hant', () => {
    for (const [key, value] of Object.entries(zhHant)) {
      assert.ok(value.trim().length > 0, key);
      if (SAME_IN_ALL.has(key)) continue;
      // Punctuation alone (a list separator 、, a full-width colon ：) has no words to translate.
      if (!/\p{L}/u.test(value)) continue;
      assert.match(value, /[\u3400-\u9fff]/, `${key} has no Chinese: ${value}`);
    }
  });

  test('the guides’ field words are the labels', () => {
    assert.equal(en['field.cn'], 'Common name');
    assert.equal(en['field.o'], 'Organization');
    assert.equal(en['field.ou'], 'Organizational unit');
    assert.equal(en['field.l'], 'City/locality');
    assert.equal(en['field.st'], 'State/province');
    assert.equal(en['field.c'], 'Country/region');
    assert.equal(en['field.keyAlgorithm'], 'Bit length');
    assert.equal(en['field.email'], 'E-mail');
    assert.deepEqual([en['wizard.back'], en['wizard.next'], en['wizard.cancel'], en['wizard.finish']], ['Back', 'Next', 'Cancel', 'Finish']);
    assert.equal(en['enroll.create'], 'Create request');
    assert.deepEqual([zhHant['wizard.back'], zhHant['wizard.next'], zhHant['wizard.cancel'], zhHant['wizard.finish']], ['上一步', '下一步', '取消', '完成']);
  });

  test('every literal key the renderer asks for exists', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(n)) files.push(p);
      }
    };
    walk(join(__dirname, '..', '..', 'renderer'));
    let seen = 0;
    for (const f of files) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\('([A-Za-z][\w.-]*)'/g)) {
        seen++;
        assert.ok(Object.hasOwn(en, m[1]), `${f}: ${m[1]}`);
      }
    }
    assert.ok(seen > 50, `only ${seen} keys found`);
  });
});

describe('locale and messages', () => {
  test('Hong Kong, Taiwan, Macau and zh-Hant tags choose Traditional Chinese', () => {
    for (const tag of ['zh-HK', 'zh-TW', 'zh-MO', 'zh-Hant', 'zh-Hant-HK', 'zh_TW', 'ZH-hk']) assert.equal(resolveLocale(tag), 'zh-Hant', tag);
    for (const tag of ['en', 'en-US', 'zh-CN', 'zh-Hans', 'zh', 'fr-FR', '', undefined]) assert.equal(resolveLocale(tag), 'en', String(tag));
    assert.equal(pickLocale(['fr-FR', 'zh-HK', 'en']), 'zh-Hant');
    assert.equal(pickLocale(['en-GB', 'zh-HK']), 'en');
  });

  test('placeholders are filled and unknown keys stay visible', () => {
    assert.equal(translate('en', 'wizard.stepOf', { n: 2, total: 7 }), 'Step 2 of 7');
    assert.equal(translate('zh-Hant', 'wizard.stepOf', { n: 2, total: 7 }), '第 2 步，共 7 步');
    assert.equal(translate('zh-Hant', 'no.such.key'), 'no.such.key');
  });

  test('an error is shown by its code in the chosen language, the core text only as a fallback', () => {
    const e = { code: 'KEY_PASSWORD_INCORRECT' as const, message: 'core text' };
    assert.match(errorText('en', e), /password does not open this key/);
    assert.match(errorText('zh-Hant', e), /密碼無法開啟這個金鑰/);
  });

  test('a field rule from validateRequest reads in Chinese with the Chinese field label', () => {
    const profile = getProfile('hkpost-server')!;
    const r = validateRequest(profile, { cn: 'www.*.example.com', o: 'Example Ltd', l: 'Hong Kong', st: 'Hong Kong', c: 'HK', sans: [] }, 'rsa-2048');
    const issue = r.issues.find((i) => i.field === 'cn');
    assert.ok(issue, 'a wildcard not in the left-most label is refused');
    assert.match(issueText('en', issue), /Common name/);
    const zh = issueText('zh-Hant', issue);
    assert.match(zh, /一般名稱/);
    assert.doesNotMatch(zh, /\{\w+\}/);
  });

  test('FIELD_INVALID from the core shows the rule in the chosen language', () => {
    const text = errorText('zh-Hant', { code: 'FIELD_INVALID', message: 'x', params: { field: 'c', rule: 'c.notTwoLetters' } });
    assert.match(text, /國家\/地區/);
  });

  test('dates follow the locale', () => {
    assert.match(formatDate('en', '2026-03-05T00:00:00Z'), /March 2026/);
    assert.match(formatDate('zh-Hant', '2026-03-05T00:00:00Z'), /2026年3月5日/);
  });
});
