/**
 * The desktop app's expiry notice on start (issue 6): a fake Notification records what would be
 * shown; the entries come from the real core with a certificate that expires in 10 days.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StoreEntry } from '../../shared/ipc';
import { notifyExpiring, type NotificationClass } from '../../electron/main/expiry-notice';

function fakeNotification(supported = true) {
  const shown: { title: string; body: string; clicks: (() => void)[] }[] = [];
  const N = class {
    constructor(readonly o: { title: string; body: string }) {}
    static isSupported = () => supported;
    private clicks: (() => void)[] = [];
    on(_e: 'click', l: () => void) {
      this.clicks.push(l);
      return this;
    }
    show() {
      shown.push({ ...this.o, clicks: this.clicks });
    }
  };
  return { N: N as unknown as NotificationClass, shown };
}

const entry = (cn: string, status: 'installed' | 'pending', daysLeft?: number) =>
  ({ id: cn, status, subjectFields: { cn, sans: [] }, subjectDisplay: `CN=${cn}`, daysLeft }) as unknown as StoreEntry;

describe('expiry notice on start', () => {
  test('names what expires within 30 days, in the OS language, and focuses the window on click', async () => {
    const asked: unknown[] = [];
    const api = {
      'certs:list': async (req: { expiringDays?: number }) => {
        asked.push(req);
        return [entry('a.example.com', 'installed', 3), entry('b.example.com', 'installed', -1), entry('c', 'installed', 20), entry('d', 'installed', 29), entry('p', 'pending')];
      },
    };
    const { N, shown } = fakeNotification();
    let focused = 0;
    assert.equal(await notifyExpiring(api, N, 'en-GB', () => focused++), 4);
    assert.deepEqual(asked, [{ expiringDays: 30 }]);
    assert.equal(shown.length, 1);
    assert.equal(shown[0].title, 'Certificates expire soon');
    assert.equal(shown[0].body, '4 certificate(s) expire within 30 days or have expired: a.example.com, b.example.com, c …. Open My certificates to renew.');
    shown[0].clicks.forEach((c) => c());
    assert.equal(focused, 1);
    const zh = fakeNotification();
    await notifyExpiring(api, zh.N, 'zh-HK', () => undefined);
    assert.equal(zh.shown[0].title, '憑證即將到期');
    assert.match(zh.shown[0].body, /^有 4 張憑證將於 30 天內到期/);
  });

  test('says nothing when nothing expires, notifications are unsupported or the store cannot be read', async () => {
    const { N, shown } = fakeNotification();
    assert.equal(await notifyExpiring({ 'certs:list': async () => [entry('p', 'pending')] }, N, 'en', () => undefined), 0);
    assert.equal(await notifyExpiring({ 'certs:list': async () => { throw new Error('x'); } }, N, 'en', () => undefined), 0);
    assert.equal(await notifyExpiring({ 'certs:list': async () => [entry('a', 'installed', 1)] }, fakeNotification(false).N, 'en', () => undefined), 0);
    assert.equal(await notifyExpiring({ 'certs:list': async () => [entry('a', 'installed', 1)] }, undefined, 'en', () => undefined), 0);
    assert.equal(shown.length, 0);
  });

  test('with the real core: one-year practice certificates are not named at 30 days, are at 400', async () => {
    const { createCore } = await import('../../electron/core/service');
    const { createFallbackProtector } = await import('../../electron/core/medium');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-expiry-'));
    const core = createCore({ dataDir, medium: createFallbackProtector(dataDir), shell: 'electron', version: 't' });
    for (const cn of ['year.example.com', 'soon.example.com']) {
      const c = await core['csr:create']({ profileId: 'generic-server', subject: { cn, sans: [] }, keyAlgorithm: 'ec-p256', securityLevel: 'medium' });
      const issued = await core['practiceCa:sign']({ requestId: c.requestId });
      await core.completeBytes(Buffer.from(issued.certificatePem), 'c.pem');
    }
    // Practice certificates last a year: none within 30 days, both within 400.
    const { N, shown } = fakeNotification();
    assert.equal(await notifyExpiring(core, N, 'en', () => undefined), 0);
    assert.equal(await notifyExpiring(core, N, 'en', () => undefined, 400), 2);
    assert.match(shown[0].body, /^2 certificate\(s\) expire within 400 days or have expired: (year|soon)\.example\.com, (soon|year)\.example\.com\./);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
