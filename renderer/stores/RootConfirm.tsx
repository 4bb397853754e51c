/**
 * The explicit confirmation a self-signed root needs before it becomes a trust anchor (issue 4:
 * "a root is trust for every site"): its subject and SHA-256 fingerprint, one box to tick per
 * root. One component for the Install CA certificates wizard and the Import PFX wizard, so both
 * show and word it the same way.
 */
import { useI18n } from '../i18n';
import { commonName } from './text';
import './stores.css';

export interface RootToConfirm {
  subject: string;
  /** Lower-case hex, the key of `confirmed`. */
  sha256: string;
  /** Upper-case pairs joined by ':' (as Windows shows it). */
  fingerprint: string;
}

export function RootConfirm(props: { roots: RootToConfirm[]; idPrefix: string; confirmed: ReadonlySet<string>; onChange(next: Set<string>): void }) {
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
              id={`${props.idPrefix}-${r.sha256}`}
              type="checkbox"
              checked={props.confirmed.has(r.sha256)}
              onChange={(e) => {
                const next = new Set(props.confirmed);
                if (e.target.checked) next.add(r.sha256);
                else next.delete(r.sha256);
                props.onChange(next);
              }}
            />
            <label htmlFor={`${props.idPrefix}-${r.sha256}`}>{t('stores.install.root.confirm')}</label>
          </div>
          {!props.confirmed.has(r.sha256) && <p className="hint">{t('stores.install.root.heldHint')}</p>}
        </fieldset>
      ))}
    </>
  );
}
