/**
 * Renewal from My certificates (issue 2 part 2: pre-fills the subject and names of the installed
 * certificate and makes a new key), and the language following the browser (zh-HK -> zh-Hant).
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, type Target } from './harness';

describe('renewal and language', { timeout: 120_000 }, () => {
  const targets: Target[] = [];
  after(async () => {
    for (const t of targets) await t.close();
  });

  test('Renew pre-fills the installed certificate’s names and makes a new pending request', async () => {
    const t = await start();
    targets.push(t);
    // Set-up through the API: an installed certificate from the practice CA.
    const created = await t.api('csr:create', {
      profileId: 'generic-server',
      subject: { cn: 'mail.example.net', o: 'Example Ltd', sans: ['mail.example.net', 'smtp.example.net'] },
      keyAlgorithm: 'ec-p256',
      securityLevel: 'medium',
    });
    const issued = await t.api('practiceCa:sign', { requestId: created.requestId });
    const pem = [issued.certificatePem, ...issued.chainPem].join('\n');
    await t.api('request:complete', { fileName: 'issued.pem', dataBase64: Buffer.from(pem).toString('base64') });

    const { page } = t;
    await page.getByRole('button', { name: 'My certificates' }).first().click();
    await page.getByRole('button', { name: 'Renew' }).click();
    await page.getByRole('heading', { name: 'Choose the certificate authority profile' }).waitFor();
    await page.getByText(/^Renewing .*mail\.example\.net/).waitFor();
    assert.equal(await page.getByLabel('Other server certificate (SSL/TLS)').isChecked(), true);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    assert.equal(await page.getByLabel('Common name').inputValue(), 'mail.example.net');
    assert.equal(await page.getByLabel('Organization', { exact: true }).inputValue(), 'Example Ltd');
    assert.match(await page.getByLabel('More domain names').inputValue(), /smtp\.example\.net/);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    assert.equal(await page.getByLabel('EC P-256').isChecked(), true, 'the key type is kept');
    await page.getByLabel('Medium: no password').check();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('button', { name: 'Create request' }).click();
    await page.getByRole('heading', { name: 'Send this certificate request to the certificate authority' }).waitFor({ timeout: 60_000 });
    const csr = await page.getByLabel('Certificate request (CSR)').inputValue();
    assert.notEqual(csr.trim(), created.csrPem.trim(), 'a new key, so a new CSR');
    const list = await t.api('certs:list', {});
    assert.equal(list.filter((e) => e.status === 'pending').length, 1);
    assert.equal(list.filter((e) => e.status === 'installed').length, 1);
  });

  test('a Hong Kong browser gets Traditional Chinese without asking, and can switch', async () => {
    const t = await start({ locale: 'zh-HK' });
    targets.push(t);
    const { page } = t;
    await page.getByRole('heading', { name: '您要做什麼？' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hant');
    await page.getByRole('button', { name: '要求憑證' }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('一般名稱').waitFor();
    await page.getByLabel('國家/地區').waitFor();
    await page.getByLabel('語言').selectOption('en');
    await page.getByLabel('Common name').waitFor();
    await page.getByRole('button', { name: 'Back', exact: true }).waitFor();
  });
});
