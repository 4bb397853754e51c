/**
 * Message catalogues and the lookup the renderer (and anything else showing text) uses.
 *
 * Two languages today: English and Traditional Chinese (issue 2 "UI"). The language follows the
 * OS/browser: zh-HK, zh-TW, zh-MO and any zh-Hant tag map to zh-Hant; other zh tags (zh-CN,
 * zh-Hans) fall back to English because Simplified Chinese is not written yet, and showing
 * Traditional characters to a Simplified reader is not what they asked for.
 */
import { en, type CatalogueKey } from './en';
import { zhHant } from './zh-Hant';
import type { ErrorInfo } from '../errors';
import type { FieldIssue } from '../subject';

export type Locale = 'en' | 'zh-Hant';
export const LOCALES: readonly Locale[] = ['en', 'zh-Hant'];
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-Hant': '繁體中文' };
export type { CatalogueKey };

export const catalogues: Record<Locale, Record<string, string>> = { en, 'zh-Hant': zhHant };

/** BCP 47 tag (navigator.language, app:info locale) -> one of our locales. */
export function resolveLocale(tag: string | undefined | null): Locale {
  const t = String(tag ?? '').toLowerCase().replace(/_/g, '-');
  if (t === 'zh-hant' || t.startsWith('zh-hant-') || /^zh-(hk|tw|mo)(-|$)/.test(t)) return 'zh-Hant';
  return 'en';
}

/** First of several tags (navigator.languages) that we support; English otherwise. */
export function pickLocale(tags: readonly string[]): Locale {
  for (const tag of tags) {
    const l = resolveLocale(tag);
    if (l !== 'en' || /^en(-|$)/i.test(tag)) return l;
  }
  return 'en';
}

export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : m,
  );
}

export function hasKey(locale: Locale, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(catalogues[locale], key);
}

/** Looks a key up in the locale, then English, then shows the key itself (a visible bug). */
export function translate(locale: Locale, key: CatalogueKey | string, params?: Record<string, string | number>): string {
  const text = hasKey(locale, key) ? catalogues[locale][key] : hasKey('en', key) ? en[key as CatalogueKey] : key;
  return format(text, params);
}

/** Message for an error envelope: the catalogue by code, else the core's English text. */
export function errorText(locale: Locale, error: ErrorInfo): string {
  const key = `error.${error.code}`;
  const params: Record<string, string | number> = { message: error.message, ...(error.params ?? {}) };
  // FIELD_INVALID from the core names the rule that failed: say that rule's words instead.
  const rule = error.params?.rule;
  if (error.code === 'FIELD_INVALID' && typeof rule === 'string' && hasKey(locale, `rule.${rule}`)) {
    const label = fieldLabel(locale, String(error.params?.field ?? ''), error.params?.label);
    return format(translate(locale, 'error.FIELD_INVALID'), { ...params, message: translate(locale, `rule.${rule}`, { ...params, label }) });
  }
  if (!hasKey(locale, key)) return error.message;
  return translate(locale, key, params);
}

/** Message for one field issue from validateRequest (catalogue key `rule.<id>`). */
export function issueText(locale: Locale, issue: FieldIssue): string {
  const key = `rule.${issue.rule}`;
  if (!hasKey(locale, key)) return issue.message;
  return translate(locale, key, { ...(issue.params ?? {}), label: fieldLabel(locale, issue.field, issue.params?.label) });
}

/** The field's label in this locale ('sans.3' -> the label of 'sans'); the rule's own otherwise. */
export function fieldLabel(locale: Locale, field: string | undefined, fallback?: string | number): string {
  const id = String(field ?? '').split('.')[0];
  const key = `field.${id}`;
  if (id && hasKey(locale, key)) return translate(locale, key);
  return fallback === undefined ? id : String(fallback);
}

/** Dates as people in this locale read them (Intl); the ISO string stays in a title. */
export function formatDate(locale: Locale, iso: string, withTime = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'zh-Hant' ? 'zh-HK' : 'en-GB', {
    dateStyle: 'long',
    ...(withTime ? { timeStyle: 'short' } : {}),
  }).format(d);
}
