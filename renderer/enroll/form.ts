/**
 * The enrollment form's state and how it becomes a SubjectForm for validateRequest / csr:create.
 *
 * More domain names are typed one per line (the guides' Exchange wizard lists them the same way);
 * blank lines are ignored. Fields a profile fixes (HK Post: C=HK) or defaults (ST and L "Hong
 * Kong", guide 004 B 4) are pre-filled so the user sees exactly what will be sent.
 */
import type { CaProfile, FieldIssue } from '../../shared/subject';
import type { KeyAlgorithm, SecurityLevel, StoreEntry, SubjectForm } from '../../shared/ipc';

export type FieldId = 'cn' | 'o' | 'ou' | 'l' | 'st' | 'c' | 'email' | 'sans';

export interface EnrollState {
  profileId: string;
  values: Record<FieldId, string>;
  keyAlgorithm: KeyAlgorithm;
  securityLevel: SecurityLevel;
}

export const EMPTY_VALUES: Record<FieldId, string> = { cn: '', o: '', ou: '', l: '', st: '', c: '', email: '', sans: '' };

/** Pre-fills fixed and default values for a profile, keeping what the user already typed. */
export function applyProfileDefaults(profile: CaProfile, values: Record<FieldId, string>): Record<FieldId, string> {
  const next = { ...values };
  for (const f of profile.fields) {
    if (f.fixed !== undefined) next[f.id] = f.fixed;
    else if (f.defaultValue !== undefined && next[f.id].trim() === '') next[f.id] = f.defaultValue;
  }
  return next;
}

export function sanLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function toSubjectForm(profile: CaProfile, values: Record<FieldId, string>): SubjectForm {
  const has = (id: FieldId) => profile.fields.some((f) => f.id === id);
  const opt = (id: FieldId) => (has(id) && values[id].trim() !== '' ? values[id] : undefined);
  return {
    cn: values.cn,
    o: opt('o'),
    ou: opt('ou'),
    l: opt('l'),
    st: opt('st'),
    c: opt('c'),
    email: opt('email'),
    sans: has('sans') ? sanLines(values.sans) : [],
  };
}

/** The renewal form: the installed certificate's subject and names (issue 2 part 2, renewal). */
export function valuesFromEntry(entry: StoreEntry): Record<FieldId, string> {
  const s = entry.subjectFields;
  const cn = s.cn ?? '';
  return {
    cn,
    o: s.o ?? '',
    ou: s.ou ?? '',
    l: s.l ?? '',
    st: s.st ?? '',
    c: s.c ?? '',
    email: s.email ?? '',
    sans: (s.sans ?? []).join('\n'),
  };
}

/** Issues grouped by form field ('sans.3' counts as 'sans'). */
export function issuesByField(issues: FieldIssue[]): Map<string, FieldIssue[]> {
  const map = new Map<string, FieldIssue[]>();
  for (const i of issues) {
    const id = i.field.split('.')[0];
    map.set(id, [...(map.get(id) ?? []), i]);
  }
  return map;
}
