/**
 * Domain control validation helper (issue 6; guide 004 section C step 4): instructions per
 * method, "Check now", and the stable error a check's outcome maps to (CLI exit codes).
 *
 * Test and diagnostics hooks, read from the environment by dcvOptionsFromEnv (documented in
 * `certwiz dcv check --help`): CERTWIZ_DNS_SERVER (comma-separated `IP[:PORT]`),
 * CERTWIZ_DCV_HTTP_PORT, CERTWIZ_DCV_HTTPS_PORT, CERTWIZ_DCV_CONNECT (an address to connect to
 * instead of resolving the domain), CERTWIZ_DCV_TIMEOUT_MS.
 */
import { CertwizError } from '../../../shared/errors';
import type { DcvCheckResult } from '../../../shared/helpdesk';
import { checkDns, type DnsCheckOptions } from './dns-check';
import { checkHttp, type HttpCheckOptions } from './http-check';
import { checkDomain, normalizeCode, notApplicable } from './instructions';

export { dcvInstructions, authorizationDomains, checkDomain, normalizeCode, dcvUrls, CONSTRUCTED_LOCAL_PARTS, DCV_PATH, DCV_TXT_TTL } from './instructions';
export { checkHttp, sameContent, MAX_BODY, type HttpCheckOptions } from './http-check';
export { checkDns, type DnsCheckOptions } from './dns-check';

export interface DcvOptions {
  http?: HttpCheckOptions;
  dns?: DnsCheckOptions;
}

export async function dcvCheck(method: 'http' | 'dns', domain: string, code: string, options: DcvOptions = {}): Promise<DcvCheckResult> {
  const d = checkDomain(domain);
  const value = normalizeCode(code);
  if (method === 'http') {
    if (d.wildcard) throw notApplicable(d.domain);
    return checkHttp(d.ascii, value, options.http);
  }
  return checkDns(d.base, value, options.dns);
}

/**
 * The error a failed check means, for the CLI's exit code: a place holding another value wins
 * (the user published something, but not this), then "not there" (5), then timeout / unreachable
 * (1). Null when found. The message names the domain and places, never the code.
 */
export function dcvOutcomeError(domain: string, result: DcvCheckResult): CertwizError | null {
  if (result.found) return null;
  const has = (s: string) => result.checks.some((c) => c.status === s);
  const where = result.checks.map((c) => c.where).join(', ');
  if (has('mismatch')) return new CertwizError('DCV_MISMATCH', `Something is published for ${domain}, but it is not this validation code (${where}).`, { domain });
  if (has('notFound')) return new CertwizError('DCV_NOT_FOUND', `The validation code was not found for ${domain} (${where}).`, { domain });
  if (has('timeout')) return new CertwizError('DCV_TIMEOUT', `${domain} did not answer in time (${where}).`, { domain });
  return new CertwizError('DCV_UNREACHABLE', `Certwiz could not reach ${domain} (${where}).`, { domain });
}

const port = (v: string | undefined): number | undefined => {
  const n = Number(v);
  return v && Number.isInteger(n) && n > 0 && n < 65536 ? n : undefined;
};

export function dcvOptionsFromEnv(env: Record<string, string | undefined> = process.env): DcvOptions {
  const timeout = port(env.CERTWIZ_DCV_TIMEOUT_MS); // any positive integer below 65536 ms
  const servers = env.CERTWIZ_DNS_SERVER?.split(',').map((s) => s.trim()).filter(Boolean);
  const http: HttpCheckOptions = {};
  const ports = { http: port(env.CERTWIZ_DCV_HTTP_PORT), https: port(env.CERTWIZ_DCV_HTTPS_PORT) };
  if (ports.http || ports.https) http.ports = ports;
  if (env.CERTWIZ_DCV_CONNECT?.trim()) http.connectAddress = env.CERTWIZ_DCV_CONNECT.trim();
  if (timeout) http.timeoutMs = timeout;
  return { http, dns: { ...(servers && servers.length ? { servers } : {}), ...(timeout ? { timeoutMs: timeout } : {}) } };
}
