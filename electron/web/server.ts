/**
 * The browser shell's HTTP server: the built renderer plus one POST endpoint per IPC channel.
 *
 * Why each check exists (issue 2 part 1, "Browser shell"):
 * - Loopback only: we bind 127.0.0.1 explicitly, never `::` or 0.0.0.0, so nothing on the LAN can
 *   reach the key store.
 * - A random token per run, sent by the renderer in the `X-Certwiz-Token` header. It travels to
 *   the page in the URL fragment, which browsers never send in requests, so it is not in any
 *   server log or Referer.
 * - Host must be 127.0.0.1:PORT or localhost:PORT: a DNS-rebinding page (evil.example resolving to
 *   127.0.0.1) sends its own name in Host and gets 403 even for static files.
 * - Origin, when present, must be ours; `Sec-Fetch-Site`, when present, must be same-origin; and
 *   the API accepts only `application/json`, which forces a CORS preflight from any other origin
 *   (we never answer one with CORS headers).
 * - Every payload then goes through electron/ipc/dispatch.ts, the same validation as Electron IPC.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createDispatcher, type DispatchLog } from '../ipc/dispatch';
import type { CertwizApi, Envelope } from '../../shared/ipc';
import { CertwizError } from '../../shared/errors';

/** Largest API body: request:complete carries up to 14 MB of base64 (shared/ipc.ts). */
export const MAX_BODY_BYTES = 15 * 1024 * 1024;
export const TOKEN_HEADER = 'x-certwiz-token';

/** script-src 'self' and nothing inline; the renderer needs no other origin at all. */
export { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

export interface WebServerOptions {
  api: CertwizApi;
  /** Folder with the built renderer (dist/renderer). */
  rendererDir: string;
  /** 0 (default) = a random free port. */
  port?: number;
  /** Tests may fix it; normally 32 random bytes per run. */
  token?: string;
  log?: DispatchLog;
}

export interface WebServer {
  url: string;
  origin: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function sendJson(res: ServerResponse, status: number, body: Envelope<unknown>): void {
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': data.length,
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
  });
  res.end(data);
}

function refuse(res: ServerResponse, status: number, code: 'IPC_FORBIDDEN' | 'IPC_INVALID_PAYLOAD' | 'FILE_TOO_LARGE' | 'NOT_FOUND', message: string): void {
  sendJson(res, status, { ok: false, error: new CertwizError(code, message).toInfo() });
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    // An oversized body is still read to its end (and dropped) before the 413 goes out:
    // answering early and closing makes the kernel reset the connection while the client is
    // still sending, and the client then sees ECONNRESET instead of our coded answer. Past
    // four times the limit the sender is not a well-behaved client: cut it off.
    const declared = Number(req.headers['content-length'] ?? 0);
    const chunks: Buffer[] = [];
    let size = 0;
    let over = declared > limit;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      if (size > 4 * limit) req.destroy();
      else if (!over) chunks.push(c);
    });
    req.on('close', () => {
      if (!req.complete) resolve('too-large');
    });
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  let port = 0;
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();
  let origin = '';

  const dispatch = createDispatcher(opts.api, (sender) => allowedOrigins.has(sender.origin), opts.log);

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
    } catch {
      rel = '/\0';
    }
    const file = normalize(join(opts.rendererDir, rel));
    const root = normalize(opts.rendererDir + sep);
    const type = MIME[extname(file).toLowerCase()];
    if (!file.startsWith(root) || rel.includes('\0') || !type) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
    try {
      const st = await stat(file);
      if (!st.isFile()) throw new Error('not a file');
      const data = await readFile(file);
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': type,
        'Content-Length': data.length,
        // The bundle changes with every build and the page is tiny: never stale after a rebuild.
        'Cache-Control': 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : data);
    } catch {
      res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found');
    }
  }

  async function serveApi(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST') {
      refuse(res, 405, 'IPC_FORBIDDEN', 'Only POST is accepted here.');
      return;
    }
    const given = req.headers[TOKEN_HEADER];
    if (typeof given !== 'string' || !tokensEqual(given, token)) {
      refuse(res, 403, 'IPC_FORBIDDEN', 'This request did not come from Certwiz’s own window.');
      return;
    }
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') {
      refuse(res, 403, 'IPC_FORBIDDEN', 'This request did not come from Certwiz’s own window.');
      return;
    }
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') {
      refuse(res, 415, 'IPC_INVALID_PAYLOAD', 'The request was not in the expected form.');
      return;
    }
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === 'too-large') {
      res.setHeader('Connection', 'close');
      refuse(res, 413, 'FILE_TOO_LARGE', 'The request is too large.');
      return;
    }
    let payload: unknown;
    try {
      payload = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      refuse(res, 400, 'IPC_INVALID_PAYLOAD', 'The request was not in the expected form.');
      return;
    }
    const envelope = await dispatch(channel, payload, { origin, isMainFrame: true });
    sendJson(res, envelope.ok || envelope.error.code !== 'IPC_FORBIDDEN' ? 200 : 403, envelope);
  }

  const server = createServer((req, res) => {
    // DNS rebinding: the Host a browser sends is the name it resolved; only ours is accepted.
    const host = String(req.headers.host ?? '').toLowerCase();
    if (!allowedHosts.has(host)) {
      refuse(res, 403, 'IPC_FORBIDDEN', 'Unexpected Host header.');
      return;
    }
    const reqOrigin = req.headers.origin;
    if (reqOrigin !== undefined && !allowedOrigins.has(String(reqOrigin).toLowerCase())) {
      refuse(res, 403, 'IPC_FORBIDDEN', 'This request did not come from Certwiz’s own window.');
      return;
    }
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    } catch {
      refuse(res, 400, 'IPC_INVALID_PAYLOAD', 'Bad request.');
      return;
    }
    const work = pathname.startsWith('/api/')
      ? serveApi(req, res, pathname.slice(5))
      : serveStatic(req, res, pathname);
    work.catch(() => {
      if (!res.headersSent) refuse(res, 500, 'IPC_INVALID_PAYLOAD', 'The request could not be read.');
      else res.destroy();
    });
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 120_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: opts.port ?? 0, exclusive: true }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([origin, `http://localhost:${port}`]);

  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
