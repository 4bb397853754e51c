/**
 * The i18n hook: current locale, `t(key, params)`, and the messages for errors and field issues.
 *
 * The language follows navigator.languages (zh-HK, zh-TW, zh-Hant -> Traditional Chinese) and the
 * header's switch overrides it for this browser (localStorage). `<html lang>` follows, so screen
 * readers pick the right voice.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { errorText, formatDate, issueText, pickLocale, translate, type CatalogueKey, type Locale, LOCALES } from '../shared/i18n';
import type { ErrorInfo } from '../shared/errors';
import type { FieldIssue } from '../shared/subject';

export interface I18n {
  locale: Locale;
  setLocale(l: Locale): void;
  t(key: CatalogueKey, params?: Record<string, string | number>): string;
  err(e: ErrorInfo): string;
  issue(i: FieldIssue): string;
  date(iso: string, withTime?: boolean): string;
}

const Ctx = createContext<I18n | null>(null);
const STORAGE_KEY = 'certwiz.locale';

function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  return pickLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale === 'zh-Hant' ? 'zh-Hant' : 'en';
    document.title = translate(locale, 'app.title') + ' – ' + translate(locale, 'app.tagline');
  }, [locale]);
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale(l) {
        localStorage.setItem(STORAGE_KEY, l);
        setLocaleState(l);
      },
      t: (key, params) => translate(locale, key, params),
      err: (e) => errorText(locale, e),
      issue: (i) => issueText(locale, i),
      date: (iso, withTime) => formatDate(locale, iso, withTime),
    }),
    [locale],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
