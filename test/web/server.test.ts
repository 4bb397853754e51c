/**
 * The browser shell's HTTP boundary (issue 2 part 1): loopback only, per-run token, Host and
 * Origin checks against DNS rebinding and cross-site pages, strict headers, bad payloads refused
 * before the core sees them.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { startWebServer, type WebServer } from '../../electron/web/server';
import type { CertwizApi } from '../../shared/ipc';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; host?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: { Host: opts.host ?? `127.0.0.1:${port}`, ...(opts.headers ?? {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const calls: string[] = [];
const fakeApi = new Proxy({} as CertwizApi, {
  get(_t, channel: string) {
    return async (req: unknown) => {
      calls.push(channel);
      if (channel === 'app:info') {
        return { version: '0.0.0-test', platform: 'linux', shell: 'web', locale: 'en', mediumProtection: 'fallback-file', dataDir: '/tmp/x' };
      }
      return { echo: req };
    };
  },
});

describe('browser shell server', () => {
  let web: WebServer;
  let dir: string;
  const api = (channel: string, body: unknown, headers: Record<string, string> = {}, host?: string) =>
    send(web.port, {
      method: 'POST',
      path: `/api/${channel}`,
      host,
      headers: { 'Content-Type': 'application/json', 'X-Certwiz-Token': web.token, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'certwiz-web-'));
    mkdirSync(join(dir, 'renderer'));
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(dir, 'renderer', 'app.js'), 'void 0;');
    writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
    web = await startWebServer({ api: fakeApi, rendererDir: join(dir, 'renderer') });
  });
  after(() => web.close());

  test('prints a loopback URL with the token in the fragment, and listens on 127.0.0.1 only', async () => {
    assert.match(web.url, /^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{40,}$/);
    const addr = web.server.address();
    assert.ok(addr && typeof addr === 'object');
    assert.equal(addr.address, '127.0.0.1');
    // Other interfaces of this machine (IPv6 loopback, LAN addresses) must refuse the connection.
    const others = ['::1', ...Object.values(networkInterfaces()).flat().filter((i) => i && !i.internal).map((i) => i!.address)];
    for (const host of others) {
      const reached = await new Promise<boolean>((resolve) => {
        const s = connect({ host, port: web.port, timeout: 1500 });
        s.on('connect', () => (s.destroy(), resolve(true)));
        s.on('error', () => resolve(false));
        s.on('timeout', () => (s.destroy(), resolve(false)));
      });
      assert.equal(reached, false, `reachable on ${host}`);
    }
  });

  test('a second server picks another random port and another token', async () => {
    const other = await startWebServer({ api: fakeApi, rendererDir: join(dir, 'renderer') });
    try {
      assert.notEqual(other.port, web.port);
      assert.notEqual(other.token, web.token);
    } finally {
      await other.close();
    }
  });

  test('serves the renderer with a strict CSP and nosniff', async () => {
    const r = await send(web.port, { path: '/' });
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-security-policy']), /script-src 'self'(;|$)/);
    assert.doesNotMatch(String(r.headers['content-security-policy']), /unsafe-inline|unsafe-eval/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['x-frame-options'], 'DENY');
    const js = await send(web.port, { path: '/app.js' });
    assert.equal(js.status, 200);
    assert.match(String(js.headers['content-type']), /^text\/javascript/);
  });

  test('does not serve files outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%00', '/nope.js']) {
      const r = await send(web.port, { path });
      assert.equal(r.status, 404, path);
      assert.doesNotMatch(r.body, /outside the renderer/);
    }
  });

  test('answers an API call with the token, never cached', async () => {
    const r = await api('app:info', {});
    assert.equal(r.status, 200);
    assert.equal(r.headers['cache-control'], 'no-store');
    const env = JSON.parse(r.body);
    assert.equal(env.ok, true);
    assert.equal(env.value.shell, 'web');
  });

  test('accepts our own Origin, from 127.0.0.1 or localhost', async () => {
    assert.equal((await api('app:info', {}, { Origin: web.origin, 'Sec-Fetch-Site': 'same-origin' })).status, 200);
    const viaLocalhost = await api('app:info', {}, { Origin: `http://localhost:${web.port}` }, `localhost:${web.port}`);
    assert.equal(viaLocalhost.status, 200);
  });

  test('refuses API calls without the token or with a wrong one (403)', async () => {
    const before = calls.length;
    const none = await send(web.port, { method: 'POST', path: '/api/app:info', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    assert.equal(none.status, 403);
    assert.equal(JSON.parse(none.body).error.code, 'IPC_FORBIDDEN');
    const wrong = await api('app:info', {}, { 'X-Certwiz-Token': web.token.slice(0, -2) + 'xx' });
    assert.equal(wrong.status, 403);
    const inQuery = await send(web.port, { method: 'POST', path: `/api/app:info?token=${web.token}`, headers: { 'Content-Type': 'application/json' }, body: '{}' });
    assert.equal(inQuery.status, 403);
    assert.equal(calls.length, before, 'the core was called');
  });

  test('refuses a foreign Host (DNS rebinding), even with the token and for pages', async () => {
    for (const host of ['evil.example', `evil.example:${web.port}`, `127.0.0.1:${web.port + 1}`, `0.0.0.0:${web.port}`, 'localhost', '127.0.0.1']) {
      const r = await api('app:info', {}, {}, host);
      assert.equal(r.status, 403, `Host ${host}`);
      const page = await send(web.port, { path: '/', host });
      assert.equal(page.status, 403, `page with Host ${host}`);
    }
  });

  test('refuses a foreign Origin or a cross-site fetch, even with the token', async () => {
    for (const origin of ['http://evil.example', `http://127.0.0.1:${web.port + 1}`, 'null', `https://127.0.0.1:${web.port}`]) {
      const r = await api('app:info', {}, { Origin: origin });
      assert.equal(r.status, 403, `Origin ${origin}`);
    }
    const site = await api('app:info', {}, { 'Sec-Fetch-Site': 'cross-site' });
    assert.equal(site.status, 403);
  });

  test('refuses bad payloads before the core sees them', async () => {
    const before = calls.length;
    const badJson = await api('app:info', '{not json');
    assert.equal(badJson.status, 400);
    assert.equal(JSON.parse(badJson.body).error.code, 'IPC_INVALID_PAYLOAD');

    const wrongShape = JSON.parse((await api('csr:create', { profileId: 1, keyAlgorithm: 'rsa-512' })).body);
    assert.equal(wrongShape.ok, false);
    assert.equal(wrongShape.error.code, 'IPC_INVALID_PAYLOAD');

    const extra = JSON.parse((await api('app:info', { evil: true })).body);
    assert.equal(extra.error.code, 'IPC_INVALID_PAYLOAD');

    const array = JSON.parse((await api('certs:list', [1, 2])).body);
    assert.equal(array.error.code, 'IPC_INVALID_PAYLOAD');

    const unknown = JSON.parse((await api('fs:readFile', {})).body);
    assert.equal(unknown.error.code, 'IPC_UNKNOWN_CHANNEL');

    const proto = JSON.parse((await api('__proto__', {})).body);
    assert.equal(proto.error.code, 'IPC_UNKNOWN_CHANNEL');

    const textPlain = await api('app:info', '{}', { 'Content-Type': 'text/plain' });
    assert.equal(textPlain.status, 415);

    const get = await send(web.port, { path: '/api/app:info', headers: { 'X-Certwiz-Token': web.token } });
    assert.equal(get.status, 405);
    assert.equal(calls.length, before, 'the core was called');
  });

  test('refuses an oversized body with 413', async () => {
    const big = Buffer.alloc(16 * 1024 * 1024, 0x20);
    const r = await api('request:complete', big);
    assert.equal(r.status, 413);
    assert.equal(JSON.parse(r.body).error.code, 'FILE_TOO_LARGE');
  });

  test('passes a valid request through to the core', async () => {
    const r = JSON.parse((await api('request:delete', { requestId: 'abc-1' })).body);
    assert.deepEqual(r, { ok: true, value: { echo: { requestId: 'abc-1' } } });
  });
});
