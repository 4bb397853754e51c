/**
 * Names the store pages show: logical stores in the guides' (Windows') words, roles, the stores
 * this OS has, and a certificate's common name for titles (the full subject is in the details).
 */
import type { CatalogueKey } from '../../shared/i18n';
import type { CertRole, LogicalStore, StoreSpecName } from '../../shared/stores';

export const LOCATION_KEYS: Record<LogicalStore | 'crl', CatalogueKey> = {
  personal: 'stores.loc.personal',
  intermediate: 'stores.loc.intermediate',
  root: 'stores.loc.root',
  crl: 'stores.loc.crl',
};

export const ROLE_KEYS: Record<CertRole | 'crl' | 'pfx', CatalogueKey> = {
  'end-entity': 'stores.role.end-entity',
  intermediate: 'stores.role.intermediate',
  root: 'stores.role.root',
  'cross-certificate': 'stores.role.cross-certificate',
  crl: 'stores.role.crl',
  pfx: 'stores.role.pfx',
};

export const SPEC_KEYS: Record<StoreSpecName, CatalogueKey> = {
  nss: 'stores.spec.nss',
  firefox: 'stores.spec.firefox',
  'windows:CurrentUser': 'stores.spec.windows:CurrentUser',
  'windows:LocalMachine': 'stores.spec.windows:LocalMachine',
  'macos:login': 'stores.spec.macos:login',
  'macos:system': 'stores.spec.macos:system',
};

/** The CN of an RFC 4514 string, or the whole string when there is none. */
export function commonName(dn: string): string {
  const m = /(?:^|,\s*)CN=((?:\\.|[^,])*)/.exec(dn);
  return m ? m[1].replace(/\\(.)/g, '$1') : dn;
}

/** Thumbprints in pairs, upper case, as Windows shows them. */
export function pairs(hex: string): string {
  return hex.toUpperCase().replace(/(..)(?=.)/g, '$1 ');
}

/**
 * A store's trust in words. NSS keeps trust as three flag fields "SSL,S/MIME,code signing"
 * (certutil -A -t, e.g. `C,,` = trusted CA for websites); the raw flags meant nothing to a user
 * reading the store page aloud to a helpdesk, so the page says what they do and keeps the flags
 * in the cell's title for the helpdesk. Windows and macOS stores report `trusted` / `none`.
 */
export function trustText(trust: string, t: (key: CatalogueKey, params?: Record<string, string | number>) => string): string {
  if (trust === 'trusted') return t('stores.trust.trusted');
  if (trust === 'none' || !trust.includes(',')) return t('stores.trust.notSet');
  const [tls = '', email = '', code = ''] = trust.split(',');
  const purposes: string[] = [];
  if (/[CT]/.test(tls)) purposes.push(t('stores.trust.tls'));
  if (/[CT]/.test(email)) purposes.push(t('stores.trust.email'));
  if (/[CT]/.test(code)) purposes.push(t('stores.trust.code'));
  if (purposes.length > 0) return t('stores.trust.for', { purposes: purposes.join(t('stores.trust.sep')) });
  if (/P/.test(trust)) return t('stores.trust.peer');
  return t('stores.trust.notSet');
}
