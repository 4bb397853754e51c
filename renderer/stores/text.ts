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
