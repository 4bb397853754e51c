/**
 * Export PFX and Import PFX wizards through the browser shell (issue 3 "Also"): export in both
 * profiles from the UI (openssl pkcs12, without -legacy, opens each file; the verify-after-write
 * checks are on the last page), then import the file back into a fresh CERTWIZ_HOME, with a wrong
 * password first (PFX_BAD_PASSWORD), what the file holds shown before importing, and axe clean on
 * the wizards' pages.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { start, openssl, type Target } from './harness';

const KEY_PW = 'key password 1';
const PFX_PW = 'backup pass 42';
const CN = 'pfx.example.org';

async function axe(page: Page, where: string) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  assert.deepEqual(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `axe on ${where}`);
}

const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true }).click();

/** From "Do you want to export the private key" to the last page, PFX with the given encryption. */
async function exportPfx(page: Page, encryption: RegExp, checkAxe: boolean): Promise<void> {
  await page.getByRole('heading', { name: 'Do you want to export the private key with the certificate?' }).waitFor();
  assert.equal(await page.getByLabel('Yes, export the private key').isChecked(), true);
  await next(page);
  await page.getByRole('heading', { name: 'Select the format you want to use' }).waitFor();
  assert.equal(await page.getByLabel('Personal Information Exchange - PKCS #12 (.PFX)').isChecked(), true);
  assert.equal(await page.getByLabel('Include all certificates in the certification path if possible').isChecked(), true);
  assert.equal(await page.getByLabel(/^Enable certificate privacy/).isChecked(), true);
  assert.equal(await page.getByLabel('Delete the private key if the export is successful').isChecked(), false);
  if (checkAxe) await axe(page, 'export format');
  await next(page);
  await page.getByRole('heading', { name: 'To keep the private key safe, protect it with a password' }).waitFor();
  assert.equal(await page.getByLabel(/^AES256-SHA256/).isChecked(), true, 'AES256-SHA256 is the default');
  await page.getByText('it cannot be recovered').waitFor();
  await page.getByText(/^Java keytool cannot open files whose password/).waitFor();
  // Without the stored key's password (High) the page does not go on.
  await page.getByLabel('Password', { exact: true }).fill(PFX_PW);
  await page.getByLabel('Confirm password').fill(PFX_PW);
  await next(page);
  await page.getByRole('alert').filter({ hasText: 'PASSWORD_REQUIRED' }).waitFor();
  await page.getByLabel('Password of the stored key (High security level)').fill(KEY_PW);
  await page.getByLabel(encryption).check();
  if (checkAxe) await axe(page, 'export security');
  await next(page);
  await page.getByRole('heading', { name: 'Where should the file go?' }).waitFor();
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await page.getByRole('heading', { name: 'The export was successful' }).waitFor();
  for (const check of ['The file opens with the password', 'The private key matches the certificate', 'The certification path is in the file', 'The chosen encryption was used']) {
    await page.getByText(`${check}: passed`).waitFor();
  }
  if (checkAxe) await axe(page, 'export done');
}

describe('PFX wizards: export in both profiles, import back', { timeout: 180_000 }, () => {
  const targets: Target[] = [];
  after(async () => {
    for (const t of targets) await t.close();
  });

  test('export (AES256-SHA256 and TripleDES-SHA1), then import into a fresh store', async () => {
    const t = await start();
    targets.push(t);
    const created = await t.api('csr:create', { profileId: 'generic-server', subject: { cn: CN, sans: [CN] }, keyAlgorithm: 'ec-p256', securityLevel: 'high', password: KEY_PW });
    const issued = await t.api('practiceCa:sign', { requestId: created.requestId });
    await t.api('request:complete', { fileName: 'issued.pem', dataBase64: Buffer.from([issued.certificatePem, ...issued.chainPem].join('\n')).toString('base64') });
    const sha1 = issued.certificate.sha1.toLowerCase();
    const { page } = t;

    // 1. From the start page, AES256-SHA256.
    await page.getByRole('button', { name: 'Back up a certificate (export PFX)' }).click();
    await page.getByRole('heading', { name: 'Which certificate do you want to export?' }).waitFor();
    await axe(page, 'export certificate');
    await next(page);
    await exportPfx(page, /^AES256-SHA256/, true);
    // 2. From My certificates, TripleDES-SHA1.
    await page.getByRole('button', { name: 'Finish' }).click();
    await page.getByRole('button', { name: 'Export…' }).click();
    await page.getByRole('heading', { name: 'Which certificate do you want to export?' }).waitFor();
    await next(page);
    await exportPfx(page, /^TripleDES-SHA1/, false);
    assert.deepEqual(t.problems, []);

    const files = readdirSync(t.exportDir).filter((f) => f.endsWith('.pfx')).sort();
    assert.equal(files.length, 2, 'two files, the second never over the first');
    const algs: string[] = [];
    for (const f of files) {
      const info = openssl(['pkcs12', '-in', join(t.exportDir, f), '-passin', `pass:${PFX_PW}`, '-info', '-nokeys', '-noout']);
      algs.push(/PBES2|TripleDES/.exec(info)?.[0] ?? info);
      const certs = openssl(['pkcs12', '-in', join(t.exportDir, f), '-passin', `pass:${PFX_PW}`, '-nokeys']);
      assert.equal(certs.match(/BEGIN CERTIFICATE/g)?.length, 3, 'leaf, Sub CA, root');
    }
    assert.deepEqual(algs.sort(), ['PBES2', 'TripleDES']);

    // 3. A fresh CERTWIZ_HOME: Restore a certificate (import PFX).
    const fresh = await start();
    targets.push(fresh);
    const p = fresh.page;
    await p.getByRole('button', { name: 'Restore a certificate (import PFX)' }).click();
    await p.getByRole('heading', { name: 'Which file do you want to import?' }).waitFor();
    await axe(p, 'import file');
    await next(p);
    await p.getByRole('alert').filter({ hasText: 'FILE_NOT_FOUND' }).waitFor();
    await p.getByLabel('File name').setInputFiles(join(t.exportDir, files[0]));
    await p.getByText(`Chosen: ${files[0]}`).waitFor();
    await next(p);
    await p.getByRole('heading', { name: 'Type the password for the private key' }).waitFor();
    await p.getByLabel('Password', { exact: true }).fill('not the password');
    await next(p);
    await p.getByRole('alert').filter({ hasText: 'PFX_BAD_PASSWORD' }).waitFor();
    await p.getByText('The password does not open this file').waitFor();
    await p.getByLabel('Password', { exact: true }).fill(PFX_PW);
    await next(p);
    await p.getByRole('heading', { name: 'This file holds' }).waitFor();
    await p.getByRole('heading', { name: CN }).waitFor();
    // Shown in upper-case byte pairs, as everywhere else a thumbprint is read aloud.
    await p.getByText(sha1.toUpperCase().replace(/(..)(?=.)/g, '$1 '), { exact: true }).waitFor();
    await axe(p, 'import contents');
    await next(p);
    // The store comes before the options (they depend on it); Certwiz's own store is the default.
    await p.getByRole('heading', { name: 'Where should the certificate go?' }).waitFor();
    assert.equal(await p.getByLabel('Certwiz (this app’s own certificate store)').isChecked(), true);
    await next(p);
    await p.getByRole('heading', { name: 'Import options' }).waitFor();
    assert.equal(await p.getByLabel(/^Mark this key as exportable/).isChecked(), false);
    await p.getByLabel(/^High \(enable strong private key protection\)/).check();
    await p.getByRole('button', { name: 'Import', exact: true }).click();
    await p.getByText('Enter a password').or(p.locator('.problems')).first().waitFor();
    await p.getByLabel('New password for the key').fill('new key pass 7');
    await p.getByLabel('Confirm password').fill('new key pass 7');
    await axe(p, 'import options');
    await p.getByRole('button', { name: 'Import', exact: true }).click();
    await p.getByRole('heading', { name: 'The import was successful' }).waitFor();
    await p.getByText(`${CN}: installed`).waitFor();
    await axe(p, 'import done');

    const list = await fresh.api('certs:list', {});
    assert.equal(list.length, 1);
    assert.equal(list[0].certificate?.sha1.toLowerCase(), sha1);
    assert.equal(list[0].securityLevel, 'high');
    assert.equal(list[0].chain?.length, 2);
    assert.deepEqual(fresh.problems, []);

    // 4. "Delete the private key if the export is successful": only with the confirmation ticked,
    // and only after the file passed verification.
    await page.getByRole('button', { name: 'Finish' }).click();
    await page.getByRole('button', { name: 'Export…' }).click();
    await next(page);
    await next(page);
    await page.getByLabel('Delete the private key if the export is successful').check();
    await page.getByText('Without this file and its password').waitFor();
    await page.getByLabel(/^I understand: delete the key/).check();
    await next(page);
    await page.getByLabel('Password of the stored key (High security level)').fill(KEY_PW);
    await page.getByLabel('Password', { exact: true }).fill(PFX_PW);
    await page.getByLabel('Confirm password').fill(PFX_PW);
    await next(page);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByRole('heading', { name: 'The export was successful' }).waitFor();
    await page.getByText('The private key was deleted from Certwiz, as you asked.').waitFor();
    assert.equal((await t.api('certs:list', {})).length, 0);
    assert.equal(readdirSync(t.exportDir).filter((f) => f.endsWith('.pfx')).length, 3);
  });

  test('keyboard only: the certificate alone as .cer (DER), Enter = Next, arrows pick', async () => {
    const t = await start();
    targets.push(t);
    const created = await t.api('csr:create', { profileId: 'generic-server', subject: { cn: 'kbd.example.org', sans: ['kbd.example.org'] }, keyAlgorithm: 'ec-p256', securityLevel: 'medium' });
    const issued = await t.api('practiceCa:sign', { requestId: created.requestId });
    await t.api('request:complete', { fileName: 'issued.pem', dataBase64: Buffer.from(issued.certificatePem).toString('base64') });
    const { page } = t;
    await page.getByRole('button', { name: 'Back up a certificate (export PFX)' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Which certificate do you want to export?' }).waitFor();
    await page.getByLabel('kbd.example.org').waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Do you want to export the private key with the certificate?' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getByLabel('No, do not export the private key').isChecked(), true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Select the format you want to use' }).waitFor();
    assert.equal(await page.getByLabel('DER encoded binary X.509 (.CER)').isChecked(), true);
    await axe(page, 'export format without key');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Where should the file go?' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'The export was successful' }).waitFor();
    const cer = readdirSync(t.exportDir).filter((f) => f.endsWith('.cer'));
    assert.equal(cer.length, 1);
    const fp = openssl(['x509', '-inform', 'DER', '-in', join(t.exportDir, cer[0]), '-noout', '-fingerprint', '-sha1']);
    assert.equal(fp.split('=')[1].trim().replace(/:/g, '').toLowerCase(), issued.certificate.sha1.toLowerCase());
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Your pending requests and certificates' }).waitFor();
  });
});
