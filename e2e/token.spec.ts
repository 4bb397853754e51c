/**
 * The smart-card flow through the UI (issue 5 "e2e through the browser shell with SoftHSM2"):
 * pick "On a smart card or token", see the card (reader, card number), a wrong PIN first
 * (PIN_INCORRECT, nothing left on the card), the right PIN, the card signs the CSR (openssl
 * verifies), practice CA, complete with the PIN: pkcs11-tool finds the key and the certificate
 * under one ID. Also: axe on the card page, the page in Traditional Chinese, screenshots of both.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { start, openssl, ROOT, type Target } from './harness';
import { createSoftHsm, serialOf, SOFTHSM_MODULE, type SoftHsm } from '../test/pkcs11/softhsm';

const PIN = '4321';
const LABEL = 'E2E Card';
const SHOTS = join(ROOT, 'docs', 'screenshots');

let hsm: SoftHsm;
const objects = () =>
  hsm.pkcs11Tool(['--token-label', LABEL, '--login', '--pin', PIN, '--list-objects']).split(/\n(?=\S)/).filter((b) => /Object;/.test(b));
const idOf = (block: string) => /\bID:\s+([0-9a-f]+)/.exec(block)?.[1];

async function toKeyPage(page: Page, tr: { request: string; next: string; cn: string; keyHeading: string; onCard: string; profile: string }) {
  await page.getByRole('button', { name: tr.request }).click();
  await page.getByLabel(tr.profile).check();
  await page.getByRole('button', { name: tr.next, exact: true }).click();
  await page.getByLabel(tr.cn).fill('card.example.com');
  await page.getByRole('button', { name: tr.next, exact: true }).click();
  await page.getByRole('heading', { name: tr.keyHeading }).waitFor();
  await page.getByLabel(tr.onCard).check();
}

async function axeClean(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
}

describe('enroll wizard: key on a smart card (SoftHSM2)', { timeout: 180_000 }, () => {
  let t: Target;
  before(async () => {
    hsm = createSoftHsm([{ label: LABEL, pin: PIN }]);
    mkdirSync(SHOTS, { recursive: true });
    t = await start({ env: { SOFTHSM2_CONF: hsm.conf, CERTWIZ_PKCS11_MODULE: SOFTHSM_MODULE } });
  });
  after(async () => {
    await t?.close();
    hsm?.cleanup();
  });

  test('card picked, wrong PIN then right PIN, CSR signed by the card, completed onto the card', async () => {
    const { page } = t;
    await toKeyPage(page, {
      request: 'Request a certificate',
      profile: 'Other server certificate (SSL/TLS)',
      next: 'Next',
      cn: 'Common name',
      keyHeading: 'Choose the key and how it is protected',
      onCard: 'On a smart card or token',
    });
    // The only card is chosen; the Certum dialog's facts are shown.
    const card = page.getByRole('radio', { name: LABEL });
    await card.waitFor();
    assert.equal(await card.isChecked(), true);
    await page.getByText(`Card number: ${serialOf(hsm, LABEL)}`).waitFor();
    await page.getByText(/Reader: SoftHSM slot/).first().waitFor();
    await page.getByText('There is no security level for a key on a card').waitFor();
    await page.getByText('Do not remove the card from the reader', { exact: false }).first().waitFor();
    assert.equal(await page.getByLabel('Password', { exact: true }).count(), 0, 'no key password for a card key');
    assert.equal(await page.getByRole('radio', { name: /^EC P-256/ }).count(), 1, 'SoftHSM offers EC');
    await axeClean(page);
    await page.screenshot({ path: join(SHOTS, 'enroll-card-en.png'), fullPage: true });

    // The library in use is named; a file that is not a PKCS#11 library is refused, not saved.
    await page.getByText(`Card driver library: ${SOFTHSM_MODULE}`).waitFor();
    await page.getByRole('button', { name: 'Use another library…' }).click();
    await page.getByLabel('Library file of the card driver (PKCS#11)').fill('/etc/hostname');
    await page.getByRole('button', { name: 'Use this library' }).click();
    await page.getByRole('alert').filter({ hasText: 'TOKEN_ERROR' }).waitFor();
    assert.equal(await page.getByRole('radio', { name: LABEL }).isChecked(), true);

    // Too short for the card: refused on the page, no try spent.
    await page.getByLabel('PIN of the card').fill('12');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByText(/The PIN of this card has \d+ to \d+ characters/).first().waitFor();

    // A wrong PIN of the right length: the card refuses it, back on the Key page.
    await page.getByLabel('PIN of the card').fill('9999');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByText(`On the card ${LABEL}`).waitFor();
    await page.getByRole('button', { name: 'Create request' }).click();
    await page.getByRole('alert').filter({ hasText: 'PIN_INCORRECT' }).waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: 'Choose the key and how it is protected' }).waitFor();
    assert.equal(objects().length, 0, 'nothing left on the card after a wrong PIN');

    await page.getByLabel('PIN of the card').fill(PIN);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('button', { name: 'Create request' }).click();
    await page.getByRole('heading', { name: 'Send this certificate request to the certificate authority' }).waitFor({ timeout: 120_000 });
    await page.getByText(`The key is on the card ${LABEL}`).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Back up the private key' }).count(), 0);
    const csr = await page.getByLabel('Certificate request (CSR)').inputValue();
    assert.match(openssl(['req', '-noout', '-verify'], csr), /verify OK/i);
    const priv = objects().find((b) => /Private Key Object/.test(b));
    assert.ok(priv, 'the key is on the card');
    assert.equal(openssl(['req', '-noout', '-pubkey'], csr).length > 0, true);

    await page.getByRole('button', { name: 'Submit to practice CA' }).click();
    await page.getByRole('heading', { name: 'Store the certificate on the card' }).waitFor();
    await page.getByLabel('PIN of the card').fill(PIN);
    await page.getByLabel('Also store the CA certificates of the chain on the card').check();
    await page.getByRole('button', { name: 'Complete request' }).click();
    await page.getByRole('heading', { name: 'The certificate is installed with its key' }).waitFor({ timeout: 60_000 });

    const objs = objects();
    const key = objs.find((b) => /Private Key Object/.test(b))!;
    const certs = objs.filter((b) => /Certificate Object/.test(b));
    assert.ok(certs.some((c) => idOf(c) === idOf(key)), objs.join('\n'));
    assert.equal(certs.length, 3, 'leaf + Sub CA + root');
    assert.deepEqual(t.problems, []);
  });

  test('Complete a pending request: a card request asks for the PIN and writes onto the card', async () => {
    const { page } = t;
    const created = await t.api('csr:create', {
      profileId: 'generic-server',
      subject: { cn: 'later.example.com', sans: [] },
      keyAlgorithm: 'ec-p256',
      securityLevel: 'high',
      keyLocation: { kind: 'token', token: LABEL, pin: PIN },
    });
    assert.equal(created.token?.label, LABEL);
    const issued = await t.api('practiceCa:sign', { requestId: created.requestId });
    await page.reload();
    await page.getByRole('button', { name: 'Complete a pending request' }).click();
    await page.getByRole('heading', { name: 'Store the certificate on the card' }).waitFor();
    await page.getByLabel('Or paste the certificate (PEM text)').fill(issued.certificatePem);
    await page.getByLabel('PIN of the card').fill('8888');
    await page.getByRole('button', { name: 'Complete request' }).click();
    await page.getByRole('alert').filter({ hasText: 'PIN_INCORRECT' }).waitFor({ timeout: 30_000 });
    await page.getByLabel('PIN of the card').fill(PIN);
    await page.getByRole('button', { name: 'Complete request' }).click();
    await page.getByRole('heading', { name: 'The certificate is installed with its key' }).waitFor({ timeout: 60_000 });
    const objs = objects();
    const later = objs.filter((b) => /later\.example\.com/.test(b));
    const key = later.find((b) => /Private Key Object/.test(b))!;
    const cert = later.find((b) => /Certificate Object/.test(b));
    assert.ok(key && cert, objs.join('\n'));
    assert.equal(idOf(cert), idOf(key));
  });
});

describe('the card page in Traditional Chinese', { timeout: 120_000 }, () => {
  let t: Target;
  let zhHsm: SoftHsm;
  before(async () => {
    zhHsm = createSoftHsm([{ label: '卡片 E2E', pin: PIN }]);
    t = await start({ locale: 'zh-HK', env: { SOFTHSM2_CONF: zhHsm.conf, CERTWIZ_PKCS11_MODULE: SOFTHSM_MODULE } });
  });
  after(async () => {
    await t?.close();
    zhHsm?.cleanup();
  });

  test('the same choices and warnings in Chinese, axe clean', async () => {
    const { catalogues } = await import('../shared/i18n');
    const zh = catalogues['zh-Hant'];
    const { page } = t;
    await toKeyPage(page, {
      request: zh['home.enroll'],
      profile: zh['profile.generic-server'],
      next: zh['wizard.next'],
      cn: zh['field.cn'],
      keyHeading: zh['enroll.key.heading'],
      onCard: zh['token.where.token'],
    });
    await page.getByRole('radio', { name: '卡片 E2E' }).waitFor();
    await page.getByText(zh['token.level.none']).waitFor();
    await page.getByText(zh['token.keygen.warning']).waitFor();
    await page.getByLabel(zh['token.pin.label']).fill('1');
    await page.getByRole('button', { name: zh['wizard.next'], exact: true }).click();
    await page.getByText(/這張卡片的 PIN 碼有 \d+ 至 \d+ 個字元/).first().waitFor();
    await axeClean(page);
    await page.screenshot({ path: join(SHOTS, 'enroll-card-zh-Hant.png'), fullPage: true });
  });
});
