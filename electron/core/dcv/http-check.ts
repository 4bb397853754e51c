/**
 * "Check now" for the Website Change method (guide 004 C 4 A): fetch
 * `http(s)://DOMAIN/.well-known/pki-validation/fileauth.txt` the way a CA does, and say what it
 * would see.
 *
 * - Both URLs are fetched at once; the CA accepts "either of the following URLs" (the guide).
 * - Redirects are followed only on the same host (http -> https is fine), at most 3: BR
 *   3.2.2.4.18 lets the CA follow redirects, but a redirect to another host proves nothing about
 *   this one, so we stop there and say "not found".
 * - The https certificate is not verified: the server is often waiting for the very certificate
 *   being applied for, and nothing secret is sent. We only compare public content.
 * - The body is read up to MAX_BODY bytes; a file larger than that is not a Validation File.
 * - Every fetch has a deadline (connect + response), so a silent server never hangs the wizard.
 * - Content compares after trimming whitespace and a UTF-8 BOM, CRLF treated as LF (a file
 *   edited on Windows or saved with a final newline still matches).
 *
 * Written on node:http/https rather than fetch(): fetch cannot skip certificate checks per
 * request, cannot pin the connect address (tests, CERTWIZ_DCV_CONNECT), and its redirect mode is
 * all-or-nothing.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { DcvCheck, DcvCheckResult } from '../../../shared/helpdesk';
import { dcvUrls } from './instructions';

export const MAX_BODY = 16 * 1024;
export const DEFAULT_TIMEOUT_MS = 8000;
const MAX_REDIRECTS = 3;

export interface HttpCheckOptions {
  /** Per URL, connect to response end. */
  timeoutMs?: number;
  /** Ports other than 80/443 (tests; CERTWIZ_DCV_HTTP_PORT / CERTWIZ_DCV_HTTPS_PORT). */
  ports?: { http?: number; https?: number };
  /** Connect to this address instead of resolving the name (tests; CERTWIZ_DCV_CONNECT). */
  connectAddress?: string;
}

/** Compares what a server returned with the code, the way the CA's robot would. */
export function sameContent(body: string, code: string): boolean {
  const norm = (s: string) => s.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').trim();
  return norm(body) === norm(code);
}

export async function checkHttp(asciiDomain: string, code: string, options: HttpCheckOptions = {}): Promise<DcvCheckResult> {
  const checks = await Promise.all(dcvUrls(asciiDomain, options.ports).map((u) => fetchOne(u, code, options)));
  return { found: checks.some((c) => c.status === 'match'), checks };
}

interface Response {
  status: number;
  location?: string;
  body?: string;
  tooBig?: boolean;
}

async function fetchOne(url: string, code: string, options: HttpCheckOptions): Promise<DcvCheck> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let current = new URL(url);
  const host = current.hostname;
  let last: number | undefined;
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const r = await get(current, deadline, options);
      last = r.status;
      if (r.status >= 300 && r.status < 400 && r.location) {
        let next: URL;
        try {
          next = new URL(r.location, current);
        } catch {
          return { where: url, status: 'notFound', httpStatus: r.status };
        }
        if (next.hostname !== host || (next.protocol !== 'http:' && next.protocol !== 'https:')) {
          return { where: url, status: 'notFound', httpStatus: r.status };
        }
        // Tests run on other ports: a redirect keeps the configured one for its scheme.
        if (options.ports && !next.port) {
          const p = next.protocol === 'https:' ? options.ports.https : options.ports.http;
          if (p) next.port = String(p);
        }
        current = next;
        continue;
      }
      if (r.status !== 200) return { where: url, status: 'notFound', httpStatus: r.status };
      if (r.tooBig) return { where: url, status: 'mismatch', httpStatus: r.status };
      return { where: url, status: sameContent(r.body ?? '', code) ? 'match' : 'mismatch', httpStatus: r.status };
    }
    return { where: url, status: 'notFound', ...(last ? { httpStatus: last } : {}) };
  } catch (err) {
    const status = (err as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable';
    return { where: url, status, ...(last ? { httpStatus: last } : {}) };
  }
}

function get(url: URL, deadline: number, options: HttpCheckOptions): Promise<Response> {
  return new Promise((resolve, reject) => {
    const left = deadline - Date.now();
    if (left <= 0) return reject(timeoutError());
    const secure = url.protocol === 'https:';
    const lookup: LookupFunction | undefined = options.connectAddress
      ? (_host, opts, cb) => {
          const family = options.connectAddress!.includes(':') ? 6 : 4;
          if ((opts as { all?: boolean }).all) (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: options.connectAddress!, family }]);
          else cb(null, options.connectAddress!, family);
        }
      : undefined;
    const req = (secure ? https : http).request(url, {
      method: 'GET',
      headers: { 'User-Agent': 'Certwiz DCV check', Accept: 'text/plain, */*', Connection: 'close' },
      agent: false,
      lookup,
      ...(secure ? { rejectUnauthorized: false, servername: url.hostname } : {}),
    });
    const timer = setTimeout(() => {
      req.destroy(timeoutError());
    }, left);
    const done = (fn: () => void) => {
      clearTimeout(timer);
      fn();
    };
    req.on('error', (e) => done(() => reject(e)));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const location = typeof res.headers.location === 'string' ? res.headers.location : undefined;
      if (status !== 200) {
        res.resume();
        res.destroy();
        return done(() => resolve({ status, location }));
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > MAX_BODY) {
        res.destroy();
        return done(() => resolve({ status, tooBig: true }));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          res.destroy();
          done(() => resolve({ status, tooBig: true }));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => done(() => resolve({ status, body: Buffer.concat(chunks).toString('utf8') })));
      res.on('error', (e) => done(() => reject(e)));
    });
    req.end();
  });
}

function timeoutError(): Error {
  const e = new Error('timed out');
  e.name = 'TimeoutError';
  return e;
}
