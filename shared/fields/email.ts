/**
 * E-mail addresses for S/MIME requests: checked, with the domain as A-labels.
 *
 * RFC 5280 §4.2.1.6: rfc822Name is an IA5String `local-part@domain` (RFC 5321 §4.1.2 Mailbox);
 * RFC 9598 §5 / RFC 8398: an internationalised domain goes in as A-labels, and a non-ASCII
 * local part needs the SmtpUTF8Mailbox otherName, which Certwiz does not produce, so it is
 * refused with its own rule. Quoted local parts (`"a b"@x`) are refused too: no mail CA issues
 * them and they break many clients.
 */
import { domainToAscii } from '../idn';

export type EmailResult =
  | { ok: true; ascii: string; display: string }
  | { ok: false; rule: string; params: Record<string, string | number> };

/** RFC 5322 §3.2.3 atext. */
const ATEXT = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
/** RFC 5321 §4.5.3.1.1. */
export const MAX_LOCAL_PART = 64;

export function parseEmail(value: string, allowIdn: boolean): EmailResult {
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return { ok: false, rule: 'email.invalid', params: { value } };
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (/[^\x00-\x7f]/.test(local)) return { ok: false, rule: 'email.nonAsciiLocalPart', params: { value } };
  if (!local.split('.').every((atom) => ATEXT.test(atom))) {
    return { ok: false, rule: 'email.invalid', params: { value } };
  }
  if (local.length > MAX_LOCAL_PART) {
    return { ok: false, rule: 'email.localPartTooLong', params: { value, max: MAX_LOCAL_PART, length: local.length } };
  }
  const d = domainToAscii(domain, { allowWildcard: false, allowIdn });
  if (!d.ok) return { ok: false, rule: 'email.invalidDomain', params: { value, domain, reason: d.problem } };
  return { ok: true, ascii: `${local}@${d.ascii}`, display: `${local}@${d.unicode}` };
}
