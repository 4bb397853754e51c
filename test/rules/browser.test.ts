/**
 * The field rules run in the renderer too: the same bundle in Chromium must give the same
 * answers as in Node (its URL host parser is a different UTS #46 implementation, ICU in Blink
 * versus ada in Node), or the wizard would accept what main refuses.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { domainToAscii } from '../../shared/idn';
import { validateRequest } from '../../shared/fields';
import { getProfile } from '../../shared/profiles';
import type { KeyAlgorithm, SubjectForm } from '../../shared/ipc';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

const NAMES = [
  'www.我的服务器.com', 'WWW.XN--ZFRU1G2VN33ETPW.COM', 'www。例子。com', '*.我的服务器.com', 'ｗｗｗ.example.com',
  'faß.de', 'ΣΑΣ.gr', 'straẞe.de', '\uab70bc.com', '½.com', 'ﬁ.com', 'пример.рф', 'مثال.إختبار', '', 'a..b.com', 'example.com.',
  `${'a'.repeat(64)}.com`, 'ex_ample.com', 'a%41.com', 'a b.com', '💩.la', '-abc.com', 'ab--cd.com', 'xn--zz.com',
  'xn--a.com', 'xn--abc.com', 'xn--abc-.com', '1.2.3.4', '0x7f.1', 'www.123', 'localhost', 'www.*.example.com',
  '*.*.example.com', 'w*.example.com', '*.com', 'a\u00adb.com', 'a\u202eb.com', '\u200d.com',
];
const FORMS: Array<[string, SubjectForm, KeyAlgorithm]> = [
  ['hkpost-server', { cn: 'www.我的服务器.com', o: 'My Organization', sans: [] }, 'rsa-2048'],
  ['hkpost-server', { cn: 'www.*.example.com', o: '', st: 'HK', l: '九龍', c: 'HKG', sans: ['a.com', 'A.COM'] }, 'rsa-4096'],
  ['generic-server', { cn: 'Example.COM', o: 'A, B', sans: ['*.例子.com', 'xn--zz.com'] }, 'ec-p384'],
  ['generic-email', { cn: 'Chan Tai Man 陳大文', email: 'tm.chan@例子.香港', sans: [] }, 'ec-p256'],
];

let browser: Browser | undefined;
let bundle = '';

before(async () => {
  if (!CHROMIUM) return;
  const out = await build({
    stdin: {
      contents: `export { domainToAscii } from './shared/idn'; export { validateRequest } from './shared/fields'; export { getProfile } from './shared/profiles';`,
      resolveDir: join(__dirname, '..', '..'),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'rules',
    platform: 'browser',
    write: false,
  });
  bundle = out.outputFiles[0].text;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});
after(async () => {
  await browser?.close();
});

describe('field rules in Chromium', () => {
  test('domainToAscii and validateRequest give the same answers as in Node', async (t) => {
    if (!browser) return t.skip('chromium is not installed (npm test installs it)');
    const page = await browser.newPage();
    await page.addScriptTag({ content: bundle });
    const inBrowser = await page.evaluate(
      ([names, forms]) => {
        const r = (globalThis as unknown as { rules: any }).rules;
        return {
          names: (names as string[]).map((n) => r.domainToAscii(n, { allowWildcard: true, allowIdn: true })),
          forms: (forms as any[]).map(([p, f, a]) => r.validateRequest(r.getProfile(p), f, a)),
        };
      },
      [NAMES, FORMS] as const,
    );
    NAMES.forEach((n, i) => {
      assert.deepEqual(inBrowser.names[i], domainToAscii(n, { allowWildcard: true, allowIdn: true }), n);
    });
    FORMS.forEach(([p, f, a], i) => {
      assert.deepEqual(inBrowser.forms[i], JSON.parse(JSON.stringify(validateRequest(getProfile(p)!, f, a))), p);
    });
    await page.close();
  });
});
