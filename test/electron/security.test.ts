import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  RESPONSE_HEADERS,
  isAllowedExternalUrl,
  isAppUrl,
  isPermissionAllowed,
  isTrustedSender,
} from '../../electron/main/security';
import { lockSession, BLOCKED_REQUEST_PATTERNS } from '../../electron/main/session';
import { FakeSession } from './fakes';

describe('sender check (VS Code ValidatedIpcMain: own origin, main frame)', () => {
  test('should accept only the top frame of app://certwiz', () => {
    assert.equal(isTrustedSender({ origin: APP_ENTRY_URL, isMainFrame: true }), true);
    assert.equal(isTrustedSender({ origin: 'app://certwiz/', isMainFrame: true }), true);
    assert.equal(isTrustedSender({ origin: 'app://certwiz/index.html#/enroll', isMainFrame: true }), true);
  });

  const refused: [string, string, boolean][] = [
    ['an iframe of our own page', 'app://certwiz/index.html', false],
    ['a file:// page', 'file:///home/user/evil.html', true],
    ['a web origin', 'https://evil.example/', true],
    ['a look-alike host', 'app://certwiz.evil/', true],
    ['credentials in the URL', 'app://user:pw@certwiz/', true],
    ['another custom scheme', 'certwiz://certwiz/', true],
    ['a host with a port', 'app://certwiz:8080/', true],
    ['the devtools page', 'devtools://devtools/bundled/inspector.html', true],
    ['an empty URL (destroyed frame)', '', true],
    ['about:blank', 'about:blank', true],
    ['garbage', 'not a url', true],
  ];
  for (const [what, origin, isMainFrame] of refused) {
    test(`should refuse ${what}`, () => {
      assert.equal(isTrustedSender({ origin, isMainFrame }), false);
    });
  }
  test('should refuse non-string input without throwing', () => {
    assert.equal(isAppUrl(undefined), false);
    assert.equal(isAppUrl(null), false);
    assert.equal(isAppUrl(42 as unknown as string), false);
  });
});

describe('Content-Security-Policy', () => {
  test('should be exactly the strict policy (script-src self, nothing inline, nothing framed)', () => {
    assert.equal(
      CONTENT_SECURITY_POLICY,
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
    );
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-(inline|eval)|\*/);
  });
  test('should go out with nosniff on every app:// response', () => {
    assert.equal(RESPONSE_HEADERS['Content-Security-Policy'], CONTENT_SECURITY_POLICY);
    assert.equal(RESPONSE_HEADERS['X-Content-Type-Options'], 'nosniff');
  });
});

describe('external links', () => {
  test('should allow only https on the allow-listed CA hosts', () => {
    assert.equal(isAllowedExternalUrl('https://www.ecert.gov.hk/en/sc/index.html'), true);
    assert.equal(isAllowedExternalUrl('https://www.hongkongpost.gov.hk/'), true);
    for (const url of [
      'http://www.ecert.gov.hk/',
      'https://www.ecert.gov.hk.evil.example/',
      'https://evil.example/?https://www.ecert.gov.hk/',
      'https://user@www.ecert.gov.hk/',
      'https://www.ecert.gov.hk:8443/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      '',
    ]) {
      assert.equal(isAllowedExternalUrl(url), false, url);
    }
  });
});

describe('session permissions and network', () => {
  test('should grant clipboard-sanitized-write to our page only, and deny everything else', async () => {
    const s = new FakeSession();
    lockSession(s);
    assert.equal(await s.request('clipboard-sanitized-write', 'app://certwiz/index.html'), true);
    assert.equal(await s.request('clipboard-sanitized-write', 'https://evil.example/'), false);
    for (const p of ['clipboard-read', 'media', 'notifications', 'geolocation', 'openExternal', 'hid', 'serial', 'fullscreen']) {
      assert.equal(await s.request(p, 'app://certwiz/index.html'), false, p);
    }
    assert.equal(s.checkHandler!({}, 'clipboard-sanitized-write', 'app://certwiz', {}), true);
    assert.equal(s.checkHandler!({}, 'media', 'app://certwiz', {}), false);
    assert.equal(isPermissionAllowed('clipboard-sanitized-write', undefined), false);
  });
  test('should cancel every http(s)/ws/file request from renderers', () => {
    const s = new FakeSession();
    lockSession(s);
    assert.deepEqual(s.beforeRequest!.filter.urls, BLOCKED_REQUEST_PATTERNS);
    for (const scheme of ['http', 'https', 'ws', 'wss', 'file']) {
      assert.ok(BLOCKED_REQUEST_PATTERNS.includes(`${scheme}://*/*`), scheme);
    }
    let decision: { cancel: boolean } | undefined;
    s.beforeRequest!.listener({ url: 'https://evil.example/x' }, (r) => (decision = r));
    assert.deepEqual(decision, { cancel: true });
  });
});
