/**
 * "Check now" for the DNS Change method (guide 004 C 4 B): is there a TXT record on the domain
 * whose value is the Validation Code?
 *
 * A TXT record is one or more character-strings (RFC 1035 §3.3.14); a long value is split by the
 * DNS provider into 255-octet strings, which are joined back (as RFC 7208 §3.3 does for SPF)
 * before comparing. Several TXT records may coexist (SPF, other validations): any one equal to
 * the code is a match; records but none equal is "mismatch"; NXDOMAIN or no TXT is "not found".
 *
 * node:dns Resolver (c-ares) is used rather than the OS resolver: it takes explicit servers, so
 * tests point it at a local responder (CERTWIZ_DNS_SERVER) and the user can be told what a
 * public resolver sees. Each query has a deadline; the resolver is cancelled when it passes.
 */
import { Resolver } from 'node:dns/promises';
import type { DcvCheckResult, DcvCheckStatus } from '../../../shared/helpdesk';
import { sameContent } from './http-check';

export const DEFAULT_DNS_TIMEOUT_MS = 5000;

export interface DnsCheckOptions {
  /** `IP` or `IP:PORT` (IPv6: `[IP]:PORT`); default: the system's resolvers. */
  servers?: string[];
  timeoutMs?: number;
}

const NOT_FOUND = new Set(['ENODATA', 'ENOTFOUND', 'NXDOMAIN']);
const TIMEOUT = new Set(['ETIMEOUT', 'ETIMEDOUT']);

export async function checkDns(txtName: string, code: string, options: DnsCheckOptions = {}): Promise<DcvCheckResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_DNS_TIMEOUT_MS;
  // c-ares retries with a per-try timeout; two tries fit inside our own deadline below.
  const resolver = new Resolver({ timeout: Math.max(100, Math.floor(timeoutMs / 2)), tries: 2 });
  if (options.servers && options.servers.length > 0) resolver.setServers(options.servers);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  let status: DcvCheckStatus;
  try {
    const answer = await Promise.race([resolver.resolveTxt(txtName), deadline]);
    if (answer === 'timeout') {
      resolver.cancel();
      status = 'timeout';
    } else {
      const values = answer.map((chunks) => chunks.join(''));
      status = values.length === 0 ? 'notFound' : values.some((v) => sameContent(v, code)) ? 'match' : 'mismatch';
    }
  } catch (err) {
    const c = String((err as { code?: unknown }).code ?? '');
    status = NOT_FOUND.has(c) ? 'notFound' : TIMEOUT.has(c) ? 'timeout' : 'unreachable';
  } finally {
    clearTimeout(timer);
  }
  return { found: status === 'match', checks: [{ where: txtName, status }] };
}
