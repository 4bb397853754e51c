/**
 * Session-wide rules: permissions denied except sanitized clipboard writes, and no network.
 *
 * Electron grants every permission by default (checklist item 5), so both the request handler
 * (prompts) and the check handler (synchronous queries such as navigator.permissions) answer
 * from one policy in ./security.ts. The renderer has no reason to reach the network: it is
 * served from app:// and talks to main through the preload, so web requests for other schemes
 * are cancelled as a second line behind the CSP.
 */
import { isPermissionAllowed } from './security';

/** URL patterns cancelled before they leave the renderer. */
export const BLOCKED_REQUEST_PATTERNS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*', 'file://*/*'];

/** The parts of Electron's Session this module touches (typed structurally for fakes). */
export interface SessionLike {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (webContents: unknown, permission: string, requestingOrigin: string, details: { requestingUrl?: string }) => boolean,
  ): void;
  webRequest: {
    onBeforeRequest(filter: { urls: string[] }, listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void): void;
  };
}

export function lockSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details?.requestingUrl));
  });
  session.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) =>
    isPermissionAllowed(permission, details?.requestingUrl ?? requestingOrigin),
  );
  session.webRequest.onBeforeRequest({ urls: BLOCKED_REQUEST_PATTERNS }, (_details, callback) => {
    callback({ cancel: true });
  });
}
