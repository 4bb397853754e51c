/**
 * The Content Security Policy of the renderer, one string for both shells.
 *
 * Electron's app:// protocol (electron/main/protocol.ts) and the browser shell
 * (electron/web/server.ts) send it as a header on every response; renderer/index.html carries
 * the same policy in a meta tag. `script-src 'self'` with no 'unsafe-inline' / 'unsafe-eval';
 * nothing may be framed, posted or loaded from another origin: the renderer talks to main only
 * through the preload bridge (Electron) or same-origin fetch (browser shell).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
