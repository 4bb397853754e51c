/**
 * Screenshots of every wizard page for the README, in English and Traditional Chinese:
 * docs/screenshots/<page>-<lang>.png. Run by scripts/screenshots.mjs (`node scripts/screenshots.mjs`).
 *
 * Drives the real browser shell with a throw-away data dir, the same way the e2e specs do, so the
 * pictures show what a user sees (the HK Post profile with a Chinese domain name, the practice CA).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, start } from './harness';
import { translate, type CatalogueKey, type Locale } from '../shared/i18n';
import { flowScreenshots } from './screenshots-flows';
import { pfxScreenshots } from './screenshots-pfx';

const OUT = join(ROOT, 'docs', 'screenshots');

async function shoot(page: Page, name: string, locale: Locale): Promise<string> {
  const file = join(OUT, `${name}-${locale}.png`);
  // Let focus rings and fonts settle; no animation is mid-way (the progress bar is not shot).
  await page.evaluate(() => document.fonts.ready);
  await page.mouse.move(1, 1);
  // A modal dialog dims only the viewport; a full-page shot would show the page below it undimmed.
  const modal = (await page.locator('dialog[open]').count()) > 0;
  await page.screenshot({ path: file, fullPage: !modal });
  return file;
}

export async function takeScreenshots(): Promise<string[]> {
  mkdirSync(OUT, { recursive: true });
  const files: string[] = [];
  for (const locale of ['en', 'zh-Hant'] as Locale[]) {
    const t = await start({ locale: locale === 'zh-Hant' ? 'zh-HK' : 'en-US' });
    try {
      const { page } = t;
      await page.setViewportSize({ width: 1024, height: 720 });
      const tr = (k: CatalogueKey) => translate(locale, k);
      const heading = (k: CatalogueKey) => page.getByRole('heading', { name: tr(k), exact: true }).waitFor({ timeout: 60_000 });
      const button = (k: CatalogueKey) => page.getByRole('button', { name: tr(k), exact: true });
      await page.locator('#lang').selectOption(locale);
      await heading('home.title');
      files.push(await shoot(page, 'home', locale));

      await button('home.enroll').click();
      await heading('enroll.profile.heading');
      files.push(await shoot(page, 'enroll-1-profile', locale));
      await button('wizard.next').click();
      await heading('enroll.subject.heading');
      await page.getByLabel(tr('field.cn'), { exact: true }).fill('www.我的服务器.com');
      await page.getByLabel(tr('field.o'), { exact: true }).fill('Example Trading Limited');
      await page.getByLabel(tr('field.ou'), { exact: true }).fill('IT Department');
      files.push(await shoot(page, 'enroll-2-subject', locale));
      await page.getByLabel(tr('field.cn'), { exact: true }).fill('www.*.example.com');
      files.push(await shoot(page, 'enroll-2-subject-error', locale));
      await page.getByLabel(tr('field.cn'), { exact: true }).fill('www.我的服务器.com');
      await button('wizard.next').click();
      await heading('enroll.key.heading');
      await page.getByLabel(tr('field.password'), { exact: true }).fill('screenshot pw 1');
      await page.getByLabel(tr('field.confirm'), { exact: true }).fill('screenshot pw 1');
      files.push(await shoot(page, 'enroll-3-key', locale));
      await page.getByLabel(tr('level.medium.label')).check();
      files.push(await shoot(page, 'enroll-3-key-medium', locale));
      await page.getByLabel(tr('level.high.label')).check();
      await button('wizard.next').click();
      await heading('enroll.review.heading');
      files.push(await shoot(page, 'enroll-4-review', locale));
      await button('enroll.create').click();
      await heading('enroll.csr.heading');
      await button('enroll.csr.saveAs').click();
      await page.getByRole('status').filter({ hasText: /\S/ }).first().waitFor();
      files.push(await shoot(page, 'enroll-5-csr', locale));
      await button('enroll.csr.practice').click();
      await button('enroll.csr.complete').click();
      await heading('complete.done.heading');
      files.push(await shoot(page, 'enroll-6-installed', locale));
      await button('wizard.finish').click();
      await heading('certs.heading');
      // The list loads after the heading; a shot before it showed an empty page.
      await page.locator('li.card').first().waitFor();
      files.push(await shoot(page, 'my-certificates', locale));
      await page.getByRole('button', { name: `${tr('app.title')} – ${tr('app.home')}` }).click();
      await button('home.complete').click();
      await heading('complete.heading');
      files.push(await shoot(page, 'complete', locale));
      await button('wizard.cancel').click();
      await button('home.level').click();
      await heading('level.key.heading');
      await button('wizard.next').click();
      await heading('level.level.heading');
      files.push(await shoot(page, 'set-security-level', locale));
      // Issue 6: guided flow steps with their guide reference, Get help, the certificate viewer.
      files.push(...(await flowScreenshots(page, locale, shoot)));
      // Issue 3: Export PFX and Import PFX wizards.
      files.push(...(await pfxScreenshots(page, locale, shoot, t.exportDir)));
    } finally {
      await t.close();
    }
  }
  return files;
}

if (require.main === module) {
  takeScreenshots().then(
    (files) => console.log(`screenshots: ${files.length} written to docs/screenshots/`),
    (err) => {
      console.error(`screenshots: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
