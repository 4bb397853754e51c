/**
 * Every rule id the field rules can emit, with its English message and source.
 *
 * The translation catalogues (shared/i18n/) key these as `rule.<id>`; a test checks that each
 * catalogue has every id listed here. Messages take named parameters in braces: `{label}` (the
 * field's English label; `{field}` is its id for catalogues that translate labels), and the
 * parameters named in each message. Never a secret.
 */
import type { DomainProblem } from '../idn';

export interface RuleInfo {
  message: string;
  source: string;
}

const DNS_RULES: Record<`dns.${DomainProblem}`, RuleInfo> = {
  'dns.empty': { message: '{label} is empty.', source: 'RFC 1035 §2.3.1' },
  'dns.emptyLabel': {
    message: '{label} "{name}" has an empty part (two dots together, or a dot at the start or end).',
    source: 'RFC 1035 §2.3.1; RFC 5280 §4.2.1.6',
  },
  'dns.labelTooLong': {
    message: 'In {label}, the part "{part}" is {length} characters long once encoded; at most {max} are allowed.',
    source: 'RFC 1035 §2.3.4',
  },
  'dns.nameTooLong': {
    message: '{label} is {length} characters long once encoded; at most {max} are allowed.',
    source: 'RFC 1035 §2.3.4',
  },
  'dns.invalidCharacters': {
    message: '{label} "{name}" contains characters a domain name cannot hold (in "{part}"). Use letters, digits and hyphens.',
    source: 'RFC 1123 §2.1; RFC 5891 §4; UTS #46',
  },
  'dns.hyphenPosition': {
    message: 'In {label}, the part "{part}" may not start or end with a hyphen, or have "--" as its 3rd and 4th characters.',
    source: 'RFC 1123 §2.1; RFC 5891 §4.2.3.1',
  },
  'dns.badPunycode': {
    message: 'In {label}, "{part}" starts with xn-- but is not a valid internationalised (IDN) label.',
    source: 'RFC 3492 §6.2; RFC 5891 §5.4',
  },
  'dns.ipAddress': {
    message: '{label} "{name}" is read as an IP address, not a domain name.',
    source: 'RFC 5280 §4.2.1.6; WHATWG URL host parser',
  },
  'dns.numericTopLevel': {
    message: '{label} "{name}" ends in a number; a domain name ends in a name such as "com" or "hk".',
    source: 'RFC 3696 §2',
  },
  'dns.notFullyQualified': {
    message: '{label} "{name}" is a single name; give the full domain name, e.g. www.example.com.',
    source: 'CA/B Forum BR 4.2.2, 7.1.4.3',
  },
  'dns.idnNotAllowed': {
    message: 'This CA does not accept internationalised (Chinese) domain names in {label}.',
    source: 'RFC 5280 §4.2.1.6',
  },
  'dns.wildcardNotAllowed': {
    message: 'This CA does not accept a wildcard (*) in {label}.',
    source: 'RFC 6125 §6.4.3',
  },
  'dns.wildcardNotLeftmost': {
    message: 'In {label} "{name}", the wildcard * may only be the left-most part, e.g. *.example.com.',
    source: 'Guide 004 B 4; Guide 002 B 9; RFC 6125 §6.4.3',
  },
  'dns.wildcardPartialLabel': {
    message: 'In {label} "{name}", the wildcard must be a whole part on its own: *.example.com, not w*.example.com.',
    source: 'Guide 004 B 4; CA/B Forum BR 1.6.1 "Wildcard Domain Name"',
  },
  'dns.wildcardTooBroad': {
    message: 'In {label} "{name}", a wildcard needs at least two parts after it, e.g. *.example.com.',
    source: 'RFC 6125 §7.2; CA/B Forum BR 3.2.2.6',
  },
};

export const RULES: Record<string, RuleInfo> = {
  'field.required': { message: '{label} is required.', source: 'Guide 004 B 4; RFC 5280 §4.1.2.6' },
  'field.tooLong': {
    message: '{label} may hold at most {max} characters; it has {length}.',
    source: 'RFC 5280 Appendix A.1 (upper bounds)',
  },
  'field.controlCharacters': {
    message: '{label} contains control characters (such as tabs or line breaks).',
    source: 'RFC 5280 §4.1.2.4; RFC 4514 §2.4',
  },
  'field.invisibleCharacters': {
    message: '{label} contains invisible formatting characters (such as direction marks or zero-width spaces).',
    source: 'Unicode TR 36 §2.2 (spoofing); RFC 5280 §4.1.2.4',
  },
  'field.notPrintable': {
    message:
      "This CA needs {label} in PrintableString: letters A-Z and a-z, digits, spaces and ' ( ) + , - . / : = ? only. Not allowed: {chars}",
    source: 'RFC 5280 §4.1.2.4; X.680 §41.4 (PrintableString)',
  },
  'field.fixedValue': { message: 'For this CA, {label} must be {expected}.', source: 'Guide 004 B 4; Guide 002 B 10' },
  'field.notInProfile': { message: "This CA's request has no {label}; leave it empty.", source: 'CA profile' },
  'c.notTwoLetters': {
    message: '{label} must be a two-letter country code such as HK.',
    source: 'RFC 5280 Appendix A.1 (X520countryName, ISO 3166)',
  },
  'location.abbreviation': {
    message: '{label} must be the official name, not an abbreviation ("{value}"); for example "{suggestion}".',
    source: 'Guide 004 B 4 ("official names and they cannot contain abbreviations")',
  },
  'email.invalid': {
    message: '{label} "{value}" is not an e-mail address of the form name@example.com.',
    source: 'RFC 5321 §4.1.2; RFC 5280 §4.2.1.6',
  },
  'email.nonAsciiLocalPart': {
    message: 'In {label}, the part before @ must use ASCII characters only; internationalised mailbox names are not supported.',
    source: 'RFC 5280 §4.2.1.6; RFC 8398 §3',
  },
  'email.localPartTooLong': {
    message: 'In {label}, the part before @ may hold at most {max} characters; it has {length}.',
    source: 'RFC 5321 §4.5.3.1.1',
  },
  'email.invalidDomain': {
    message: 'In {label}, the part after @ ("{domain}") is not a valid domain name.',
    source: 'RFC 5321 §4.1.2; RFC 5280 §4.2.1.6',
  },
  'san.duplicate': {
    message: '"{name}" is listed more than once.',
    source: 'RFC 5280 §4.2.1.6',
  },
  'keyAlgorithm.notAllowed': {
    message: 'This CA does not accept {algorithm} keys. Choose one of: {allowed}.',
    source: 'Guide 002 C and guide 004 B 5 (HK Post: RSA 2048 only); CA/B Forum BR 6.1.5',
  },
  ...DNS_RULES,
};

export type RuleId = keyof typeof RULES;

/** English labels, in the guides' words (guide 004 B 4, guide 001 B 6). */
export const FIELD_LABELS: Record<string, string> = {
  cn: 'Common name',
  o: 'Organization',
  ou: 'Organizational unit',
  l: 'City/locality',
  st: 'State/province',
  c: 'Country/region',
  email: 'E-mail',
  sans: 'Additional server name',
  keyAlgorithm: 'Key type and bit length',
};

/** Fills `{name}` placeholders; unknown ones stay visible so a missing parameter shows up in tests. */
export function interpolate(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
