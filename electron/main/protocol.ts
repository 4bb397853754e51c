/**
 * The app:// protocol: serves the built renderer (dist/renderer) with the CSP header.
 *
 * A custom secure standard scheme instead of file:// gives the page a real origin to check
 * senders against (file:// pages share one origin with every local file) and lets main attach
 * the CSP and nosniff headers to every response (Electron security checklist items 7 and 18,
 * "use a custom protocol instead of file://"). Only GET/HEAD of known file types under the
 * renderer folder are served; anything that escapes the folder, or is not there, is 404.
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, RESPONSE_HEADERS, isAppUrl } from './security';

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Maps an app:// URL to a file under `rootDir`, or null when it is not ours, not a known type,
 * or would leave the folder (`..`, encoded `%2e%2e`, backslashes, NUL).
 */
export function resolveAppFile(rootDir: string, requestUrl: string): string | null {
  if (!isAppUrl(requestUrl)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null;
  }
  if (pathname === '' || pathname === '/') pathname = '/index.html';
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname.split('/').some((seg) => seg === '..')) return null;
  if (!Object.prototype.hasOwnProperty.call(MIME, extname(pathname).toLowerCase())) return null;
  const root = normalize(rootDir);
  const file = normalize(join(root, pathname));
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  return file;
}

export function mimeTypeOf(file: string): string {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

type ReadFile = (path: string) => Promise<Uint8Array>;

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...RESPONSE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** The handler given to `protocol.handle('app', …)`; a Fetch API Request in, a Response out. */
export function createAppProtocolHandler(rootDir: string, readFile: ReadFile = fsReadFile) {
  return async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const file = resolveAppFile(rootDir, request.url);
    if (!file) return plain(404, 'Not found');
    let body: Uint8Array;
    try {
      body = await readFile(file);
    } catch {
      return plain(404, 'Not found');
    }
    const headers = { ...RESPONSE_HEADERS, 'Content-Type': mimeTypeOf(file) };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}

export interface SchemeRegistrar {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void;
}
export interface ProtocolHandlerHost {
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

/** Must run before the app is ready (Electron only accepts privileged schemes then). */
export function registerAppScheme(protocol: SchemeRegistrar): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

/** After ready: serve `rootDir` on app://certwiz/. */
export function serveAppProtocol(protocol: ProtocolHandlerHost, rootDir: string, readFile?: ReadFile): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rootDir, readFile));
}
