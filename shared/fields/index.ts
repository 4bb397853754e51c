/**
 * The field rules: what a person typed (SubjectForm) to exactly what goes into the CSR.
 *
 * Runs in the renderer as the user types, and again in main before anything is built (the
 * renderer is not a trust boundary). Returns every problem at once, each with a stable rule id
 * (shared/fields/rules.ts), so the wizard can mark all fields and the CLI can print them all.
 */
import { domainToAscii } from '../idn';
import type { KeyAlgorithm, SubjectForm } from '../ipc';
import { OFFICIAL_LOCATION_NAMES_ONLY } from '../profiles';
import type {
  CaProfile,
  FieldIssue,
  NormalizedRdn,
  NormalizedSan,
  ProfileField,
  RdnType,
  StringEncoding,
  ValidationResult,
} from '../subject';
import { parseEmail } from './email';
import { FIELD_LABELS, RULES, interpolate } from './rules';
import {
  charLength,
  cleanValue,
  hasControlCharacters,
  hasInvisibleCharacters,
  isPrintableString,
  nonPrintableChars,
} from './text';

export { RULES, FIELD_LABELS } from './rules';
export type { RuleInfo } from './rules';
export { isPrintableString } from './text';

/** The order fields appear in the wizard, as in the guides' dialogs (guide 004 B 4). */
export const FORM_FIELDS = ['cn', 'o', 'ou', 'l', 'st', 'c', 'email', 'sans'] as const;
export type FormFieldId = (typeof FORM_FIELDS)[number];

/** Encoding order of the subject: C first, as the guides' CSRs show (guide 001 B 6 summary). */
const RDN_ORDER: RdnType[] = ['C', 'ST', 'L', 'O', 'OU', 'CN', 'E'];
const RDN_OF_FIELD: Record<string, RdnType> = { c: 'C', st: 'ST', l: 'L', o: 'O', ou: 'OU', cn: 'CN', email: 'E' };

/** Known abbreviations of Hong Kong place names (guide 004 B 4 refuses them). */
const HK_ABBREVIATIONS = new Set(['HK', 'HKG', 'HKSAR', 'HKI', 'KLN', 'NT', 'NTW', 'NTE']);

class Collector {
  readonly issues: FieldIssue[] = [];
  add(field: string, rule: string, params: Record<string, string | number> = {}): void {
    const info = RULES[rule];
    if (!info) throw new Error(`unknown rule ${rule}`); // a programming error, caught by tests
    const base = field.startsWith('sans.') ? 'sans' : field;
    const all = { field: base, label: FIELD_LABELS[base] ?? field, ...params };
    this.issues.push({ field, rule, message: interpolate(info.message, all), source: info.source, params: all });
  }
}

/** The values a new form starts with for a profile (fixed values and defaults filled in). */
export function defaultForm(profile: CaProfile): SubjectForm {
  const form: SubjectForm = { cn: '', sans: [] };
  for (const f of profile.fields) {
    const v = f.fixed ?? f.defaultValue;
    if (v !== undefined && f.id !== 'sans' && f.id !== 'cn') form[f.id] = v;
  }
  return form;
}

/**
 * Checks a request against a profile and, when it passes, returns what goes into the CSR.
 *
 * Values are trimmed and NFC-normalized; domain names become A-labels (lower case); the country
 * is upper-cased. Empty fields take the profile's fixed or default value.
 */
export function validateRequest(profile: CaProfile, form: SubjectForm, keyAlgorithm: KeyAlgorithm): ValidationResult {
  const out = new Collector();
  // Main parses requests with zod first; the guard is for callers that build forms by hand.
  const formSans = Array.isArray(form.sans) ? form.sans : [];
  if (!profile.keyAlgorithms.includes(keyAlgorithm)) {
    out.add('keyAlgorithm', 'keyAlgorithm.notAllowed', {
      algorithm: String(keyAlgorithm),
      allowed: profile.keyAlgorithms.join(', '),
    });
  }

  const inProfile = new Set(profile.fields.map((f) => f.id));
  for (const id of FORM_FIELDS) {
    if (inProfile.has(id)) continue;
    const given = id === 'sans' ? formSans.some((s) => cleanValue(s) !== '') : cleanValue(form[id]) !== '';
    if (given) out.add(id, 'field.notInProfile');
  }

  const rdns: NormalizedRdn[] = [];
  let emailSan: NormalizedSan | undefined;
  let cnDns: NormalizedSan | undefined;
  for (const field of profile.fields) {
    if (field.id === 'sans') continue;
    const rdn = checkField(profile, field, form[field.id], out);
    if (!rdn) continue;
    rdns.push(rdn);
    if (field.id === 'email') emailSan = { type: 'email', value: rdn.value, display: rdn.display };
    if (field.id === 'cn' && profile.kind === 'server') cnDns = { type: 'dns', value: rdn.value, display: rdn.display };
  }

  const sans: NormalizedSan[] = [];
  if (inProfile.has('sans')) {
    const field = profile.fields.find((f) => f.id === 'sans')!;
    const seen = new Map<string, number>();
    formSans.forEach((raw, i) => {
      const value = cleanValue(raw);
      if (value === '') return; // an empty row the user added and left blank
      const id = `sans.${i}`;
      if (!checkText(id, value, field, out)) return;
      const d = domainToAscii(value, { allowWildcard: profile.allowWildcard, allowIdn: profile.allowIdn });
      if (!d.ok) return out.add(id, `dns.${d.problem}`, d.params);
      if (seen.has(d.ascii)) return out.add(id, 'san.duplicate', { name: d.unicode, first: seen.get(d.ascii)! });
      seen.set(d.ascii, i);
      sans.push({ type: 'dns', value: d.ascii, display: d.unicode });
    });
  }
  // RFC 6125 §6.4.4 / BR 7.1.4.3: where the profile wants SANs, the CN is one of them.
  if (profile.sansRequired && cnDns && !sans.some((s) => s.value === cnDns!.value)) sans.unshift(cnDns);
  if (emailSan) sans.unshift(emailSan);

  if (out.issues.length > 0) return { ok: false, issues: out.issues };
  rdns.sort((a, b) => RDN_ORDER.indexOf(a.type) - RDN_ORDER.indexOf(b.type));
  return { ok: true, issues: [], normalized: { rdns, sans, extendedKeyUsage: [...profile.extendedKeyUsage] } };
}

/** One subject field: the generic checks, then the field's own rule. */
function checkField(profile: CaProfile, field: ProfileField, raw: string | undefined, out: Collector): NormalizedRdn | null {
  const id = field.id;
  const refuse = (rule: string, params: Record<string, string | number> = {}): null => {
    out.add(id, rule, params);
    return null;
  };
  let value = cleanValue(raw);
  if (value === '') value = field.fixed ?? field.defaultValue ?? '';
  if (value === '') return field.required ? refuse('field.required') : null;
  if (hasControlCharacters(value)) return refuse('field.controlCharacters');
  if (hasInvisibleCharacters(value)) return refuse('field.invisibleCharacters');

  let display = value;
  if (id === 'c') {
    if (!/^[A-Za-z]{2}$/.test(value)) return refuse('c.notTwoLetters', { value });
    value = display = value.toUpperCase();
  }
  if (field.fixed !== undefined) {
    if (value.toUpperCase() !== field.fixed.toUpperCase()) return refuse('field.fixedValue', { expected: field.fixed, value });
    value = display = field.fixed;
  }
  if (id === 'cn' && profile.kind === 'server') {
    const d = domainToAscii(value, { allowWildcard: profile.allowWildcard, allowIdn: profile.allowIdn });
    if (!d.ok) return refuse(`dns.${d.problem}`, d.params);
    value = d.ascii;
    display = d.unicode;
  }
  if (id === 'email') {
    const e = parseEmail(value, profile.allowIdn);
    if (!e.ok) return refuse(e.rule, e.params);
    value = e.ascii;
    display = e.display;
  }
  let ok = true;
  if ((id === 'st' || id === 'l') && OFFICIAL_LOCATION_NAMES_ONLY.has(profile.id) && isAbbreviation(value)) {
    out.add(id, 'location.abbreviation', { value, suggestion: field.defaultValue ?? '' });
    ok = false;
  }
  if (!checkText(id, value, field, out) || !ok) return null;
  return { type: RDN_OF_FIELD[id], value, display, encoding: encodingFor(field.encoding, value) };
}

/** Length and alphabet of the value as encoded. False when a problem was added. */
function checkText(id: string, value: string, field: ProfileField, out: Collector): boolean {
  let ok = true;
  if (hasControlCharacters(value)) {
    out.add(id, 'field.controlCharacters');
    return false;
  }
  if (hasInvisibleCharacters(value)) {
    out.add(id, 'field.invisibleCharacters');
    return false;
  }
  const length = charLength(value);
  if (length > field.maxLength) {
    out.add(id, 'field.tooLong', { max: field.maxLength, length });
    ok = false;
  }
  if (field.encoding === 'printable' && !isPrintableString(value)) {
    out.add(id, 'field.notPrintable', { chars: nonPrintableChars(value).join(' ') });
    ok = false;
  }
  return ok;
}

/** PrintableString where required or where the value fits (RFC 5280 §4.1.2.4), else UTF8String. */
function encodingFor(want: StringEncoding, value: string): StringEncoding {
  if (want === 'ia5') return 'ia5';
  if (want === 'printable' || isPrintableString(value)) return 'printable';
  return 'utf8';
}

/**
 * "HK", "H.K.", "Kln", "N.T.": a known Hong Kong abbreviation, a value of at most three
 * letters, or a word of at most three letters ending in a dot (guide 004 B 4).
 */
function isAbbreviation(value: string): boolean {
  const letters = value.replace(/[.\s]/g, '').toUpperCase();
  if (HK_ABBREVIATIONS.has(letters)) return true;
  if (/^[A-Za-z.\s]+$/.test(value) && letters.length <= 3) return true;
  return /(^|\s)[A-Za-z]{1,3}\.(\s|$)/.test(value);
}

/** Whether a field id is one of the subject fields (for the CLI's flag mapping). */
export function isFormField(id: string): id is FormFieldId {
  return (FORM_FIELDS as readonly string[]).includes(id);
}
