/**
 * What to publish, and where, to prove control of each domain (guide 004 section C step 4).
 *
 * - A "Website Change": the Validation File `fileauth.txt`, reachable at
 *   `http://DOMAIN/.well-known/pki-validation/fileauth.txt` or the https URL. The guide prints the
 *   path as "/well-known/…" (no dot); the CA/B Forum Baseline Requirements 3.2.2.4.18 and RFC 8615
 *   put it under `/.well-known/`, which is what CAs fetch, so that is what we show. Not for a
 *   wildcard name (guide: "NOT applicable to e-Cert (Server) with Wildcard feature"; BR
 *   3.2.2.4.18 cannot validate a wildcard).
 * - B "DNS Change": a TXT record, Host = the domain name, Value = the Validation Code, TTL 3600
 *   (the guide's table). For `*.example.com` the record goes on `example.com`: BR 3.2.2.4.7 lets
 *   the CA validate the Authorization Domain Name with the wildcard label removed.
 * - C "Constructed E-mail": 'admin', 'administrator', 'webmaster', 'hostmaster' or 'postmaster'
 *   at the Authorization Domain Name (BR 3.2.2.4.4 "Constructed Email to Domain Contact"): the
 *   domain itself or a parent of it (BR 1.6.1 "Authorization Domain Name"), so the parents are
 *   listed too, down to the registrable name. Without the Public Suffix List, a parent of two
 *   labels whose first is a usual second-level label under a country code (com.hk, gov.hk,
 *   co.uk...) counts as a suffix and is not offered; the CA's page shows its own list, ours helps
 *   the user guess which mailbox they can read. The guide: not for the Multi-domain feature.
 *
 * Names are checked with the CSR's own rules (shared/idn.ts) and shown in A-labels, because DNS,
 * the Host header and the CA only ever see A-labels (RFC 5890 §2.3.2.1).
 */
import { CertwizError } from '../../../shared/errors';
import { domainToAscii } from '../../../shared/idn';
import { DCV_FILE_NAME, type DcvInstruction, type DcvMethod } from '../../../shared/helpdesk';

/** BR 3.2.2.4.4: the only local parts a CA may construct. */
export const CONSTRUCTED_LOCAL_PARTS = ['admin', 'administrator', 'webmaster', 'hostmaster', 'postmaster'] as const;

/** BR 3.2.2.4.18 / RFC 8615: the well-known path CAs fetch. */
export const DCV_PATH = `/.well-known/pki-validation/${DCV_FILE_NAME}`;

/** The guide's "TTL: 3600" (DNS change table). */
export const DCV_TXT_TTL = 3600;

/** At most this many domains in one request (the IPC schema says the same). */
export const MAX_DCV_DOMAINS = 100;

export interface CheckedDomain {
  /** As typed, trimmed. */
  domain: string;
  /** A-labels, may start with `*.`. */
  ascii: string;
  /** A-labels without a wildcard label: the Authorization Domain Name. */
  base: string;
  wildcard: boolean;
}

/**
 * A domain as the DCV helper needs it, or FIELD_INVALID with the same rule ids the CSR form uses
 * (`dns.<problem>`), so the renderer translates it the same way.
 */
export function checkDomain(input: string, field = 'domain'): CheckedDomain {
  const domain = input.trim();
  const d = domainToAscii(domain, { allowWildcard: true, allowIdn: true });
  if (!d.ok) {
    throw new CertwizError('FIELD_INVALID', `The domain name is not valid (${d.problem}).`, {
      ...d.params,
      field,
      rule: `dns.${d.problem}`,
      label: 'Domain name',
    });
  }
  return { domain, ascii: d.ascii, base: d.wildcard ? d.ascii.slice(2) : d.ascii, wildcard: d.wildcard };
}

/**
 * The Validation Code as it should be published: surrounding whitespace and line breaks (a
 * downloaded fileauth.txt often ends in CRLF) removed. Control characters inside are refused: a
 * code is printable text. The code itself never goes into an error (it is a secret until used).
 */
export function normalizeCode(code: string, field = 'code'): string {
  const c = code.replace(/^\uFEFF/, '').trim();
  if (c === '') throw new CertwizError('FIELD_INVALID', 'The validation code is empty.', { field, rule: 'dcv.codeEmpty' });
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(c)) {
    throw new CertwizError('FIELD_INVALID', 'The validation code contains control characters.', { field, rule: 'dcv.codeInvalid' });
  }
  return c;
}

/** The URLs a CA fetches for a domain (http first, as the guide lists them). */
export function dcvUrls(asciiDomain: string, ports: { http?: number; https?: number } = {}): string[] {
  const host = (scheme: 'http' | 'https', port?: number) => `${scheme}://${asciiDomain}${port ? `:${port}` : ''}${DCV_PATH}`;
  return [host('http', ports.http), host('https', ports.https)];
}

/** Second-level labels that registries under two-letter country codes use as suffixes. */
const SECOND_LEVEL = new Set(['com', 'net', 'org', 'edu', 'gov', 'idv', 'ac', 'co', 'or', 'ne', 'go', 'mil', 'ltd', 'plc', 'me', 'sch', 'nic']);

/** The Authorization Domain Names of a name: itself, then each parent that is not a suffix. */
export function authorizationDomains(base: string): string[] {
  const labels = base.split('.');
  const out = [base];
  for (let i = 1; i < labels.length - 1; i++) {
    const rest = labels.slice(i);
    if (rest.length === 2 && rest[1].length === 2 && SECOND_LEVEL.has(rest[0])) break;
    out.push(rest.join('.'));
  }
  return out;
}

export function dcvInstructions(method: DcvMethod, domains: readonly string[], code: string): DcvInstruction[] {
  if (domains.length === 0) throw new CertwizError('FIELD_INVALID', 'Give at least one domain name.', { field: 'domains', rule: 'dns.empty', label: 'Domain name' });
  if (domains.length > MAX_DCV_DOMAINS) throw new CertwizError('INVALID_INPUT', `At most ${MAX_DCV_DOMAINS} domain names at a time.`, { max: MAX_DCV_DOMAINS });
  const value = method === 'email' ? '' : normalizeCode(code);
  return domains.map((raw, i) => {
    const d = checkDomain(raw, `domains.${i}`);
    const item: DcvInstruction = { domain: d.domain, asciiDomain: d.ascii };
    if (method === 'http') {
      if (d.wildcard) throw notApplicable(d.domain);
      item.urls = dcvUrls(d.ascii);
      item.fileName = DCV_FILE_NAME;
      item.fileContent = value;
    } else if (method === 'dns') {
      item.txtName = d.base;
      item.txtValue = value;
    } else {
      item.addresses = authorizationDomains(d.base).flatMap((adn) => CONSTRUCTED_LOCAL_PARTS.map((l) => `${l}@${adn}`));
    }
    return item;
  });
}

export function notApplicable(domain: string): CertwizError {
  return new CertwizError(
    'DCV_METHOD_NOT_APPLICABLE',
    `The website change method cannot prove control of a wildcard name (${domain}); use the DNS change method.`,
    { domain, method: 'http' },
  );
}
