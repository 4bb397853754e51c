/**
 * Guided flows and file pickers by keyboard alone (STYLE.md item 9), found by walking every start
 * page task with Tab/Enter/Esc: a flow opened with focus on the page body (not on the step's
 * heading), Esc did nothing in a flow although it cancels every wizard, and the greyed-out Next
 * on the HK Post "Choose your server" step said nothing about why. Also: the file picker that
 * replaced Chromium's English "Choose File" is reached by Tab and says so in Chinese.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { start, type Target } from './harness';
import { translate, type CatalogueKey } from '../shared/i18n';

async function headingFocused(page: Page, text: string): Promise<void> {
  await page.getByRole('heading', { name: text, exact: true }).waitFor({ timeout: 60_000 });
  await page.waitForFunction((t) => document.activeElement?.tagName === 'H2' && document.activeElement.textContent === t, text);
}

async function tabToId(page: Page, id: string, max = 30): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((x) => document.activeElement?.id === x, id)) return;
  }
  throw new Error(`Tab never reached #${id}`);
}

describe('keyboard-only guided flows and file pickers', { timeout: 120_000 }, () => {
  let t: Target;
  before(async () => {
    t = await start();
  });
  after(() => t?.close());
  const en = (k: string, p?: Record<string, string | number>) => translate('en', k as CatalogueKey, p);

  test('a flow opens on its step heading, Next says why it is greyed out, Esc leaves to the start page', async () => {
    const { page } = t;
    await headingFocused(page, en('home.title'));
    await page.getByRole('button', { name: en('flows.hkpost-server.title'), exact: true }).focus();
    await page.keyboard.press('Enter');
    await headingFocused(page, en('flows.hkpost-server.target.title'));
    const next = page.locator('.flow .buttons button.primary');
    assert.equal(await next.isDisabled(), true);
    const why = await next.getAttribute('aria-describedby');
    assert.equal(await page.locator(`#${why}`).textContent(), en('wizard.chooseFirst'));
    // Tab reaches the first server; Space chooses it; Next is enabled and the note goes.
    await tabToId(page, (await page.getByLabel(en('flows.target.iis10'), { exact: true }).getAttribute('id'))!);
    await page.keyboard.press('Space');
    assert.equal(await next.isDisabled(), false);
    assert.equal(await page.locator('#flow-next-blocked').count(), 0);
    await page.keyboard.press('Escape');
    await headingFocused(page, en('home.title'));
  });

  test('Get help is a modal dialog: Tab stays inside, Esc or Close puts focus back on the Get help button', async () => {
    const { page } = t;
    await headingFocused(page, en('home.title'));
    const button = page.getByRole('button', { name: en('help.button'), exact: true });
    await button.focus();
    await page.keyboard.press('Enter');
    await headingFocused(page, en('help.heading'));
    // A modal dialog named by its heading; the page underneath is out of reach.
    const dialog = page.getByRole('dialog', { name: en('help.heading') });
    assert.equal(await dialog.getAttribute('aria-modal'), 'true');
    await page.locator('#help-report').waitFor();
    const inDialog = () => page.evaluate(() => !!document.activeElement?.closest('dialog[open]'));
    // Tab goes round inside it (report, Copy, Save, Close, and back), Shift+Tab too.
    for (let i = 0; i < 9; i++) {
      await page.keyboard.press('Tab');
      assert.ok(await inDialog(), `Tab ${i + 1} left the dialog`);
    }
    for (let i = 0; i < 9; i++) {
      await page.keyboard.press('Shift+Tab');
      assert.ok(await inDialog(), `Shift+Tab ${i + 1} left the dialog`);
    }
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.activeElement?.classList.contains('help-button'));
    assert.equal(await page.getByRole('dialog').count(), 0);
    await page.keyboard.press('Enter');
    await headingFocused(page, en('help.heading'));
    await page.getByRole('button', { name: en('help.close'), exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.classList.contains('help-button'));
  });

  test('the certificate file picker is reached by Tab and speaks the app language', async () => {
    const { page } = t;
    await page.locator('#lang').selectOption('zh-Hant');
    const zh = (k: string) => translate('zh-Hant', k as CatalogueKey);
    await page.getByRole('heading', { name: zh('home.title'), exact: true }).waitFor();
    await page.getByRole('button', { name: zh('home.complete'), exact: true }).click();
    await headingFocused(page, zh('complete.heading'));
    await tabToId(page, 'cert-file');
    assert.equal(await page.evaluate(() => document.activeElement?.matches(':focus-visible')), true);
    const picker = page.locator('.file-input').filter({ has: page.locator('#cert-file') });
    assert.equal(await picker.locator('.file-button').textContent(), zh('wizard.file.choose'));
    assert.equal(await picker.locator('.file-chosen').textContent(), zh('wizard.file.none'));
    await page.locator('#cert-file').setInputFiles({ name: 'server.cer', mimeType: 'application/pkix-cert', buffer: Buffer.from('x') });
    assert.equal(await picker.locator('.file-chosen').textContent(), 'server.cer');
    // The label still names the real input (screen readers, getByLabel).
    assert.equal(await page.getByLabel(zh('complete.file'), { exact: true }).getAttribute('id'), 'cert-file');
    await page.keyboard.press('Escape');
    await headingFocused(page, zh('home.title'));
    await page.locator('#lang').selectOption('en');
  });
});
