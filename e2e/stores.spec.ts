/**
 * Install CA certificates, the Certificate store page and the Certification path, through the
 * browser shell (issue 4), with HOME pointing at a temporary dir whose ~/.pki/nssdb already holds
 * the practice CA's OLD Sub CA (installed before the guides' 1 May 2025 change). The user drops
 * the practice CA's Sub CA, cross-certificate, root and ARL; the page shows each role, offers the
 * old Sub CA for removal, shows the root's SHA-256 fingerprint (compared with openssl's) and
 * installs it only once confirmed. certutil/crlutil then read the DB as the peer: old Sub CA gone,
 * new Sub CA without trust, root `C,,`, the ARL present. The chain view shows a complete, trusted
 * path, reached by keyboard from the store page. axe on each page, both languages; screenshots
 * go to $CERTWIZ_SHOTS (default /tmp/certwiz-shots) for a person to look at.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { start, openssl, type Target } from './harness';
import { translate, type CatalogueKey, type Locale } from '../shared/i18n';

const SHOTS = process.env.CERTWIZ_SHOTS ?? join(tmpdir(), 'certwiz-shots');

async function axe(page: Page, where: string): Promise<void> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `axe on ${where}`);
}

function nss(db: string, args: string[], tool = 'certutil'): string {
  return execFileSync(tool, [...args, '-d', `sql:${db}`], { encoding: 'utf8' });
}

describe('stores: Install CA certificates, store page, certification path', { timeout: 240_000 }, () => {
  let t: Target;
  let home: string;
  let db: string;
  let ca: string;

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'certwiz-e2e-home-'));
    db = join(home, '.pki', 'nssdb');
    mkdirSync(db, { recursive: true });
    execFileSync('certutil', ['-N', '-d', `sql:${db}`, '--empty-password']);
    t = await start({ env: { HOME: home } });
    ca = (await t.api('practiceCa:info', {})).dir;
    // The state before the change: the old Sub CA is installed (no trust, an intermediate).
    nss(db, ['-A', '-n', 'old-sub-ca', '-t', ',,', '-i', join(ca, 'old-sub-ca.crt')]);
    mkdirSync(SHOTS, { recursive: true });
  });
  after(() => t?.close());

  for (const locale of ['en', 'zh-Hant'] as Locale[]) {
    test(`install the CA files, confirm the root, see a trusted path (${locale})`, async () => {
      const { page } = t;
      const tr = (k: CatalogueKey, p?: Record<string, string | number>) => translate(locale, k, p);
      const heading = (k: CatalogueKey, p?: Record<string, string | number>) => page.getByRole('heading', { name: tr(k, p), exact: true }).waitFor();
      await page.locator('#lang').selectOption(locale);
      await page.getByRole('button', { name: `${tr('app.title')} – ${tr('app.home')}` }).click();
      await page.getByRole('button', { name: tr('stores.home.installCa'), exact: true }).click();
      await heading('stores.install.files.heading');

      const files = ['sub-ca.crt', 'cross.crt', 'root.crt', 'root.arl.crl'].map((n) => join(ca, n));
      await page.locator('#ca-files').setInputFiles(files);
      await page.getByText(tr('stores.install.files.chosen', { count: 4 })).waitFor();
      await axe(page, `files (${locale})`);
      await page.screenshot({ path: join(SHOTS, `stores-files-${locale}.png`) });
      await page.getByRole('button', { name: tr('wizard.next'), exact: true }).click();

      await heading('stores.install.check.heading');
      const rows = page.locator('table.store tbody tr');
      if (locale === 'en') {
        assert.equal(await rows.count(), 3);
        const roles = await rows.locator('td:nth-child(2)').allTextContents();
        assert.deepEqual(roles, [tr('stores.role.intermediate'), tr('stores.role.cross-certificate'), tr('stores.role.root')]);
        // The old Sub CA is offered for removal, ticked by default.
        assert.equal(await page.getByLabel(tr('stores.install.check.removeOld', { count: 1 })).isChecked(), true);
        // The root's fingerprint is the one openssl computes.
        const fp = openssl(['x509', '-in', join(ca, 'root.crt'), '-noout', '-fingerprint', '-sha256']).split('=')[1].trim();
        assert.equal((await page.locator('.root-confirm .fp').textContent())?.trim(), fp);
        await page.getByLabel(tr('stores.install.root.confirm')).check();
      } else {
        // Second run: everything is installed already and no old Sub CA is left.
        assert.deepEqual(await rows.locator('td:nth-child(5)').allTextContents(), Array(3).fill(tr('stores.status.installed')));
        assert.equal(await page.locator('#remove-old').count(), 0);
        assert.equal(await page.locator('.root-confirm').count(), 0);
      }
      await axe(page, `check (${locale})`);
      await page.screenshot({ path: join(SHOTS, `stores-check-${locale}.png`), fullPage: true });
      await page.getByRole('button', { name: tr('wizard.next'), exact: true }).click();

      await heading('stores.install.store.heading');
      assert.equal(await page.getByLabel(tr('stores.picker.auto')).isChecked(), true);
      await axe(page, `store choice (${locale})`);
      await page.screenshot({ path: join(SHOTS, `stores-picker-${locale}.png`) });
      await page.getByRole('button', { name: tr('stores.install.button'), exact: true }).click();

      await heading('stores.install.done.heading');
      const result = await page.locator('.result-list').textContent();
      const placedRoot = tr('stores.install.done.placed', { role: tr('stores.role.root'), name: 'Certwiz Practice Root CA - not trusted', store: tr('stores.loc.root') });
      assert.ok(result?.includes(placedRoot), result ?? '');
      await axe(page, `result (${locale})`);
      await page.screenshot({ path: join(SHOTS, `stores-result-${locale}.png`) });

      // The peer's view of the DB.
      const list = nss(db, ['-L']);
      assert.doesNotMatch(list, /old-sub-ca/);
      assert.match(list, /Certwiz Practice Root CA - not trusted.*\s+C,,\s*$/m);
      assert.match(list, /Certwiz Practice Issuing CA - not trusted.*\s+,,\s*$/m);
      assert.match(nss(db, ['-L'], 'crlutil'), /Certwiz Practice Root CA - not trusted/);

      await page.getByRole('button', { name: tr('stores.install.done.chain', { name: 'Certwiz Practice Issuing CA - not trusted' }) }).click();
      await heading('chain.headingOf', { name: 'Certwiz Practice Issuing CA - not trusted' });
      await page.getByText(tr('chain.summary.trusted')).waitFor();
      const tree = page.locator('.chain-path').first();
      // Two paths: through the root (trusted), and through the cross-certificate to the legacy
      // root that is not installed (incomplete), as Windows would show the alternatives.
      assert.equal(await tree.getByRole('heading').first().textContent(), tr('chain.pathN', { n: 1, state: tr('chain.state.trusted') }));
      assert.equal(await page.locator('.chain-path h3').nth(1).textContent(), tr('chain.pathN', { n: 2, state: tr('chain.state.incomplete') }));
      assert.equal(await tree.locator('.chain-tree .link-name').count(), 2);
      assert.match((await tree.locator('.chain-tree').textContent()) ?? '', new RegExp(tr('chain.rev.good')));
      await axe(page, `chain (${locale})`);
      await page.screenshot({ path: join(SHOTS, `chain-${locale}.png`), fullPage: true });
    });
  }

  test('store page lists the entries with thumbprints, and the path opens by keyboard', async () => {
    const { page } = t;
    const tr = (k: CatalogueKey, p?: Record<string, string | number>) => translate('en', k, p);
    await page.locator('#lang').selectOption('en');
    await page.getByRole('button', { name: `${tr('app.title')} – ${tr('app.home')}` }).click();
    await page.getByRole('button', { name: tr('stores.home.page'), exact: true }).click();
    await page.getByRole('heading', { name: tr('stores.page.heading'), exact: true }).waitFor();
    await page.locator('table.store tbody tr').first().waitFor();
    const sha1 = openssl(['x509', '-in', join(ca, 'root.crt'), '-noout', '-fingerprint', '-sha1']).split('=')[1].trim().replace(/:/g, ' ');
    // The root and the cross-certificate share the name; the root is the one in Trusted Root.
    const row = page.locator('table.store tbody tr', { hasText: 'Certwiz Practice Root CA - not trusted' }).filter({ hasText: tr('stores.loc.root') });
    assert.equal(await row.locator('td.mono').first().textContent(), sha1);
    // Trust in words (C,, = a CA trusted for websites), the raw flags kept in the cell's title.
    const trust = row.locator('td').nth(1);
    assert.equal(await trust.textContent(), tr('stores.trust.for', { purposes: tr('stores.trust.tls') }));
    assert.equal(await trust.getAttribute('title'), 'C,,');
    assert.equal(await row.locator('td').first().textContent(), tr('stores.loc.root'));
    await axe(page, 'store page');
    await page.screenshot({ path: join(SHOTS, 'store-page-en.png'), fullPage: true });
    // Keyboard only: Tab to the root's "Certification path" button, Enter.
    const target = row.getByRole('button', { name: tr('stores.page.chainOf', { name: 'Certwiz Practice Root CA - not trusted' }) });
    for (let i = 0; i < 40 && !(await target.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: tr('chain.headingOf', { name: 'Certwiz Practice Root CA - not trusted' }), exact: true }).waitFor();
    await page.getByText(tr('chain.summary.trusted')).waitFor();
    // The same store page in Traditional Chinese, for the README pictures.
    await page.locator('#lang').selectOption('zh-Hant');
    await page.getByRole('button', { name: `${translate('zh-Hant', 'app.title')} – ${translate('zh-Hant', 'app.home')}` }).click();
    await page.getByRole('button', { name: translate('zh-Hant', 'stores.home.page'), exact: true }).click();
    await page.getByRole('heading', { name: translate('zh-Hant', 'stores.page.heading'), exact: true }).waitFor();
    await page.locator('table.store tbody tr').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'store-page-zh-Hant.png'), fullPage: true });
    await page.locator('#lang').selectOption('en');
    assert.deepEqual(t.problems, []);
  });

  test('My certificates → Certification path of an issued certificate, through the installed Sub CA and root', async () => {
    const { page } = t;
    const tr = (k: CatalogueKey, p?: Record<string, string | number>) => translate('en', k, p);
    const CN = 'chain.example.com';
    const created = await t.api('csr:create', { profileId: 'generic-server', subject: { cn: CN, sans: [CN] }, keyAlgorithm: 'ec-p256', securityLevel: 'medium' });
    const issued = await t.api('practiceCa:sign', { requestId: created.requestId });
    await t.api('request:complete', { fileName: 'issued.pem', dataBase64: Buffer.from(issued.certificatePem).toString('base64') });
    await page.locator('#lang').selectOption('en');
    await page.getByRole('button', { name: tr('home.certs'), exact: true }).first().click();
    const card = page.locator('li.card', { hasText: CN });
    await card.getByRole('button', { name: tr('chain.open'), exact: true }).click();
    await page.getByRole('heading', { name: tr('chain.headingOf', { name: CN }), exact: true }).waitFor();
    await page.getByText(tr('chain.summary.trusted')).waitFor();
    const first = page.locator('.chain-path').first();
    assert.equal(await first.locator('.chain-tree .link-name').count(), 3);
    // The Sub CA is the one in the store (an installed copy wins over the copy saved with the key).
    assert.match((await first.locator('.chain-tree').textContent()) ?? '', new RegExp(tr('chain.source.store', { store: tr('stores.loc.intermediate') })));
    await axe(page, 'chain from My certificates');
    await page.getByRole('button', { name: tr('chain.back'), exact: true }).click();
    await page.getByRole('heading', { name: tr('certs.heading'), exact: true }).waitFor();
  });

  test('the old Sub CA file itself is flagged as revoked by the ARL', async () => {
    const { readFileSync } = await import('node:fs');
    const f = (n: string) => ({ fileName: n, dataBase64: readFileSync(join(ca, n)).toString('base64') });
    const a = await t.api('stores:analyse', { files: [f('old-sub-ca.crt'), f('root.crt'), f('root.arl.crl')] });
    assert.deepEqual(a.flagged.map((x) => x.status), ['revoked']);
  });
});
