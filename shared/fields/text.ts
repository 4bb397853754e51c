/**
 * Character-level checks on what a person typed, before any field-specific rule.
 */

/**
 * PrintableString's alphabet (X.680 §41.4, RFC 5280 §4.1.2.4): A-Z a-z 0-9 space ' ( ) + , - . / : = ?
 * Note `*`, `@`, `&`, `_` and every non-ASCII character are outside it.
 */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

export function isPrintableString(value: string): boolean {
  return PRINTABLE.test(value);
}

/** The distinct characters of `value` that PrintableString cannot hold, for the message. */
export function nonPrintableChars(value: string): string[] {
  const seen = new Set<string>();
  for (const ch of value) if (!PRINTABLE.test(ch)) seen.add(ch);
  return [...seen];
}

/** C0/C1 controls, DEL (Unicode category Cc): tabs, line breaks, NUL, escape sequences. */
export function hasControlCharacters(value: string): boolean {
  return /\p{Cc}/u.test(value);
}

/**
 * Invisible or unencodable characters: format characters (Cf: bidi overrides, zero-width
 * joiners, BOM, soft hyphen), line/paragraph separators, and lone surrogates that UTF-8 cannot
 * encode. A right-to-left override in a name is a known spoofing trick (Unicode TR 36 §2.2).
 */
export function hasInvisibleCharacters(value: string): boolean {
  return /[\p{Cf}\p{Zl}\p{Zp}]/u.test(value) || !isWellFormed(value);
}

function isWellFormed(value: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}

/** Length in characters (code points), which is how X.520 upper bounds count. */
export function charLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/**
 * What a value becomes before the rules see it: leading and trailing white space removed (a
 * classic paste accident), Unicode NFC (so the same name typed two ways encodes the same bytes).
 */
export function cleanValue(raw: string | undefined): string {
  if (typeof raw !== 'string') return '';
  const trimmed = raw.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  return isWellFormed(trimmed) ? trimmed.normalize('NFC') : trimmed;
}
