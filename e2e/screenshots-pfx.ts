/**
 * README screenshots of issue 3, both languages: the Export PFX wizard (private key, format and
 * options, Security with the encryption choice, verify-after-write result) and the Import PFX
 * wizard (file, contents, options), on the installed practice certificate ./screenshots.ts made
 * (High level, password 'screenshot pw 1').
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { translate, type CatalogueKey, type Locale } from '../shared/i18n';

const KEY_PW = 'screenshot pw 1';
const PFX_PW = 'backup pw 2026';

export async function pfxScreenshots(
  page: Page,
  locale: Locale,
  shoot: (page: Page, name: string, locale: Locale) => Promise<string>,
  exportDir: string,
): Promise<string[]> {
  const files: string[] = [];
  const tr = (k: CatalogueKey, p?: Record<string, string | number>) => translate(locale, k, p);
  const h2 = (k: CatalogueKey) => page.getByRole('heading', { name: tr(k), exact: true, level: 2 }).waitFor({ timeout: 60_000 });
  const button = (k: CatalogueKey) => page.getByRole('button', { name: tr(k), exact: true });

  await page.getByRole('button', { name: `${tr('app.title')} – ${tr('app.home')}` }).click();
  await h2('home.title');
  await button('pfx.home.export').click();
  await h2('pfx.export.cert.heading');
  await button('wizard.next').click();
  await h2('pfx.export.key.heading');
  files.push(await shoot(page, 'pfx-export-1-key', locale));
  await button('wizard.next').click();
  await h2('pfx.export.format.heading');
  await page.getByLabel(tr('pfx.export.opt.delete')).check();
  files.push(await shoot(page, 'pfx-export-2-format', locale));
  await page.getByLabel(tr('pfx.export.opt.delete')).uncheck();
  await button('wizard.next').click();
  await h2('pfx.export.sec.heading');
  await page.getByLabel(tr('pfx.export.sec.keyPassword')).fill(KEY_PW);
  await page.getByLabel(tr('pfx.export.sec.password'), { exact: true }).fill(PFX_PW);
  await page.getByLabel(tr('pfx.export.sec.confirm'), { exact: true }).fill(PFX_PW);
  files.push(await shoot(page, 'pfx-export-3-security', locale));
  await button('wizard.next').click();
  await h2('pfx.export.file.heading');
  await button('pfx.export.commit').click();
  await h2('pfx.export.done.heading');
  files.push(await shoot(page, 'pfx-export-4-verified', locale));

  const pfx = readdirSync(exportDir).filter((f) => f.endsWith('.pfx')).sort().pop()!;
  await page.getByRole('button', { name: `${tr('app.title')} – ${tr('app.home')}` }).click();
  await h2('home.title');
  await button('pfx.home.import').click();
  await h2('pfx.import.file.heading');
  await page.getByLabel(tr('pfx.import.file.label'), { exact: true }).setInputFiles(join(exportDir, pfx));
  await page.locator('.status').filter({ hasText: pfx }).waitFor();
  files.push(await shoot(page, 'pfx-import-1-file', locale));
  await button('wizard.next').click();
  await h2('pfx.import.password.heading');
  // What a mistyped password looks like (the error a helpdesk hears read out).
  await page.getByLabel(tr('pfx.import.password.label'), { exact: true }).fill('not the password');
  await button('wizard.next').click();
  await page.locator('[role="alert"]').filter({ hasText: /\S/ }).first().waitFor();
  files.push(await shoot(page, 'pfx-import-2-password-error', locale));
  await page.getByLabel(tr('pfx.import.password.label'), { exact: true }).fill(PFX_PW);
  await button('wizard.next').click();
  await h2('pfx.import.contents.heading');
  files.push(await shoot(page, 'pfx-import-2-contents', locale));
  await button('wizard.next').click();
  await h2('pfx.import.store.heading');
  files.push(await shoot(page, 'pfx-import-3-store', locale));
  await button('wizard.next').click();
  await h2('pfx.import.step.options');
  files.push(await shoot(page, 'pfx-import-3-options', locale));
  await button('wizard.cancel').click();
  await h2('home.title');
  return files;
}
