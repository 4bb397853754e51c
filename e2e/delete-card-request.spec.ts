/**
 * My certificates: deleting a pending request whose key is on a card (issue 5; request:delete
 * takes `pin`). The page names the card (label, card number) and asks for its PIN: no PIN typed
 * = asked again, a wrong PIN = PIN_INCORRECT and both the request and the key pair stay, the
 * right PIN = the key pair leaves the card (pkcs11-tool as the peer) and the request is gone.
 * "Delete the request only" leaves the key on the card. English and Traditional Chinese, axe,
 * screenshots to $CERTWIZ_SHOTS (default /tmp/certwiz-shots).
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { start, type Target } from './harness';
import { translate, type CatalogueKey, type Locale } from '../shared/i18n';
import { createSoftHsm, serialOf, SOFTHSM_MODULE, type SoftHsm } from '../test/pkcs11/softhsm';

const PIN = '4321';
const LABEL = 'Delete Card';
const SHOTS = process.env.CERTWIZ_SHOTS ?? join(tmpdir(), 'certwiz-shots');

async function axe(page: Page, where: string): Promise<void> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `axe on ${where}`);
}

describe('My certificates: delete a card request with the card PIN', { timeout: 180_000 }, () => {
  let t: Target;
  let hsm: SoftHsm;
  const objectsFor = (cn: string) =>
    hsm
      .pkcs11Tool(['--token-label', LABEL, '--login', '--pin', PIN, '--list-objects'])
      .split(/\n(?=\S)/)
      .filter((b) => /Object;/.test(b) && b.includes(cn));

  before(async () => {
    hsm = createSoftHsm([{ label: LABEL, pin: PIN }]);
    mkdirSync(SHOTS, { recursive: true });
    t = await start({ env: { SOFTHSM2_CONF: hsm.conf, CERTWIZ_PKCS11_MODULE: SOFTHSM_MODULE } });
  });
  after(async () => {
    await t?.close();
    hsm?.cleanup();
  });

  for (const locale of ['en', 'zh-Hant'] as Locale[]) {
    test(`card label shown, PIN asked; ${locale === 'en' ? 'key deleted from the card' : 'request only, key stays'} (${locale})`, async () => {
      const { page } = t;
      const tr = (k: CatalogueKey, p?: Record<string, string | number>) => translate(locale, k, p);
      const cn = `${locale === 'en' ? 'drop' : 'keep'}.example.com`;
      const created = await t.api('csr:create', {
        profileId: 'generic-server',
        subject: { cn, sans: [] },
        keyAlgorithm: 'ec-p256',
        securityLevel: 'high',
        keyLocation: { kind: 'token', token: LABEL, pin: PIN },
      });
      assert.equal(objectsFor(cn).length, 2, 'public and private key on the card');

      await page.locator('#lang').selectOption(locale);
      // Via the start page, so My certificates loads afresh with the new request.
      await page.getByRole('button', { name: `${tr('app.title')} – ${tr('app.home')}` }).click();
      await page.getByRole('navigation').getByRole('button', { name: tr('home.certs'), exact: true }).click();
      const card = page.locator('li.card').filter({ has: page.getByRole('heading', { name: cn }) });
      await card.getByRole('button', { name: tr('certs.delete'), exact: true }).click();
      const panel = card.getByRole('region', { name: tr('certs.deleteCard.heading') });
      await panel.waitFor();
      await panel.getByText(tr('certs.deleteCard.card', { label: LABEL, serial: serialOf(hsm, LABEL) })).waitFor();

      const withKey = panel.getByRole('button', { name: tr('certs.deleteCard.withKey'), exact: true });
      const pin = panel.getByLabel(tr('certs.deleteCard.pin'), { exact: true });
      await withKey.click();
      await panel.getByText(tr('certs.deleteCard.pinNeeded')).waitFor();
      if (locale === 'en') {
        await pin.fill('8888');
        await withKey.click();
        await panel.getByRole('alert').filter({ hasText: 'PIN_INCORRECT' }).waitFor({ timeout: 30_000 });
        assert.equal(await pin.inputValue(), '', 'the PIN is cleared after an attempt');
        assert.equal(objectsFor(cn).length, 2, 'a wrong PIN leaves the key pair');
        assert.ok((await t.api('certs:list', {})).some((e) => e.id === created.requestId), 'and the request');
      }
      await axe(page, `delete card request (${locale})`);
      await page.screenshot({ path: join(SHOTS, `certs-delete-card-${locale}.png`), fullPage: true });

      if (locale === 'en') {
        await pin.fill(PIN);
        await withKey.click();
        await page.getByText(tr('certs.deletedWithKey')).waitFor({ timeout: 30_000 });
        assert.equal(objectsFor(cn).length, 0, 'the key pair left the card');
      } else {
        await panel.getByRole('button', { name: tr('certs.deleteCard.only'), exact: true }).click();
        await page.getByText(tr('certs.deleted')).waitFor({ timeout: 30_000 });
        assert.equal(objectsFor(cn).length, 2, 'without the PIN the key stays on the card');
      }
      assert.ok(!(await t.api('certs:list', {})).some((e) => e.id === created.requestId), 'the request is gone');
      assert.deepEqual(t.problems, []);
    });
  }
});
