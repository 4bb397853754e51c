/**
 * Extension values of the viewer's Details tab in the reader's language. The core
 * (electron/core/cert-details.ts) renders each extension as one English line, e.g. "Digital
 * Signature, Key Encipherment" or "CA: FALSE"; on the 繁體中文 screen those stayed English while
 * Traditional-Chinese Windows' certificate dialog (guide 000 "Download Certificate" 4-5 uses its
 * Details tab) shows 數位簽章, 金鑰加密 and 主體類型=終端實體. Known words are translated here;
 * anything unknown stays as the core wrote it, so nothing is lost.
 */
import { hasKey, type CatalogueKey } from '../../shared/i18n';

type T = (key: CatalogueKey, params?: Record<string, string | number>) => string;

/** "Key Encipherment" -> "keyEncipherment" (the core's fixed names, RFC 5280 4.2.1.3). */
const camel = (s: string) => s.replace(/[^A-Za-z ]/g, ' ').trim().split(/\s+/).map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase())).join('');

export function extensionText(name: string, value: string, t: T): string {
  if (name === 'keyUsage') {
    return value
      .split(', ')
      .map((u) => {
        const key = `viewer.ku.${camel(u)}`;
        return hasKey('en', key) ? t(key as CatalogueKey) : u;
      })
      .join(t('viewer.listSep'));
  }
  if (name === 'extKeyUsage') {
    return value
      .split(', ')
      .map((u) => {
        const m = /^(\w+) \(([\d.]+)\)$/.exec(u);
        const key = m ? `viewer.ekuName.${m[1]}` : '';
        return m && hasKey('en', key) ? `${t(key as CatalogueKey)} (${m[2]})` : u;
      })
      .join(t('viewer.listSep'));
  }
  if (name === 'basicConstraints') {
    // RFC 5280 4.2.1.9; worded as Windows does: Subject Type, Path Length Constraint.
    const m = /^CA: (TRUE|FALSE)(?:, pathlen: (\d+))?$/.exec(value);
    if (!m) return value;
    const type = m[1] === 'TRUE' ? t('viewer.bc.ca') : t('viewer.bc.endEntity');
    return t('viewer.bc.line', { type, pathlen: m[2] ?? t('viewer.bc.none') });
  }
  return value;
}
