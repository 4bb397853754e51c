/**
 * The Electron shell's security policy as plain data and pure functions.
 *
 * Kept free of any `electron` import so tests in plain Node check exactly what main applies:
 * the app origin, the CSP, which senders may call main, which permissions a
 * page gets, and which external links may leave the app. The rules follow Electron's security
 * checklist (https://www.electronjs.org/docs/latest/tutorial/security, items 2-4, 6-7, 13-16)
 * and VS Code's ValidatedIpcMain (own origin, main frame only).
 */
import type { SenderInfo } from '../ipc/dispatch';

/** Our own scheme: the renderer is served from `app://certwiz/`, never from file:// or http. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'certwiz';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The CSP sent with every app:// response (the renderer's own <meta> says the same; the header
 * also covers responses the meta cannot, and cannot be removed by a script).
 *
 * `script-src 'self'` with no 'unsafe-inline'/'unsafe-eval' (checklist item 7); nothing may be
 * framed or posted anywhere; connect-src 'self' is enough because Electron's renderer talks to
 * main through the preload bridge, not fetch.
 */
export { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';

/** Headers on every app:// response. */
export const RESPONSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
});

/** Privileges for `protocol.registerSchemesAsPrivileged`: a secure, standard origin for the app. */
export const APP_SCHEME_PRIVILEGES = Object.freeze({
  standard: true,
  secure: true,
  supportFetchAPI: true,
  allowServiceWorkers: false,
  bypassCSP: false,
  corsEnabled: false,
  stream: false,
});

/** True only for our own app:// URL (exact scheme and host; no credentials, no port). */
export function isAppUrl(url: string | undefined | null): boolean {
  if (typeof url !== 'string' || url.length === 0) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  // Non-special schemes give origin "null" in WHATWG URL, so compare the parts instead.
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/** The sender check main wraps around every handler: our origin, and the top frame only. */
export function isTrustedSender(sender: SenderInfo): boolean {
  return sender.isMainFrame === true && isAppUrl(sender.origin);
}

/**
 * The only permission a page gets: writing sanitized text to the clipboard (the CSR page's
 * Copy button), and only for our own top-level page. Everything else (camera, notifications,
 * geolocation, HID, serial, ...) is denied (checklist item 5).
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string | undefined): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

/**
 * Sites a link in the app may open in the user's browser: the CAs the guides name (Hongkong
 * Post e-Cert, guides 001/002/004; its repository of CA certificates) and the project's site.
 * Certum (guide 003): the guide shows the "Data Security Products" panel but names no host (its
 * only URL is a LAN address, http://100.101.10.90:4300, in a browser prompt, never allowed);
 * the panel is reached from the Certum Store account at shop.certum.eu (Certum's support pages,
 * support.certum.eu: "log in to your account at https://shop.certum.eu/ ... Data security
 * products").
 * Only https, only these hosts (checklist item 15: never `shell.openExternal` untrusted input).
 */
export const EXTERNAL_HOSTS: ReadonlySet<string> = new Set([
  'www.ecert.gov.hk',
  'www1.ecert.gov.hk',
  'www.hongkongpost.gov.hk',
  'securemail.corp.esigntrust.com',
  'shop.certum.eu',
]);

export function isAllowedExternalUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === 'https:' && u.port === '' && u.username === '' && u.password === '' && EXTERNAL_HOSTS.has(u.hostname);
}
