/**
 * The whole enrollment flow through the UI, by visible labels (issue 2 "How we will know"):
 * HK Post profile, IDN name, High key, CSR copied and saved (openssl accepts it), key backed up
 * (openssl opens it with the password), practice CA, complete, listed with thumbprints that
 * match openssl's own.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { start, openssl, fileExists, type Target } from './harness';

const PASSWORD = 'correct horse 9';
const IDN = 'www.我的服务器.com';
const ACE = 'www.xn--zfru1g2vn33etpw.com';

const grouped = (hex: string) => hex.toUpperCase().replace(/(..)(?=.)/g, '$1 ');

describe('enroll wizard: whole flow', { timeout: 120_000 }, () => {
  let t: Target;
  before(async () => {
    t = await start();
  });
  after(() => t?.close());

  test('profile, IDN subject, High key, CSR, backup, practice CA, complete, listed', async () => {
    const { page } = t;
    await page.getByRole('button', { name: 'Request a certificate' }).click();
    await page.getByRole('heading', { name: 'Choose the certificate authority profile' }).waitFor();
    await page.getByLabel('Hongkong Post e-Cert (Server)').check();
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    await page.getByRole('heading', { name: 'Enter the names the certificate will show' }).waitFor();
    await page.getByLabel('Common name').fill(IDN);
    await page.getByLabel('Organization', { exact: true }).fill('Example Trading Limited');
    await page.getByLabel('Organizational unit').fill('IT Department');
    assert.equal(await page.getByLabel('City/locality').inputValue(), 'Hong Kong');
    assert.equal(await page.getByLabel('State/province').inputValue(), 'Hong Kong');
    assert.equal(await page.getByLabel('Country/region').inputValue(), 'HK');
    // Both forms of the Chinese domain name are shown (guide 004 B 4).
    await page.getByText(`Encoded in the request as: ${ACE}`).waitFor();

    // A wildcard not in the left-most label is refused as the user types, with the rule's words.
    await page.getByLabel('Common name').fill('www.*.example.com');
    await page.getByText('the wildcard * may only be the left-most part').waitFor();
    await page.getByLabel('Common name').fill(IDN);
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    await page.getByRole('heading', { name: 'Choose the key and how it is protected' }).waitFor();
    assert.equal(await page.getByLabel('RSA 2048 bits (recommended)').isChecked(), true);
    assert.equal(await page.getByRole('radio', { name: /^RSA 4096/ }).count(), 0, 'HK Post offers RSA 2048 only');
    assert.equal(await page.getByLabel(/^High \(recommended\)/).isChecked(), true);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirm password').fill(PASSWORD + 'x');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByText('The two passwords are not the same').waitFor();
    await page.getByLabel('Confirm password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    await page.getByRole('heading', { name: 'Check the request, then create it' }).waitFor();
    await page.getByText(ACE).first().waitFor();
    await page.getByRole('button', { name: 'Create request' }).click();

    await page.getByRole('heading', { name: 'Send this certificate request to the certificate authority' }).waitFor({ timeout: 60_000 });
    assert.equal(await page.getByRole('button', { name: 'Back', exact: true }).isDisabled(), true, 'Back is disabled after the key is made');
    const csr = await page.getByLabel('Certificate request (CSR)').inputValue();
    assert.match(csr, /^-----BEGIN CERTIFICATE REQUEST-----\n[\s\S]+\n-----END CERTIFICATE REQUEST-----\n?$/);

    // Copy puts exactly the CSR on the clipboard.
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), csr);

    // Save as .req: the file exists where the page says, and openssl verifies it.
    await page.getByLabel('File type').selectOption('req');
    await page.getByRole('button', { name: 'Save as…' }).click();
    const saved = await page.getByText(/^Saved to /).textContent();
    const csrPath = saved!.replace(/^Saved to /, '').trim();
    assert.ok(csrPath.startsWith(t.exportDir) && csrPath.endsWith('.req'), csrPath);
    assert.ok(fileExists(csrPath));
    assert.equal(readFileSync(csrPath, 'utf8').trim(), csr.trim());
    const verify = openssl(['req', '-in', csrPath, '-noout', '-verify', '-subject', '-nameopt', 'RFC2253']);
    assert.match(verify, /verify OK/i);
    assert.match(verify, new RegExp(`CN=${ACE.replace(/\./g, '\\.')}`));
    assert.match(verify, /C=HK/);

    // Back up the pending key: openssl opens it with the key's password.
    await page.getByLabel('Key password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Back up the private key' }).click();
    const backedUp = await page.getByText(/^Key backed up to /).textContent();
    const keyPath = backedUp!.replace(/^Key backed up to /, '').trim();
    const passFile = join(t.exportDir, '..', 'pass.txt');
    writeFileSync(passFile, PASSWORD, { mode: 0o600 });
    const pub = openssl(['pkey', '-in', keyPath, '-passin', `file:${passFile}`, '-pubout']);
    const csrPub = openssl(['req', '-in', csrPath, '-noout', '-pubkey']);
    assert.equal(pub.trim(), csrPub.trim(), 'the backup is the key of this CSR');

    // Practice CA, then complete.
    await page.getByRole('button', { name: 'Submit to practice CA' }).click();
    await page.getByText(/The practice CA issued a certificate/).waitFor();
    await page.getByRole('button', { name: 'Complete request' }).click();
    await page.getByRole('heading', { name: 'The certificate is installed with its key' }).waitFor();

    // Thumbprints shown equal openssl's, computed from the stored certificate.
    const keysDir = join(t.home, 'keys');
    const record = readdirSync(keysDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(keysDir, f), 'utf8')) as { certificatePem?: string })
      .find((r) => r.certificatePem);
    assert.ok(record?.certificatePem);
    const fp = (alg: string) =>
      openssl(['x509', '-noout', '-fingerprint', `-${alg}`], record.certificatePem)
        .split('=')[1]
        .trim()
        .replace(/:/g, '');
    const sha1 = fp('sha1');
    const sha256 = fp('sha256');
    await page.getByText(grouped(sha1)).waitFor();
    await page.getByText(grouped(sha256)).waitFor();

    await page.getByRole('button', { name: 'Finish' }).click();
    await page.getByRole('heading', { name: 'Your pending requests and certificates' }).waitFor();
    await page.getByRole('heading', { name: 'Installed certificates' }).waitFor();
    await page.getByText(grouped(sha1)).waitFor();
    await page.getByText(grouped(sha256)).waitFor();
    await page.getByText(IDN).first().waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Pending requests', exact: true }).count(), 0);
  });
});
