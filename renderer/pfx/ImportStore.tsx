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

export interface PfxRoot {
  subject: string;
  sha256: string;
  /** Upper-case pairs joined by ':' (as stores:analyse and Windows show it). */
  fingerprint: string;
}

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

export function RootConfirm(props: { roots: PfxRoot[]; confirmed: ReadonlySet<string>; onChange(next: Set<string>): void }) {
  const { t } = useI18n();
  return (
    <>
      {props.roots.map((r) => (
        <fieldset className="root-confirm" key={r.sha256}>
          <legend>{t('stores.install.root.legend', { name: commonName(r.subject) })}</legend>
          <p>{t('stores.install.root.why')}</p>
          <dl className="details">
            <dt>{t('certs.subject')}</dt>
            <dd>{r.subject}</dd>
            <dt>{t('stores.install.root.fp')}</dt>
            <dd className="fp">{r.fingerprint}</dd>
          </dl>
          <div className="radio">
            <input
              id={`pfx-root-${r.sha256}`}
              type="checkbox"
              checked={props.confirmed.has(r.sha256)}
              onChange={(e) => {
                const next = new Set(props.confirmed);
                if (e.target.checked) next.add(r.sha256);
                else next.delete(r.sha256);
                props.onChange(next);
              }}
            />
            <label htmlFor={`pfx-root-${r.sha256}`}>{t('stores.install.root.confirm')}</label>
          </div>
          {!props.confirmed.has(r.sha256) && <p className="hint">{t('stores.install.root.heldHint')}</p>}
        </fieldset>
      ))}
    </>
  );
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
