/**
 * Accessibility of every page, in English and Traditional Chinese (issue 2 "UI": @axe-core/playwright
 * finds no serious or critical violation). Also: every form control's accessible name is its
 * visible <label>'s text.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { start, type Target } from './harness';
import { translate, type Locale } from '../shared/i18n';

async function audit(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `axe on ${where}`,
  );
  // Visible label = accessible name, for every input, select and textarea with a <label>.
  const mismatches = await page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll('input, select, textarea')) as HTMLInputElement[]) {
      if (el.type === 'hidden') continue;
      const label = el.labels?.[0];
      if (!label) {
        out.push(`${el.tagName} without a label`);
        continue;
      }
      if (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')) out.push(`${label.textContent}: overridden name`);
    }
    return out;
  });
  assert.deepEqual(mismatches, [], `labels on ${where}`);
}

describe('accessibility (axe) on every page, both languages', { timeout: 180_000 }, () => {
  let t: Target;
  before(async () => {
    t = await start();
  });
  after(() => t?.close());

  for (const locale of ['en', 'zh-Hant'] as Locale[]) {
    test(`all pages in ${locale}`, async () => {
      const { page } = t;
      const tr = (k: Parameters<typeof translate>[1]) => translate(locale, k);
      const heading = (k: Parameters<typeof translate>[1]) => page.getByRole('heading', { name: tr(k), exact: true }).waitFor({ timeout: 60_000 });
      const button = (k: Parameters<typeof translate>[1]) => page.getByRole('button', { name: tr(k), exact: true });

      await page.locator('#lang').selectOption(locale);
      await button('app.home').or(page.getByRole('button', { name: `${tr('app.title')} – ${tr('app.home')}` })).first().click();
      await heading('home.title');
      assert.equal(await page.evaluate(() => document.documentElement.lang), locale);
      await audit(page, `home (${locale})`);

      await page.getByRole('button', { name: tr('home.enroll'), exact: true }).click();
      await heading('enroll.profile.heading');
      await audit(page, `enroll profile (${locale})`);
      await page.getByLabel(tr('profile.generic-email')).check();
      await button('wizard.next').click();
      await heading('enroll.subject.heading');
      // Show the problems too: an invalid page must be accessible as well.
      await button('wizard.next').click();
      await page.getByRole('alert').first().waitFor();
      await audit(page, `enroll subject with errors (${locale})`);
      await page.getByLabel(tr('field.cn'), { exact: true }).fill('陳大文 Chan Tai Man');
      await page.getByLabel(tr('field.email'), { exact: true }).fill('chan@example.com');
      await button('wizard.next').click();
      await heading('enroll.key.heading');
      await page.getByLabel(tr('level.medium.label')).check();
      await audit(page, `enroll key, Medium warning (${locale})`);
      await button('wizard.next').click();
      await heading('enroll.review.heading');
      await audit(page, `enroll review (${locale})`);
      await button('enroll.create').click();
      await heading('enroll.csr.heading');
      await audit(page, `enroll CSR (${locale})`);
      await button('enroll.csr.practice').click();
      await button('enroll.csr.complete').click();
      await heading('complete.done.heading');
      await audit(page, `enroll installed (${locale})`);
      await button('wizard.finish').click();
      await heading('certs.heading');
      await audit(page, `my certificates (${locale})`);

      await page.getByRole('button', { name: tr('certs.backup'), exact: true }).first().click();
      await audit(page, `my certificates with backup panel (${locale})`);

      await button('certs.setLevel').first().click();
      await heading('level.key.heading');
      await audit(page, `set level, key (${locale})`);
      await button('wizard.next').click();
      await heading('level.level.heading');
      await audit(page, `set level, level (${locale})`);
      await button('wizard.cancel').click();

      await page.getByRole('button', { name: tr('home.complete'), exact: true }).click();
      await heading('complete.heading');
      await button('complete.button').click();
      await page.getByRole('alert').waitFor();
      await audit(page, `complete with error (${locale})`);
      await button('wizard.cancel').click();
      await heading('home.title');
      // Refusals (FILE_EMPTY) come back as envelopes, not console errors; CSP blocked nothing.
      assert.deepEqual(t.problems, []);
    });
  }
});
