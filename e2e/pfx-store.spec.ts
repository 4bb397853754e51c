/**
 * Import PFX into an OS store through the UI (issue 4 "Store selection ... used by PFX import";
 * "pfx import FILE --store SPEC" for the wizard), with HOME pointing at a temporary dir so the
 * shared NSS DB is `$HOME/.pki/nssdb`. The PFX is made by Certwiz's writer (key, certificate,
 * Sub CA, root). English: the root's confirmation shows the fingerprint openssl computes, is
 * ticked, and certutil then finds the key, the certificate (u,u,u) and the root as a trust anchor
 * (C,,), while Certwiz's own store stays empty; the options page says NSS has no High level and
 * offers none. Also: a .p12 dropped on Install CA certificates opens the Import PFX wizard with
 * that file. Traditional Chinese: the root is not confirmed, so it is held (no C,,). axe on each
 * page; screenshots go to $CERTWIZ_SHOTS (default /tmp/certwiz-shots) for a person to look at.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { start, openssl, type Target } from './harness';
import { translate, type CatalogueKey, type Locale } from '../shared/i18n';
import { writePfx } from '../electron/core/pkcs12';
import { makePki, type TestPki } from '../test/stores/pki';

const SHOTS = process.env.CERTWIZ_SHOTS ?? join(tmpdir(), 'certwiz-shots');
const PFX_PW = 'e2e store pfx 7';

async function axe(page: Page, where: string): Promise<void> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `axe on ${where}`);
}

const certutil = (db: string, args: string[]) => execFileSync('certutil', [...args, '-d', `sql:${db}`], { encoding: 'utf8' });

let pki: TestPki;
let pfxFile: string;

before(() => {
  pki = makePki();
  const dir = mkdtempSync(join(tmpdir(), 'certwiz-e2e-pfxstore-'));
  pfxFile = join(dir, 'client.p12');
  writeFileSync(
    pfxFile,
    writePfx({
      key: createPrivateKey(readFileSync(pki.file('client.key'))),
      certificate: readFileSync(pki.file('client.pem'), 'utf8'),
      chain: [readFileSync(pki.file('sub.pem'), 'utf8'), readFileSync(pki.file('root.pem'), 'utf8')],
      profile: 'aes256-sha256',
      password: PFX_PW,
      friendlyName: 'Certwiz Store Client',
    }),
  );
  mkdirSync(SHOTS, { recursive: true });
});

for (const locale of ['en', 'zh-Hant'] as Locale[]) {
  describe(`Import PFX into the NSS DB through the UI (${locale})`, { timeout: 180_000 }, () => {
    let t: Target;
    let db: string;
    const tr = (k: CatalogueKey, p?: Record<string, string | number>) => translate(locale, k, p);
    const confirmRoot = locale === 'en';

    before(async () => {
      const home = mkdtempSync(join(tmpdir(), 'certwiz-e2e-home-'));
      db = join(home, '.pki', 'nssdb');
      t = await start({ locale: locale === 'en' ? 'en' : 'zh-HK', env: { HOME: home } });
    });
    after(() => t?.close());

    test(`file, password, store (NSS${confirmRoot ? ', root confirmed' : ', root not confirmed'}), options, result; certutil agrees`, async () => {
      const { page } = t;
      const heading = (k: CatalogueKey) => page.getByRole('heading', { name: tr(k), exact: true }).waitFor();
      const next = () => page.getByRole('button', { name: tr('wizard.next'), exact: true }).click();
      await page.locator('#lang').selectOption(locale);

      if (locale === 'en') {
        // Install CA certificates with a .p12 among the files: a button opens the PFX wizard with it.
        await page.getByRole('button', { name: tr('stores.home.installCa'), exact: true }).click();
        await heading('stores.install.files.heading');
        await page.locator('#ca-files').setInputFiles([pfxFile, pki.file('sub.pem')]);
        await next();
        await heading('stores.install.check.heading');
        const open = page.getByRole('button', { name: tr('pfx.import.fromCa', { file: 'client.p12' }), exact: true });
        await axe(page, 'Install CA with a PFX');
        await page.screenshot({ path: join(SHOTS, `install-ca-pfx-${locale}.png`), fullPage: true });
        await open.click();
        await heading('pfx.import.file.heading');
        await page.locator('.status').filter({ hasText: 'client.p12' }).waitFor();
      } else {
        await page.getByRole('button', { name: tr('pfx.home.import') }).click();
        await heading('pfx.import.file.heading');
        await page.getByLabel(tr('pfx.import.file.label'), { exact: true }).setInputFiles(pfxFile);
        await page.locator('.status').filter({ hasText: 'client.p12' }).waitFor();
      }
      await next();
      await heading('pfx.import.password.heading');
      await page.getByLabel(tr('pfx.import.password.label'), { exact: true }).fill(PFX_PW);
      await next();
      await heading('pfx.import.contents.heading');
      await next();

      // Store page: Certwiz's own store by default; this computer's stores next to it.
      await heading('pfx.import.store.heading');
      assert.equal(await page.getByLabel(tr('pfx.import.store.app'), { exact: true }).isChecked(), true);
      assert.equal(await page.locator('.root-confirm').count(), 0, 'no root question for Certwiz’s own store');
      await page.getByLabel(tr('pfx.import.os.label'), { exact: true }).check();
      assert.equal(await page.getByLabel(tr('stores.picker.store'), { exact: true }).inputValue(), 'nss');
      assert.equal(await page.locator('input[name="placement"]').count(), 0, 'a PFX is placed automatically');
      await page.getByText(tr('stores.picker.path', { path: db })).waitFor();
      const fp = openssl(['x509', '-in', pki.file('root.pem'), '-noout', '-fingerprint', '-sha256']).split('=')[1].trim();
      assert.equal((await page.locator('.root-confirm .fp').textContent())?.trim(), fp);
      await page.locator('.root-confirm dd').filter({ hasText: 'Practice Root CA 3' }).waitFor();
      if (confirmRoot) await page.getByLabel(tr('stores.install.root.confirm')).check();
      await axe(page, `store page (${locale})`);
      await page.screenshot({ path: join(SHOTS, `pfx-import-store-nss-${locale}.png`), fullPage: true });
      await next();

      // Options: NSS has no High level; the page says so and offers none.
      await heading('pfx.import.step.options');
      await page.getByText(tr('pfx.import.os.nssNoHigh')).waitFor();
      assert.equal(await page.getByLabel(tr('pfx.import.opt.high')).count(), 0);
      await axe(page, `options (${locale})`);
      await page.screenshot({ path: join(SHOTS, `pfx-import-options-nss-${locale}.png`), fullPage: true });
      await page.getByRole('button', { name: tr('pfx.import.commit'), exact: true }).click();

      await heading('pfx.import.done.heading');
      const result = (await page.locator('.result-list').textContent()) ?? '';
      if (confirmRoot) {
        assert.ok(result.includes(tr('stores.loc.root')), result);
        assert.equal(await page.getByText(tr('pfx.import.os.heldNote')).count(), 0);
      } else {
        assert.ok(result.includes(tr('pfx.import.os.held', { name: 'Practice Root CA 3' })), result);
        assert.equal(result.split('Practice Root CA 3').length - 1, 1, 'the held root is listed once, as not trusted, not as placed');
        await page.getByText(tr('pfx.import.os.heldNote')).waitFor();
      }
      await axe(page, `result (${locale})`);
      await page.screenshot({ path: join(SHOTS, `pfx-import-done-nss-${locale}.png`), fullPage: true });

      // The peer's view of the DB, and Certwiz's own store untouched.
      assert.match(certutil(db, ['-K']), /Certwiz Store Client|Test Client/);
      const list = certutil(db, ['-L']);
      assert.match(list, /u,u,u/, 'our certificate with its key');
      if (confirmRoot) assert.match(list, /Practice Root CA 3.*\s+C,,\s*$/m);
      else assert.doesNotMatch(list, /C,,/);
      assert.deepEqual(await t.api('certs:list', {}), []);
      assert.deepEqual(t.problems, []);
    });
  });
}
