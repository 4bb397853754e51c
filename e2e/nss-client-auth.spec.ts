/**
 * Proof that the NSS store works (issue 4 "Proof that it works"): a PFX made by Certwiz is
 * imported into `$HOME/.pki/nssdb` under a temporary HOME, the practice root is trusted there,
 * and Debian's Chromium, started with that HOME, (1) trusts a local TLS server through that root
 * and (2) presents our client certificate to it. Chromium has no flag to auto-select a client
 * certificate, and headless Chromium waits forever without one, so the profile's Preferences
 * carry `profile.content_settings.exceptions.auto_select_certificate` for the server's URL with
 * a filter on the issuer CN (the same rule as the AutoSelectCertificateForUrls policy).
 * A second run without the root trusted must fail with a certificate error.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { writePfx } from '../electron/core/pkcs12';
import { NssStore } from '../electron/core/stores/nss';
import { installFiles } from '../electron/core/stores/install';
import { makePki, type TestPki } from '../test/stores/pki';
import { CHROMIUM, CHROMIUM_ARGS } from './harness';

let pki: TestPki;
let server: Server;
let origin: string;
const seen: string[] = [];
const PFX_PASSWORD = 'e2e-pfx-password';

before(async () => {
  pki = makePki();
  const read = (n: string) => readFileSync(pki.file(n), 'utf8');
  server = createServer(
    { key: read('leaf.key'), cert: read('leaf.pem') + read('sub.pem'), ca: [read('sub.pem'), read('root.pem')], requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
      if (peer && peer.fingerprint256) seen.push(peer.fingerprint256);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`hello ${peer?.subject?.CN ?? 'anonymous'}`);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => server?.close());

/** A HOME whose NSS DB holds our client PFX; the root is trusted only when asked. */
async function homeWithPfx(trustRoot: boolean): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'certwiz-e2e-home-'));
  const store = await NssStore.create(join(home, '.pki', 'nssdb'));
  const pfx = writePfx({
    key: createPrivateKey(readFileSync(pki.file('client.key'))),
    certificate: readFileSync(pki.file('client.pem'), 'utf8'),
    chain: [readFileSync(pki.file('sub.pem'), 'utf8'), readFileSync(pki.file('root.pem'), 'utf8')],
    profile: 'aes256-sha256',
    password: PFX_PASSWORD,
    friendlyName: 'Certwiz Test Client',
  });
  const report = await installFiles([{ name: 'client.p12', bytes: pfx }], store, { trustRoot, pfxPassword: async () => PFX_PASSWORD });
  assert.equal(report.files[0].error, undefined, JSON.stringify(report.files[0].error));
  return home;
}

/** Profile with the auto-select rule: certificates issued by our Sub CA, for this origin only. */
function profileFor(url: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'certwiz-e2e-profile-'));
  mkdirSync(join(dir, 'Default'));
  const prefs = {
    profile: {
      content_settings: {
        exceptions: {
          auto_select_certificate: {
            [`${url},*`]: { last_modified: '13300000000000000', setting: { filters: [{ ISSUER: { CN: 'Practice Sub CA 3 - 17' } }] } },
          },
        },
      },
    },
  };
  writeFileSync(join(dir, 'Default', 'Preferences'), JSON.stringify(prefs));
  return dir;
}

async function visit(home: string): Promise<{ text?: string; error?: string }> {
  const ctx = await chromium.launchPersistentContext(profileFor(origin), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, HOME: home },
  });
  try {
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const res = await page.goto(origin + '/', { timeout: 20_000 });
    return { text: await res?.text() };
  } catch (e) {
    return { error: (e as Error).message };
  } finally {
    await ctx.close();
  }
}

describe('Chromium uses the NSS DB Certwiz filled (issue 4 proof)', () => {
  test('trusted through the installed root, and our client certificate is presented', async () => {
    const home = await homeWithPfx(true);
    const r = await visit(home);
    assert.equal(r.error, undefined, r.error);
    assert.equal(r.text, 'hello Certwiz Test Client');
    const ours = new X509Certificate(readFileSync(pki.file('client.pem'))).fingerprint256;
    assert.ok(seen.includes(ours), 'the server saw our client certificate');
  });

  test('without the root installed as trusted, Chromium refuses the server', async () => {
    const home = await homeWithPfx(false);
    const r = await visit(home);
    assert.match(r.error ?? 'no error', /ERR_CERT_AUTHORITY_INVALID/);
  });
});
