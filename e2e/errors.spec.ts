/**
 * Errors a person can act on, through the UI (issue 2 "How we will know"): a certificate for
 * another key is refused with NO_PENDING_KEY, bad files get their own codes, and a wrong key
 * password (backup, Set security level) gives KEY_PASSWORD_INCORRECT, in both languages.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, openssl, type Target } from './harness';

const PASSWORD = 'right password 1';

describe('error pages', { timeout: 120_000 }, () => {
  let t: Target;
  let foreignPem: string;
  let requestId: string;

  before(async () => {
    t = await start();
    // A real certificate for a key Certwiz never made.
    const dir = mkdtempSync(join(tmpdir(), 'certwiz-foreign-'));
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-subj', '/CN=www.example.com', '-days', '30']);
    foreignPem = readFileSync(join(dir, 'c.pem'), 'utf8');
    const created = await t.api('csr:create', {
      profileId: 'generic-server',
      subject: { cn: 'www.example.org', sans: ['www.example.org'] },
      keyAlgorithm: 'ec-p256',
      securityLevel: 'high',
      password: PASSWORD,
    });
    requestId = created.requestId;
  });
  after(() => t?.close());

  const alert = () => t.page.getByRole('alert');

  test('a certificate for another key is refused with NO_PENDING_KEY, plainly', async () => {
    const { page } = t;
    await page.getByRole('button', { name: 'Complete a pending request' }).click();
    await page.getByRole('heading', { name: 'Choose the certificate the authority sent you' }).waitFor();
    await page.getByText('Pending requests: 1').waitFor();
    await page.getByLabel(/^Certificate file/).setInputFiles({ name: 'issued.cer', mimeType: 'application/pkix-cert', buffer: Buffer.from(foreignPem) });
    await page.getByRole('button', { name: 'Complete request' }).click();
    await alert().getByText('NO_PENDING_KEY').waitFor();
    assert.match(await alert().textContent() ?? '', /does not belong to any pending request/);
    // Still on the same page: nothing was installed, the user can choose another file.
    await page.getByRole('heading', { name: 'Choose the certificate the authority sent you' }).waitFor();
  });

  test('an empty file and a non-certificate file get their own codes', async () => {
    const { page } = t;
    await page.getByLabel(/^Certificate file/).setInputFiles({ name: 'empty.cer', mimeType: 'application/octet-stream', buffer: Buffer.alloc(0) });
    await page.getByRole('button', { name: 'Complete request' }).click();
    await alert().getByText('FILE_EMPTY').waitFor();
    await page.getByLabel(/^Certificate file/).setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello, this is not a certificate') });
    await page.getByRole('button', { name: 'Complete request' }).click();
    await alert().getByText('FILE_NOT_CERTIFICATE').waitFor();
  });

  test('the same refusal reads in Traditional Chinese', async () => {
    const { page } = t;
    await page.getByLabel(/^Certificate file/).setInputFiles([]);
    await page.getByLabel('Language').selectOption('zh-Hant');
    await page.getByRole('heading', { name: '選擇憑證授權單位寄給您的憑證' }).waitFor();
    await page.getByLabel('或貼上憑證（PEM 文字）').fill(foreignPem);
    await page.getByRole('button', { name: '完成要求' }).click();
    await alert().getByText('NO_PENDING_KEY').waitFor();
    assert.match(await alert().textContent() ?? '', /此憑證不屬於任何擱置的要求/);
    await page.getByLabel('語言').selectOption('en');
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await page.getByRole('heading', { name: 'What do you want to do?' }).waitFor();
  });

  test('opened without its token, the page says how to open it (browser shell)', async (ctx) => {
    if (t.kind !== 'web') return ctx.skip('browser shell only');
    const other = await t.page.context().newPage();
    try {
      await other.goto(new URL(t.url!).origin + '/');
      await other.getByRole('alert').getByText('This address has no access key').waitFor();
    } finally {
      await other.close();
    }
  });

  test('a wrong key password when backing up gives KEY_PASSWORD_INCORRECT', async () => {
    const { page } = t;
    await page.getByRole('button', { name: 'My certificates' }).first().click();
    await page.getByRole('heading', { name: 'Pending requests', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Back up', exact: true }).click();
    await page.getByLabel('Key password').fill('not the password');
    await page.getByRole('button', { name: 'Back up the private key' }).click();
    await alert().getByText('KEY_PASSWORD_INCORRECT').waitFor();
    assert.match(await alert().textContent() ?? '', /password does not open this key/);
    assert.doesNotMatch(await alert().textContent() ?? '', /not the password/, 'the password is not echoed');
  });

  test('a wrong current password in Set security level gives KEY_PASSWORD_INCORRECT, the right one works', async () => {
    const { page } = t;
    await page.getByRole('button', { name: 'Set level' }).click();
    await page.getByRole('heading', { name: 'Choose the key to change' }).waitFor();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('heading', { name: 'Choose the new security level' }).waitFor();
    assert.equal(await page.getByLabel('Medium: no password').isChecked(), true, 'the other level is preselected');
    await page.getByText('Medium keys are protected only by a key file').waitFor();
    await page.getByLabel('Current password').fill('wrong');
    await page.getByRole('button', { name: 'Change security level' }).click();
    await alert().getByText('KEY_PASSWORD_INCORRECT').waitFor();
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Change security level' }).click();
    await page.getByRole('heading', { name: 'The security level is changed' }).waitFor();
    const list = await t.api('certs:list', {});
    assert.equal(list.find((e) => e.id === requestId)?.securityLevel, 'medium');
  });
});
