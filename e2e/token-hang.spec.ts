/**
 * A card driver that hangs, through the browser shell (issue 5 "How": PKCS#11 calls must not
 * block the main process). The shell uses a C shim over SoftHSM2 that sleeps inside
 * C_GetSlotList for as long as a file says (test/pkcs11/slow-module.ts), with a 1.5 s token
 * timeout: while the Key page's card list hangs, the shell still answers other requests at once,
 * the page says the reader is not answering (TOKEN_TIMEOUT, in the user's words), and once the
 * driver is back the card shows up again on the next poll.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { start, type Target } from './harness';
import { createSoftHsm, SOFTHSM_MODULE, type SoftHsm } from '../test/pkcs11/softhsm';
import { buildSlowModule } from '../test/pkcs11/slow-module';

const LABEL = 'Hang Card';

describe('Key page with a card driver that hangs', { timeout: 120_000 }, () => {
  let t: Target | undefined;
  let hsm: SoftHsm;
  let slow: string | undefined;
  let delayFile = '';
  before(async () => {
    hsm = createSoftHsm([{ label: LABEL, pin: '1234' }]);
    slow = buildSlowModule(hsm.dir);
    if (!slow) return;
    delayFile = join(hsm.dir, 'delay-ms');
    writeFileSync(delayFile, '0');
    t = await start({
      env: { SOFTHSM2_CONF: hsm.conf, CERTWIZ_PKCS11_MODULE: slow, SLOW_P11_REAL: SOFTHSM_MODULE, SLOW_P11_MS_FILE: delayFile, CERTWIZ_PKCS11_TIMEOUT_MS: '1500' },
    });
  });
  after(async () => {
    await t?.close();
    hsm?.cleanup();
  });

  test('the shell keeps answering, the page says the reader is not answering, then recovers', async (ctx) => {
    if (!t || !slow) return ctx.skip('gcc or p11-kit headers missing');
    const { page } = t;
    await page.getByRole('button', { name: 'Request a certificate' }).click();
    await page.getByLabel('Other server certificate (SSL/TLS)').check();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByLabel('Common name').fill('hang.example.com');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('heading', { name: 'Choose the key and how it is protected' }).waitFor();
    await page.getByLabel('On a smart card or token').check();
    await page.getByRole('radio', { name: LABEL }).waitFor();

    // The driver now sleeps 5 s in each C_GetSlotList (a list makes two).
    writeFileSync(delayFile, '5000');
    await page.getByText('The card reader or its driver is not answering', { exact: false }).waitFor({ timeout: 10_000 });
    // Meanwhile main answers at once (on main the hung call would hold every request).
    const t0 = Date.now();
    const info = await t.api('app:info', {});
    assert.ok(info);
    assert.ok(Date.now() - t0 < 500, `app:info took ${Date.now() - t0} ms while the driver hung`);
    const typed = Date.now();
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByLabel('Common name').fill('still.example.com');
    assert.ok(Date.now() - typed < 3000);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByLabel('On a smart card or token').check();

    // The driver is back: the card is listed again without reloading.
    writeFileSync(delayFile, '0');
    await page.getByRole('radio', { name: LABEL }).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByText('The card reader or its driver is not answering', { exact: false }).count(), 0);
    assert.deepEqual(t.problems.filter((p) => !/TOKEN_TIMEOUT|status of 4\d\d|status of 5\d\d/.test(p)), []);
  });
});
