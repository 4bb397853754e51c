import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAppProtocolHandler, registerAppScheme, resolveAppFile, serveAppProtocol } from '../../electron/main/protocol';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security';

let dir: string;
let root: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-proto-'));
  root = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Certwiz</title>');
  fs.writeFileSync(path.join(root, 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'assets', 'logo.svg'), '<svg/>');
  fs.writeFileSync(path.join(dir, 'secret.html'), 'outside the renderer folder');
  fs.writeFileSync(path.join(root, 'key.pem'), 'not a served type');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('app:// protocol', () => {
  test('should register app as a secure standard scheme before ready', () => {
    const calls: unknown[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (s) => calls.push(s) });
    assert.deepEqual(calls, [
      [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, allowServiceWorkers: false, bypassCSP: false, corsEnabled: false, stream: false } }],
    ]);
    const handled: string[] = [];
    serveAppProtocol({ handle: (scheme) => handled.push(scheme) }, root);
    assert.deepEqual(handled, ['app']);
  });

  test('should serve the page with the CSP, nosniff and the right type', async () => {
    const handler = createAppProtocolHandler(root);
    for (const url of ['app://certwiz/index.html', 'app://certwiz/']) {
      const res = await handler(new Request(url));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.equal(await res.text(), '<!doctype html><title>Certwiz</title>');
    }
    const js = await handler(new Request('app://certwiz/app.js'));
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    const svg = await handler(new Request('app://certwiz/assets/logo.svg'));
    assert.equal(svg.status, 200);
  });

  test('should never serve outside the renderer folder, unknown types, or foreign hosts', async () => {
    const handler = createAppProtocolHandler(root);
    for (const url of [
      'app://certwiz/../secret.html',
      'app://certwiz/%2e%2e/secret.html',
      'app://certwiz/assets/%2e%2e/%2e%2e/secret.html',
      'app://certwiz/..%2fsecret.html',
      'app://certwiz/..%5csecret.html',
      'app://certwiz/index.html%00.js',
      'app://certwiz/key.pem',
      'app://certwiz/missing.js',
      'app://other/index.html',
      'app://certwiz/%E0%A4%A',
    ]) {
      const res = await handler(new Request(url));
      assert.equal(res.status, 404, url);
      assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, url);
      assert.doesNotMatch(await res.text(), /outside the renderer/);
    }
    assert.equal(resolveAppFile(root, 'app://certwiz/index.html'), path.join(root, 'index.html'));
  });

  test('should refuse methods other than GET and HEAD, and answer HEAD without a body', async () => {
    const handler = createAppProtocolHandler(root);
    const post = await handler(new Request('app://certwiz/index.html', { method: 'POST', body: 'x' }));
    assert.equal(post.status, 405);
    const head = await handler(new Request('app://certwiz/index.html', { method: 'HEAD' }));
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });
});
