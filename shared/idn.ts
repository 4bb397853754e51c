/**
 * Domain names to IDNA A-labels (what goes into a CSR) and back to U-labels (what people read).
 *
 * HK Post accepts Chinese domain names and encodes them as punycode in CN and SAN (guide 004
 * B 4 "Chinese Domain Name", options 1 and 2; guide 001 B 5): `www.我的服务器.com` becomes
 * `www.xn--zfru1g2vn33etpw.com`. RFC 5280 §4.2.1.6 and RFC 9549 say dNSName holds A-labels.
 *
 * This file runs in Node and in the browser with no dependency:
 * - toASCII is the WHATWG URL parser's host parser (UTS #46 processing, non-transitional, with
 *   the IDNA2008 validity checks it applies), which both runtimes ship. The URL parser also
 *   accepts things that are not domain names (percent escapes, IPv4 in odd spellings, `_`,
 *   leading hyphens), so each label is checked before and after it.
 * - toUnicode is a small hand-written RFC 3492 punycode decoder (§6.2), because no standard
 *   browser API decodes A-labels and the npm `punycode` module would be a dependency for 60
 *   lines of arithmetic.
 */

/** Why a name is not a usable DNS name; each maps to a rule `dns.<problem>` in shared/fields. */
export type DomainProblem =
  | 'empty'
  | 'emptyLabel'
  | 'labelTooLong'
  | 'nameTooLong'
  | 'invalidCharacters'
  | 'hyphenPosition'
  | 'badPunycode'
  | 'ipAddress'
  | 'numericTopLevel'
  | 'notFullyQualified'
  | 'idnNotAllowed'
  | 'wildcardNotAllowed'
  | 'wildcardNotLeftmost'
  | 'wildcardPartialLabel'
  | 'wildcardTooBroad';

export type DomainResult =
  | {
      ok: true;
      /** A-labels, lower case, as encoded in a CSR. */
      ascii: string;
      /** U-labels, for people. */
      unicode: string;
      wildcard: boolean;
      /** At least one label is an internationalised (xn--) label. */
      idn: boolean;
    }
  | { ok: false; problem: DomainProblem; params: Record<string, string | number> };

export interface DomainOptions {
  /** `*` as the whole left-most label (guide 004 B 4 "Wildcard" feature; RFC 6125 §6.4.3). */
  allowWildcard: boolean;
  /** Internationalised names (U-labels or xn-- labels). */
  allowIdn: boolean;
}

/** RFC 1035 §2.3.4: 63 octets per label, 255 per name on the wire, so 253 in text form. */
export const MAX_LABEL_LENGTH = 63;
export const MAX_NAME_LENGTH = 253;

/**
 * Dots people type: U+002E plus the ideographic and full-width full stops that Chinese input
 * methods produce (UTS #46 §2.3 maps them to U+002E as label separators).
 */
const DOTS = /[.\u3002\uFF0E\uFF61]/;
/** Before the URL parser: ASCII letters, digits and hyphen, or letters/marks/digits of any script. */
const LABEL_INPUT = /^[A-Za-z0-9\-\p{L}\p{M}\p{N}]+$/u;
/** After it: LDH labels only (RFC 5890 §2.3.1, RFC 1123 §2.1). */
const LDH = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** Quoted parts of a name in messages stay readable: an overlong input is cut (issue 2 bad input). */
const MAX_QUOTED = 64;
const quoted = (v: string | number) => (typeof v === 'string' && [...v].length > MAX_QUOTED ? `${[...v].slice(0, MAX_QUOTED - 1).join('')}…` : v);

const fail = (problem: DomainProblem, params: Record<string, string | number> = {}): DomainResult => ({
  ok: false,
  problem,
  params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, quoted(v)])),
});

/**
 * Checks a DNS name and returns its A-label and U-label forms, or the first problem found.
 *
 * Upper case becomes lower case and full-width letters become ASCII; the caller shows both
 * forms so the user sees what will be encoded.
 *
 * The case and width mapping (NFKC, lower case) is done here, before the URL parser, and the
 * parser's result must decode back to exactly that: Node (ada) and Chromium (ICU) implement
 * different UTS #46 versions (`ẞ` maps to `ss` in one and `ß` in the other), and the wizard in
 * the browser must accept exactly what main accepts.
 */
export function domainToAscii(input: string, options: DomainOptions): DomainResult {
  const name = input.trim();
  if (name === '') return fail('empty');
  const labels = name.split(DOTS);
  if (labels.some((l) => l === '')) return fail('emptyLabel', { name });

  let wildcard = false;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label.includes('*')) {
      if (!options.allowWildcard) return fail('wildcardNotAllowed', { name });
      if (i > 0) return fail('wildcardNotLeftmost', { name });
      if (label !== '*') return fail('wildcardPartialLabel', { name });
      wildcard = true;
      continue;
    }
    if (!LABEL_INPUT.test(label)) return fail('invalidCharacters', { name, part: label });
  }
  const folded = (wildcard ? labels.slice(1) : labels).map(fold);
  const badFold = folded.findIndex((l) => !LABEL_INPUT.test(l));
  if (badFold >= 0) return fail('invalidCharacters', { name, part: labels[badFold + (wildcard ? 1 : 0)] });
  // RFC 6125 §7.2 / CA/B Forum BR 3.2.2.6: `*.com` would cover a whole registry.
  if (wildcard && labels.length < 3) return fail('wildcardTooBroad', { name });

  const rest = folded.join('.');
  let host: string;
  try {
    host = new URL(`http://${rest}/`).hostname;
  } catch {
    return whyUrlRefused(name, wildcard ? labels.slice(1) : labels, folded);
  }
  const asciiLabels = host.split('.');
  // The URL parser turns `0x7f.1` or `1.2.3.4` into an IPv4 address; those are not DNS names.
  const expectedLabels = labels.length - (wildcard ? 1 : 0);
  if (asciiLabels.length !== expectedLabels || /^[0-9]+$/.test(asciiLabels[asciiLabels.length - 1])) {
    return fail('ipAddress', { name });
  }

  let idn = false;
  const unicodeLabels: string[] = [];
  for (const label of asciiLabels) {
    if (label === '') return fail('emptyLabel', { name });
    if (!LDH.test(label)) {
      return fail(/^-|-$/.test(label) ? 'hyphenPosition' : 'invalidCharacters', { name, part: label });
    }
    if (label.length > MAX_LABEL_LENGTH) {
      return fail('labelTooLong', { name, part: label, max: MAX_LABEL_LENGTH, length: label.length });
    }
    if (label.startsWith('xn--')) {
      idn = true;
      const decoded = punycodeDecode(label.slice(4));
      // An A-label must decode, must hold something non-ASCII, and must come back unchanged
      // through toASCII (RFC 5891 §5.4); otherwise it is a fake or damaged xn-- label.
      if (decoded === null || /^[\x00-\x7f]*$/.test(decoded) || reencode(decoded) !== label) {
        return fail('badPunycode', { name, part: label });
      }
      unicodeLabels.push(decoded);
    } else {
      // RFC 5891 §4.2.3.1: `--` in positions 3-4 is reserved for xn-- style prefixes.
      if (label.slice(2, 4) === '--') return fail('hyphenPosition', { name, part: label });
      unicodeLabels.push(label);
    }
  }
  if (idn && !options.allowIdn) return fail('idnNotAllowed', { name });

  // UTS #46 maps a few characters beyond case and width (Cherokee `ꭰ` to `Ꭰ`; `ẞ` to `ss` in
  // older versions); a name that comes back different from the folded input is not the one typed.
  for (let i = 0; i < folded.length; i++) {
    if (folded[i] !== unicodeLabels[i] && !/^xn--/.test(folded[i])) {
      return fail('invalidCharacters', { name, part: labels[i + (wildcard ? 1 : 0)] });
    }
  }

  // CA/B Forum BR 4.2.2 (no internal names since 2015): a certificate names a full domain.
  if (asciiLabels.length < 2) return fail('notFullyQualified', { name });

  const ascii = (wildcard ? '*.' : '') + host;
  if (ascii.length > MAX_NAME_LENGTH) {
    return fail('nameTooLong', { name, max: MAX_NAME_LENGTH, length: ascii.length });
  }
  const unicode = (wildcard ? '*.' : '') + unicodeLabels.join('.');
  return { ok: true, ascii, unicode, wildcard, idn };
}

/**
 * Case and width folding: NFKC, then lower case, with every Σ as σ as UTS #46 maps it
 * (JavaScript would make a word-final Σ into ς, a different IDNA2008 character).
 */
function fold(label: string): string {
  return label.normalize('NFKC').replace(/Σ/g, 'σ').toLowerCase();
}

/** Finds the label the URL parser refused, to say which one and why. */
function whyUrlRefused(name: string, labels: string[], folded: string[]): DomainResult {
  for (let i = 0; i < labels.length; i++) {
    if (reencode(folded[i]) === null) {
      return fail(/^xn--/.test(folded[i]) ? 'badPunycode' : 'invalidCharacters', { name, part: labels[i] });
    }
  }
  // Every label is fine alone: WHATWG URL refuses a name ending in a number (`www.123`).
  if (/^[0-9]+$/.test(labels[labels.length - 1])) return fail('numericTopLevel', { name });
  return fail('invalidCharacters', { name, part: name });
}

function reencode(ulabel: string): string | null {
  try {
    return new URL(`http://${ulabel}/`).hostname;
  } catch {
    return null;
  }
}

/**
 * A-labels to U-labels for display; labels that do not decode are shown as they are.
 *
 * Used on names read back from a CSR or certificate, which may come from anywhere.
 */
export function domainToUnicode(ascii: string): string {
  return ascii
    .split('.')
    .map((label) => {
      if (!/^xn--/i.test(label)) return label;
      const decoded = punycodeDecode(label.slice(4).toLowerCase());
      return decoded === null ? label : decoded;
    })
    .join('.');
}

// RFC 3492 §5 parameter values for IDNA.
const BASE = 36;
const TMIN = 1;
const TMAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;
const MAX_CODE_POINT = 0x10ffff;

/** RFC 3492 §6.1. */
function adapt(delta: number, numPoints: number, firstTime: boolean): number {
  let d = firstTime ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / numPoints);
  let k = 0;
  while (d > ((BASE - TMIN) * TMAX) >> 1) {
    d = Math.floor(d / (BASE - TMIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - TMIN + 1) * d) / (d + SKEW));
}

function digitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 22; // '0'..'9' -> 26..35
  if (c >= 0x41 && c <= 0x5a) return c - 0x41; // 'A'..'Z'
  if (c >= 0x61 && c <= 0x7a) return c - 0x61; // 'a'..'z'
  return BASE;
}

/**
 * RFC 3492 §6.2 decoding of one label without its `xn--` prefix; null when it is not valid
 * punycode (bad digit, overflow, code point out of range).
 */
export function punycodeDecode(input: string): string | null {
  const output: number[] = [];
  const delimiter = input.lastIndexOf('-');
  for (let j = 0; j < Math.max(delimiter, 0); j++) {
    const c = input.charCodeAt(j);
    if (c >= 0x80) return null;
    output.push(c);
  }
  let n = INITIAL_N;
  let i = 0;
  let bias = INITIAL_BIAS;
  for (let pos = delimiter > 0 ? delimiter + 1 : 0; pos < input.length; ) {
    const oldi = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (pos >= input.length) return null;
      const digit = digitValue(input.charCodeAt(pos++));
      if (digit >= BASE) return null;
      i += digit * w;
      if (!Number.isSafeInteger(i)) return null;
      const t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
      if (digit < t) break;
      w *= BASE - t;
      if (w > Number.MAX_SAFE_INTEGER / BASE) return null;
    }
    const len = output.length + 1;
    bias = adapt(i - oldi, len, oldi === 0);
    n += Math.floor(i / len);
    i %= len;
    if (n > MAX_CODE_POINT || (n >= 0xd800 && n <= 0xdfff)) return null;
    output.splice(i, 0, n);
    i++;
  }
  return String.fromCodePoint(...output);
}
