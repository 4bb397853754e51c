/**
 * The enroll wizard by keyboard alone (issue 2 "works by keyboard alone"; STYLE.md item 9): Tab
 * to move, Enter = Next (also on the focused heading and on radio buttons), Esc = Cancel, and
 * focus on each new page's heading (its one main instruction).
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { start, type Target } from './harness';

/** The focused element's accessible-ish name: its label, or its text. */
async function focused(page: Page): Promise<{ tag: string; name: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return { tag: '', name: '' };
    const input = el as HTMLInputElement;
    const label = input.labels?.[0]?.textContent ?? '';
    return { tag: el.tagName.toLowerCase(), name: (label || el.textContent || '').trim() };
  });
}

async function tabTo(page: Page, name: string | RegExp, max = 20): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (typeof name === 'string' ? f.name === name : name.test(f.name)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

async function expectHeadingFocused(page: Page, text: string): Promise<void> {
  await page.getByRole('heading', { name: text }).waitFor({ timeout: 60_000 });
  await page.waitForFunction((t) => document.activeElement?.tagName === 'H2' && document.activeElement.textContent === t, text);
}

describe('keyboard-only enrollment', { timeout: 120_000 }, () => {
  let t: Target;
  before(async () => {
    t = await start();
  });
  after(() => t?.close());

  test('Esc cancels a wizard and returns to the start page', async () => {
    const { page } = t;
    await expectHeadingFocused(page, 'What do you want to do?');
    await tabTo(page, 'Request a certificate');
    await page.keyboard.press('Enter');
    await expectHeadingFocused(page, 'Choose the certificate authority profile');
    await page.keyboard.press('Escape');
    await expectHeadingFocused(page, 'What do you want to do?');
  });

  test('Tab, type and Enter take a request from the start page to the CSR', async () => {
    const { page } = t;
    await tabTo(page, 'Request a certificate');
    await page.keyboard.press('Enter');
    await expectHeadingFocused(page, 'Choose the certificate authority profile');
    // Enter on the focused heading = Next.
    await page.keyboard.press('Enter');
    await expectHeadingFocused(page, 'Enter the names the certificate will show');

    await page.keyboard.press('Tab');
    assert.deepEqual(await focused(page), { tag: 'input', name: 'Common name' });
    await page.keyboard.type('www.我的服务器.com');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).name, 'Organization');
    await page.keyboard.type('Example Trading Limited');
    await page.keyboard.press('Enter');
    await expectHeadingFocused(page, 'Choose the key and how it is protected');

    await tabTo(page, 'Password');
    await page.keyboard.type('keyboard only 1');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).name, 'Confirm password');
    await page.keyboard.type('keyboard only 1');
    await page.keyboard.press('Enter');
    await expectHeadingFocused(page, 'Check the request, then create it');

    // Shift+Tab from the heading reaches nothing in the page before it; Enter commits.
    await page.keyboard.press('Enter');
    await expectHeadingFocused(page, 'Send this certificate request to the certificate authority');
    const csr = await page.getByLabel('Certificate request (CSR)').inputValue();
    assert.match(csr, /BEGIN CERTIFICATE REQUEST/);

    // Enter on the CSR page's heading = Finish: the request stays pending under My certificates.
    await page.keyboard.press('Enter');
    await expectHeadingFocused(page, 'Your pending requests and certificates');
    await page.getByRole('heading', { name: 'Pending requests', exact: true }).waitFor();
  });
});
