/**
 * The Import PFX wizard's OS-store pieces (issue 4 "Store selection ... used by PFX import"): the
 * explicit confirmation of a self-signed root in the file (subject and SHA-256 fingerprint, a
 * root is trust for every site) and what went where after the import. The words are the Install
 * CA certificates wizard's (stores.install.*), so both wizards say the same about a root.
 */
import { useI18n } from '../i18n';
import type { PfxInspection } from '../../shared/pfx';
import type { StoreInstallResult, StoreSpecName } from '../../shared/stores';
import { commonName, LOCATION_KEYS, ROLE_KEYS, SPEC_KEYS } from '../stores/text';
import '../stores/stores.css';
import type { RootToConfirm } from '../stores/RootConfirm';
export { RootConfirm } from '../stores/RootConfirm';

export type PfxRoot = RootToConfirm;

/** Self-signed CA certificates in the file: the ones that would become trust anchors. */
export function rootsIn(inspection: PfxInspection | null): PfxRoot[] {
  return (inspection?.certificates ?? [])
    .filter((c) => c.isCA && c.subject === c.issuer)
    .map((c) => {
      const hex = c.sha256.toLowerCase().replace(/[^0-9a-f]/g, '');
      return { subject: c.subject, sha256: hex, fingerprint: hex.toUpperCase().replace(/(..)(?=.)/g, '$1:') };
    });
}

/** NSS (the shared DB, Firefox) has no per-key level; the DB password protects every key. */
export function isNss(spec: StoreSpecName): boolean {
  return spec === 'nss' || spec === 'firefox';
}

/** What the import placed in the OS store, and which root it held back. */
export function StoreImportResult({ result }: { result: StoreInstallResult }) {
  const { t } = useI18n();
  // pk12util writes every certificate of the file; a root not confirmed is there without any
  // trust (not an anchor), so it is listed once, as not trusted, instead of as placed.
  const held = new Set(result.needsConfirmation.map((r) => r.sha256));
  const items = result.files.flatMap((f) => f.items).filter((i) => !held.has(i.sha256));
  return (
    <>
      <p>{t('stores.install.done.store', { store: t(SPEC_KEYS[result.spec]) })}</p>
      <ul className="result-list">
        {items.map((i) => (
          <li key={i.sha256 + i.role}>
            {i.held
              ? t('pfx.import.os.held', { name: commonName(i.subject) })
              : t('stores.install.done.placed', { name: commonName(i.subject), role: t(ROLE_KEYS[i.role]), store: t(LOCATION_KEYS[i.location ?? 'personal']) })}
          </li>
        ))}
        {result.needsConfirmation.map((r) => (
          <li key={r.sha256}>{t('pfx.import.os.held', { name: commonName(r.subject) })}</li>
        ))}
        {items.length === 0 && result.needsConfirmation.length === 0 && <li>{t('pfx.import.os.nothingNew')}</li>}
      </ul>
      {result.needsConfirmation.length > 0 && <p className="alert warning">{t('pfx.import.os.heldNote')}</p>}
    </>
  );
}
