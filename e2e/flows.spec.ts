/**
 * Issue 6 guided flow end to end with the practice CA, by visible labels: Hongkong Post e-Cert
 * (Server) from the start page — target, B (the enroll wizard embedded), C 1–3 (format checks of
 * the Reference Number and e-Cert PIN), C 4 (DCV instructions for the domain, an offline check
 * said plainly), reload and resume at C 4, D, E (complete embedded), F (backup), G, Finish.
 * On the way: every guide reference is on screen, Get help's report names flow and step and holds
 * none of the secrets typed (password, PIN, reference number, validation code), the saved flow
 * file neither; the certificate viewer's tabs and Copy to File (openssl reads the .cer); axe clean.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { start, openssl, type Target } from './harness';
import { formatDate, translate, type CatalogueKey } from '../shared/i18n';

const tr = (k: CatalogueKey, p?: Record<string, string | number>) => translate('en', k, p);
const PASSWORD = 'KEYPW-MARKER-5e1d';
const PFX_PASSWORD = 'PFXPW-MARKER-9a2b';
const PIN = '4826193057718264';
const REFERENCE = '918273645';
const CODE = 'DCVCODE-MARKER-c0ffee';
const DOMAIN = 'www.certwiz-test.invalid';

async function axe(page: Page, where: string): Promise<void> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `axe on ${where}`);
}

/** The page reads the file asynchronously: poll the field until it holds the value. */
async function waitValue(locator: Locator, value: string): Promise<void> {
  const until = Date.now() + 10_000;
  while ((await locator.inputValue()) !== value) {
    if (Date.now() > until) assert.equal(await locator.inputValue(), value);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

describe('guided flow: Hongkong Post e-Cert (Server), end to end', { timeout: 240_000 }, () => {
  let t: Target;
  before(async () => {
    t = await start();
  });
  after(() => t?.close());

  const heading = (page: Page, name: string) => page.getByRole('heading', { name, exact: true, level: 2 }).waitFor();
  const button = (page: Page, name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' });
  const ref = (page: Page) => page.locator('.page-body .ref-badge').innerText();

  test('target → B → C 1–3 → C 4, resume after reload, D → E → F → G, report and saved state hold no secret', async () => {
    const { page } = t;
    await button(page, tr('flows.hkpost-server.title')).click();
    await heading(page, tr('flows.hkpost-server.target.title'));
    assert.equal(await ref(page), 'A');
    const next = page.locator('.flow .buttons button.primary');
    assert.equal(await next.isDisabled(), true, 'Next waits for a target');
    await page.getByLabel(tr('flows.target.iis10'), { exact: true }).check();
    assert.equal(await next.innerText(), tr('flows.next', { ref: 'B 1–6' }));
    await axe(page, 'flow target step');
    await next.click();

    // B: the enroll wizard, embedded; its Finish returns to the flow at C.
    await heading(page, tr('flows.hkpost-server.b-csr.title'));
    assert.equal(await ref(page), 'B 1–6');
    await button(page, tr('flows.open.enroll')).click();
    await page.locator('.flow-banner .ref-badge', { hasText: 'B 1–6' }).waitFor();
    await heading(page, tr('enroll.profile.heading'));
    await page.getByLabel(tr('profile.hkpost-server' as CatalogueKey), { exact: true }).check().catch(() => undefined);
    await button(page, tr('wizard.next')).click();
    await heading(page, tr('enroll.subject.heading'));
    await page.getByLabel(tr('field.cn'), { exact: true }).fill(DOMAIN);
    await page.getByLabel(tr('field.o'), { exact: true }).fill('Example Trading Limited');
    await button(page, tr('wizard.next')).click();
    await heading(page, tr('enroll.key.heading'));
    await page.getByLabel(tr('field.password'), { exact: true }).fill(PASSWORD);
    await page.getByLabel(tr('field.confirm'), { exact: true }).fill(PASSWORD);
    await button(page, tr('wizard.next')).click();
    await heading(page, tr('enroll.review.heading'));
    await button(page, tr('enroll.create')).click();
    await heading(page, tr('enroll.csr.heading'));
    await button(page, tr('wizard.finish')).click();

    // C 1–3: format checks only.
    await heading(page, tr('flows.hkpost-server.c-submit.title'));
    assert.equal(await ref(page), 'C 1–3');
    assert.equal(await page.getByLabel(tr('flows.submit.server'), { exact: true }).inputValue(), DOMAIN);
    await page.getByLabel(tr('flows.submit.reference'), { exact: true }).fill('12345');
    await page.getByText(tr('flows.submit.reference.length')).waitFor();
    await page.getByLabel(tr('flows.submit.reference'), { exact: true }).fill(REFERENCE);
    await page.getByLabel(tr('flows.submit.pin'), { exact: true }).fill(PIN.slice(0, 15));
    await page.getByText(tr('flows.submit.pin.length')).waitFor();
    await page.getByLabel(tr('flows.submit.pin'), { exact: true }).fill(PIN);
    await page.getByText(tr('flows.submit.pin.ok')).waitFor();
    // Enter in a field = Next, as on every wizard page; Back returns with the fields empty again (never kept).
    await page.getByLabel(tr('flows.submit.pin'), { exact: true }).press('Enter');
    await heading(page, tr('flows.hkpost-server.c-dcv.title'));
    await button(page, tr('wizard.back')).click();
    await heading(page, tr('flows.hkpost-server.c-submit.title'));
    assert.equal(await page.getByLabel(tr('flows.submit.pin'), { exact: true }).inputValue(), '');
    await page.getByLabel(tr('flows.submit.reference'), { exact: true }).fill(REFERENCE);
    await page.getByLabel(tr('flows.submit.pin'), { exact: true }).fill(PIN);
    assert.equal(await page.getByLabel(tr('flows.submit.pin'), { exact: true }).getAttribute('type'), 'password');
    const link = page.getByRole('link', { name: tr('flows.openCa', { host: 'www.ecert.gov.hk' }) });
    assert.equal(await link.getAttribute('href'), 'https://www.ecert.gov.hk/');
    assert.match((await link.getAttribute('rel')) ?? '', /noopener/);
    await axe(page, 'flow C 1–3');
    await page.locator('.flow .buttons button.primary').click();

    // C 4: DCV instructions for the domain the request holds.
    await heading(page, tr('flows.hkpost-server.c-dcv.title'));
    assert.equal(await ref(page), 'C 4');
    assert.equal(await page.getByLabel(tr('dcv.domains'), { exact: true }).inputValue(), DOMAIN);
    // The code from the downloaded fileauth.txt, read in the page (guide 004 C 4 A).
    await page.getByLabel(tr('dcv.file'), { exact: true }).setInputFiles({ name: 'fileauth.txt', mimeType: 'text/plain', buffer: Buffer.from(`${CODE}\n`) });
    await waitValue(page.getByLabel(tr('dcv.code'), { exact: true }), CODE);
    await button(page, tr('dcv.show')).click();
    await page.getByRole('heading', { name: tr('dcv.where.http') }).waitFor();
    await page.getByText(`http://${DOMAIN}/.well-known/pki-validation/fileauth.txt`, { exact: true }).waitFor();
    await page.getByText(`https://${DOMAIN}/.well-known/pki-validation/fileauth.txt`, { exact: true }).waitFor();
    await button(page, tr('dcv.checkNow', { domain: DOMAIN })).click();
    // .invalid never resolves: said plainly, within the core's deadline, never a hang.
    await page.getByText(tr('dcv.notFound')).waitFor({ timeout: 40_000 });
    await axe(page, 'flow C 4 DCV');

    // Get help on this step: flow and step named, no secret typed anywhere in the report.
    await button(page, tr('help.button')).click();
    await page.getByRole('heading', { name: tr('help.heading'), level: 2 }).waitFor();
    const report = page.locator('#help-report');
    await report.waitFor();
    const text = await report.inputValue();
    assert.match(text, /hkpost-server/);
    assert.match(text, /C 4/);
    assert.match(text, /Language: +Certwiz en; system /, 'the UI language the user sees, apart from the OS locale');
    assert.match(text, new RegExp(DOMAIN.replace(/\./g, '\\.')));
    for (const secret of [PASSWORD, PIN, REFERENCE, CODE]) assert.ok(!text.includes(secret), `report holds ${secret.slice(0, 6)}…`);
    await axe(page, 'Get help');
    const [download] = await Promise.all([page.waitForEvent('download'), button(page, tr('help.save')).click()]);
    const saved = readFileSync(await download.path());
    assert.equal(saved.toString('utf8'), text);
    await button(page, tr('help.close')).click();

    // The saved flow state: whitelisted fields only.
    const flowFiles = filesUnder(t.home).filter((p) => /flows[\\/][a-z-]+\.json$/.test(p));
    assert.equal(flowFiles.length, 1);
    const stateText = readFileSync(flowFiles[0], 'utf8');
    assert.equal(JSON.parse(stateText).state.step, 'c-dcv');
    for (const secret of [PASSWORD, PIN, REFERENCE, CODE]) assert.ok(!stateText.includes(secret), 'flow state holds a secret');

    // Leave and come back: reload, the start page offers "Continue at C 4", which opens the flow there.
    await page.reload();
    await page.waitForSelector('h2');
    // A real button beside the flow's own ("press Continue"), reachable by keyboard.
    const cont = button(page, tr('flows.continueAt', { where: 'C 4' }));
    await cont.waitFor();
    await axe(page, 'start page with Continue');
    await cont.focus();
    await page.keyboard.press('Enter');
    await heading(page, tr('flows.hkpost-server.c-dcv.title'));
    await page.getByText(tr('flows.resumed', { ref: 'C 4' })).waitFor();
    assert.equal(await page.getByLabel(tr('dcv.code'), { exact: true }).inputValue(), '', 'the validation code is not kept');
    await page.locator('.flow .buttons button.primary').click();

    // D: info; E: complete embedded with the practice CA's certificate.
    await heading(page, tr('flows.hkpost-server.d-subca.title'));
    assert.equal(await ref(page), 'D 1–10');
    assert.equal(await page.getByText(tr('flows.resumed', { ref: 'D 1–10' })).count(), 0, 'no "welcome back" for a step just moved to');
    await page.locator('.flow .buttons button.primary').click();
    await heading(page, tr('flows.hkpost-server.e-install.title'));
    assert.equal(await ref(page), 'E 1–3');
    await page.getByText(tr('flows.hkpost-server.e-install.iis10')).waitFor();
    const pending = (await t.api('certs:list', {})).find((e) => e.status === 'pending');
    assert.ok(pending);
    const issued = await t.api('practiceCa:sign', { requestId: pending.id });
    await button(page, tr('flows.open.complete')).click();
    await heading(page, tr('complete.heading'));
    await page.getByLabel(tr('complete.paste'), { exact: true }).fill(issued.certificatePem);
    await button(page, tr('complete.button')).click();
    await heading(page, tr('complete.done.heading'));
    await button(page, tr('wizard.finish')).click();

    // F: the installed certificate goes out as a PFX through the Certificate Export Wizard, embedded;
    // its Finish returns to the flow at G.
    await heading(page, tr('flows.hkpost-server.f-backup.title'));
    assert.equal(await ref(page), 'F 5–12');
    await button(page, tr('flows.open.pfxExport')).click();
    const pk = (k: string) => tr(k as CatalogueKey);
    await heading(page, pk('pfx.export.cert.heading'));
    await button(page, tr('wizard.next')).click();
    await heading(page, pk('pfx.export.key.heading'));
    await button(page, tr('wizard.next')).click();
    await heading(page, pk('pfx.export.format.heading'));
    await button(page, tr('wizard.next')).click();
    await heading(page, pk('pfx.export.sec.heading'));
    await page.getByLabel(pk('pfx.export.sec.password'), { exact: true }).fill(PFX_PASSWORD);
    await page.getByLabel(pk('pfx.export.sec.confirm'), { exact: true }).fill(PFX_PASSWORD);
    await page.getByLabel(pk('pfx.export.sec.keyPassword'), { exact: true }).fill(PASSWORD);
    await button(page, tr('wizard.next')).click();
    await heading(page, pk('pfx.export.file.heading'));
    await button(page, pk('pfx.export.commit')).click();
    await heading(page, pk('pfx.export.done.heading'));
    await button(page, tr('wizard.finish')).click();
    const pfx = readdirSync(t.exportDir).filter((f) => f.endsWith('.pfx'));
    assert.equal(pfx.length, 1);
    assert.match(openssl(['pkcs12', '-in', join(t.exportDir, pfx[0]), '-passin', `pass:${PFX_PASSWORD}`, '-nokeys']), /BEGIN CERTIFICATE/);
    await heading(page, tr('flows.hkpost-server.g-restore.title'));
    assert.equal(await ref(page), 'G 1–5');
    await button(page, tr('wizard.finish')).click();
    await page.getByRole('heading', { name: tr('certs.heading') }).waitFor();
    assert.equal(filesUnder(t.home).filter((p) => /flows[\\/][a-z-]+\.json$/.test(p)).length, 0, 'a finished flow is cleared');

    // Get help again at the end: still none of the secrets, the PFX password included.
    await button(page, tr('help.button')).click();
    await page.locator('#help-report').waitFor();
    const end = await page.locator('#help-report').inputValue();
    for (const secret of [PASSWORD, PFX_PASSWORD, PIN, REFERENCE, CODE]) assert.ok(!end.includes(secret), `final report holds ${secret.slice(0, 6)}…`);
    await button(page, tr('help.close')).click();

    // The viewer: General says the key is here; Details lists the SAN; Copy to File (DER) opens in openssl.
    await button(page, tr('viewer.open')).click();
    await page.getByRole('heading', { name: tr('viewer.heading', { name: DOMAIN }) }).waitFor();
    await page.getByText(tr('viewer.hasKey')).waitFor();
    await page.getByText(tr('viewer.eku.serverAuth')).waitFor().catch(() => undefined);
    await axe(page, 'viewer General');
    await page.getByRole('tab', { name: tr('viewer.tab.details') }).click();
    await page.getByRole('rowheader', { name: tr('viewer.ext.subjectAltName') }).waitFor();
    await button(page, tr('viewer.copyDer')).click();
    const status = await page.getByRole('status').filter({ hasText: /Saved to / }).innerText();
    const cer = status.replace(/^Saved to /, '').trim();
    assert.match(openssl(['x509', '-inform', 'DER', '-in', cer, '-noout', '-subject']), new RegExp(DOMAIN.replace(/\./g, '\\.')));
    await axe(page, 'viewer Details');
    await page.getByRole('tab', { name: tr('viewer.tab.details') }).press('ArrowRight');
    await page.getByRole('heading', { name: tr('viewer.path'), level: 3 }).waitFor();
    await axe(page, 'viewer Certification Path');
    assert.deepEqual(t.problems, []);
  });
});

describe('guided flows in Traditional Chinese; expiry highlighted', { timeout: 180_000 }, () => {
  let t: Target;
  before(async () => {
    t = await start({ locale: 'zh-HK' });
  });
  after(() => t?.close());
  const zh = (k: CatalogueKey, p?: Record<string, string | number>) => translate('zh-Hant', k, p);

  test('Certum on the card: the steps follow the method; a certificate expiring in 10 days is highlighted, dates per locale', async () => {
    const { page } = t;
    await page.getByRole('heading', { name: zh('flows.heading') }).waitFor();
    await page.getByRole('button', { name: zh('flows.certum-smime.title'), exact: true }).click();
    await page.getByRole('heading', { name: zh('flows.certum-smime.key-method.title'), level: 2 }).waitFor();
    assert.equal(await page.locator('.page-body .ref-badge').innerText(), zh('flows.section.certumKeys'));
    // "Open the CA's page": the Certum Store panel (allow-listed in electron/main/security.ts).
    assert.equal(await page.getByRole('link', { name: zh('flows.openCa', { host: 'shop.certum.eu' }) }).getAttribute('href'), 'https://shop.certum.eu/');
    const steps = page.locator('.flow .steps .step-link');
    assert.ok((await steps.allInnerTexts()).some((x) => x.includes(zh('flows.certum-smime.csr.title'))));
    await page.getByLabel(zh('flows.keyMethod.card'), { exact: true }).check();
    const after = await steps.allInnerTexts();
    assert.ok(after.some((x) => x.includes(zh('flows.section.certumCard')) && x.includes('1–9')), after.join(' | '));
    assert.ok(!after.some((x) => x.includes(zh('flows.certum-smime.csr.title'))), 'the CSR step is gone for a card');
    assert.ok(!after.some((x) => x.includes(zh('flows.certum-smime.pfx.title'))), 'no PFX generator for a key on a card');
    await axe(page, 'Certum key method (zh-Hant)');

    // A certificate expiring in 10 days, brought in as a PFX made by openssl.
    const dir = mkdtempSync(join(tmpdir(), 'certwiz-exp-'));
    try {
      openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '10', '-subj', '/CN=soon.example.hk']);
      openssl(['pkcs12', '-export', '-inkey', join(dir, 'k.pem'), '-in', join(dir, 'c.pem'), '-out', join(dir, 'x.pfx'), '-passout', 'pass:exp pw 1']);
      const dataBase64 = readFileSync(join(dir, 'x.pfx')).toString('base64');
      // pfx:import names an uploaded file (file:upload) in the PFX helper's contract; bytes inline before it.
      const api = t.api as unknown as (c: string, r: unknown) => Promise<{ fileId?: string }>;
      const uploaded = await api('file:upload', { fileName: 'x.pfx', dataBase64 }).catch(() => null);
      const file = uploaded?.fileId ? { fileId: uploaded.fileId } : { fileName: 'x.pfx', dataBase64 };
      await api('pfx:import', { ...file, password: 'exp pw 1', securityLevel: 'medium' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await page.locator('.top-nav').getByRole('button', { name: zh('home.certs'), exact: true }).click();
    await page.getByRole('heading', { name: zh('certs.heading') }).waitFor();
    const card = page.locator('li.card.expiring');
    await card.waitFor();
    assert.match(await card.locator('.badge.warn').innerText(), /^\d+ 天後到期$/);
    await page.getByText(zh('viewer.expiringNote', { count: 1, days: 30 })).waitFor();
    await axe(page, 'My certificates with an expiring certificate (zh-Hant)');

    await card.getByRole('button', { name: zh('viewer.open'), exact: true }).click();
    await page.getByRole('tab', { name: zh('viewer.tab.general') }).waitFor();
    const details = await t.api('certs:details', { id: (await t.api('certs:list', {}))[0].id });
    const validText = zh('viewer.validRange', { from: formatDate('zh-Hant', details.certificate!.notBefore), to: formatDate('zh-Hant', details.certificate!.notAfter) });
    await page.getByText(validText).waitFor();
    assert.match(validText, /年/);
    await page.getByText(zh('viewer.hasKey')).waitFor();
    await axe(page, 'viewer (zh-Hant)');

    // Renewal (guide 004 B 3 note): the B step offers the installed certificate and opens the enroll wizard renewing it.
    await page.getByRole('button', { name: `${zh('app.title')} – ${zh('app.home')}` }).click();
    await page.getByRole('button', { name: zh('flows.hkpost-server.title'), exact: true }).click();
    await page.getByLabel(zh('flows.target.apache-nginx'), { exact: true }).check();
    await page.getByLabel(zh('flows.renewal.renew'), { exact: true }).check();
    await page.locator('.flow .buttons button.primary').click();
    await page.getByRole('heading', { name: zh('flows.hkpost-server.b-csr.title'), level: 2 }).waitFor();
    const which = page.getByLabel(zh('flows.renewal.which'), { exact: true });
    await which.waitFor();
    assert.match(await which.locator('option:checked').innerText(), /soon\.example\.hk/);
    await axe(page, 'flow B with renewal (zh-Hant)');
    await page.getByRole('button', { name: zh('flows.open.enroll'), exact: true }).click();
    await page.locator('.wizard-title', { hasText: zh('enroll.renewTitle') }).waitFor();
    assert.deepEqual(t.problems, []);
  });
});
