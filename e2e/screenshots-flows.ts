/**
 * README screenshots of issue 6, both languages: a guided flow's steps with their guide reference
 * (target, C 1–3, C 4 DCV), Get help, and the certificate viewer (General, Details). Called by
 * ./screenshots.ts after its own pages, on the same page with an installed practice certificate.
 */
import type { Page } from 'playwright-core';
import { translate, type CatalogueKey, type Locale } from '../shared/i18n';

export async function flowScreenshots(page: Page, locale: Locale, shoot: (page: Page, name: string, locale: Locale) => Promise<string>): Promise<string[]> {
  const files: string[] = [];
  const tr = (k: CatalogueKey, p?: Record<string, string | number>) => translate(locale, k, p);
  const h2 = (k: CatalogueKey, p?: Record<string, string | number>) => page.getByRole('heading', { name: tr(k, p), exact: true, level: 2 }).waitFor({ timeout: 60_000 });
  const button = (name: string) => page.getByRole('button', { name, exact: true });

  await page.getByRole('button', { name: `${tr('app.title')} – ${tr('app.home')}` }).click();
  await h2('home.title');
  await button(tr('flows.hkpost-server.title' as CatalogueKey)).click();
  await h2('flows.hkpost-server.target.title' as CatalogueKey);
  await page.getByLabel(tr('flows.target.iis10' as CatalogueKey), { exact: true }).check();
  files.push(await shoot(page, 'flow-1-target', locale));

  // C 1–3 and C 4 through the step list (what a helpdesk says: "click C 4 on the left").
  await page.locator('.flow .steps .step-link').nth(2).click();
  await h2('flows.hkpost-server.c-submit.title' as CatalogueKey);
  await page.getByLabel(tr('flows.submit.server' as CatalogueKey), { exact: true }).fill('www.我的服务器.com');
  await page.getByLabel(tr('flows.submit.reference' as CatalogueKey), { exact: true }).fill('123456789');
  await page.getByLabel(tr('flows.submit.pin' as CatalogueKey), { exact: true }).fill('123456781234');
  files.push(await shoot(page, 'flow-2-c-submit', locale));
  await page.locator('.flow .buttons button.primary').click();
  await h2('flows.hkpost-server.c-dcv.title' as CatalogueKey);
  await page.getByLabel(tr('dcv.domains' as CatalogueKey), { exact: true }).fill('www.我的服务器.com\nmail.example.hk');
  await page.getByLabel(tr('dcv.code' as CatalogueKey), { exact: true }).fill('a1b2c3d4e5f6a7b8c9d0');
  await button(tr('dcv.show' as CatalogueKey)).click();
  await page.getByRole('heading', { name: tr('dcv.where.http' as CatalogueKey) }).waitFor();
  files.push(await shoot(page, 'flow-3-c4-dcv', locale));

  await button(tr('help.button' as CatalogueKey)).click();
  await page.locator('#help-report').waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  files.push(await shoot(page, 'get-help', locale));
  await button(tr('help.close' as CatalogueKey)).click();

  await button(tr('flows.saveLeave' as CatalogueKey)).click();
  await h2('home.title');
  files.push(await shoot(page, 'home-continue', locale));
  await page.locator('.top-nav').getByRole('button', { name: tr('home.certs'), exact: true }).click();
  await h2('certs.heading');
  await button(tr('viewer.open' as CatalogueKey)).first().click();
  await page.getByRole('tab', { name: tr('viewer.tab.general' as CatalogueKey) }).waitFor();
  files.push(await shoot(page, 'viewer-general', locale));
  await page.getByRole('tab', { name: tr('viewer.tab.details' as CatalogueKey) }).click();
  files.push(await shoot(page, 'viewer-details', locale));

  // The other guides' first steps, and a wizard step inside a flow (HK Post D 1–10, Install CA).
  for (const [flow, step, name] of [
    ['esigntrust-email', 'registration', 'flow-esigntrust-1-registration'],
    ['certum-smime', 'key-method', 'flow-certum-1-key-method'],
  ] as const) {
    await page.getByRole('button', { name: `${tr('app.title')} – ${tr('app.home')}` }).click();
    await h2('home.title');
    await button(tr(`flows.${flow}.title` as CatalogueKey)).click();
    await h2(`flows.${flow}.${step}.title` as CatalogueKey);
    files.push(await shoot(page, name, locale));
    await button(tr('flows.saveLeave' as CatalogueKey)).click();
  }
  await h2('home.title');
  await button(tr('flows.hkpost-server.title' as CatalogueKey)).click();
  await page.locator('.flow .steps .step-link').nth(4).click();
  await page.getByRole('heading', { name: tr('flows.hkpost-server.d-subca.title' as CatalogueKey) }).first().waitFor();
  files.push(await shoot(page, 'flow-4-d-subca', locale));
  await page.getByRole('button', { name: `${tr('app.title')} – ${tr('app.home')}` }).click();
  await h2('home.title');
  return files;
}
