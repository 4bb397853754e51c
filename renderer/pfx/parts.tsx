/**
 * Small pieces both PFX wizards use: a labelled checkbox (Windows' option lists), the
 * verify-after-write result, and "what this file holds" before an import.
 */
import { useId, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import type { PfxInspection, PfxVerifyResult } from '../../shared/pfx';
import type { CatalogueKey } from '../../shared/i18n';
import { nameOf } from './names';
import { domainToUnicode } from '../../shared/idn';
import { pairs } from '../stores/text';

export function Check(props: { label: string; checked: boolean; onChange(v: boolean): void; hint?: ReactNode; disabled?: boolean }) {
  const id = useId();
  return (
    <div className="radio">
      <input type="checkbox" id={id} checked={props.checked} disabled={props.disabled} onChange={(e) => props.onChange(e.target.checked)} aria-describedby={props.hint ? `${id}-hint` : undefined} />
      <label htmlFor={id}>{props.label}</label>
      {props.hint && (
        <div className="hint" id={`${id}-hint`}>
          {props.hint}
        </div>
      )}
    </div>
  );
}

/** Each check of verify-after-write, passed or failed, with what was found. */
export function VerifyList({ verify }: { verify: PfxVerifyResult }) {
  const { t } = useI18n();
  return (
    <ul className="verify" aria-label={t('pfx.export.done.verify')}>
      {verify.checks.map((c) => (
        <li key={c.id} data-check={c.id} data-ok={c.ok}>
          <span aria-hidden="true">{c.ok ? '✓ ' : '✗ '}</span>
          {t(`pfx.verify.${c.id}` as CatalogueKey)}
          {t('wizard.colon')}
          <strong>{c.ok ? t('pfx.verify.ok') : t('pfx.verify.failed')}</strong>
          {c.detail && <span className="hint mono"> ({c.detail})</span>}
        </li>
      ))}
    </ul>
  );
}

/** A certificate's name as people read it: a Chinese domain in U-labels, the encoded form after it (guide 004 B 4), as in the viewer. */
function readable(name: string): string {
  if (!/xn--/i.test(name)) return name;
  const u = domainToUnicode(name);
  return u === name ? name : `${u} (${name})`;
}

/** Certificates (subject, issuer, validity, which has the key) and keys, before importing. */
export function Contents({ inspection }: { inspection: PfxInspection }) {
  // Dates in the reader's language, as on every other page (was ISO 2026-11-22 among 2026年11月22日).
  const { t, date } = useI18n();
  const yes = t('pfx.import.contents.yes');
  const no = t('pfx.import.contents.no');
  return (
    <div>
      <h3>{t('pfx.import.contents.certs')}</h3>
      <ul className="cards">
        {inspection.certificates.map((c) => (
          <li className="card" key={c.sha256}>
            <h4>{readable(nameOf(c.subject))}</h4>
            <dl className="details">
              <dt>{t('pfx.import.contents.subject')}</dt>
              <dd className="mono">{c.subject}</dd>
              <dt>{t('pfx.import.contents.issuer')}</dt>
              <dd className="mono">{c.issuer}</dd>
              <dt>{t('pfx.import.contents.valid')}</dt>
              <dd>{t('pfx.import.contents.validRange', { from: date(c.notBefore), to: date(c.notAfter) })}</dd>
              <dt>{t('pfx.import.contents.hasKey')}</dt>
              <dd>{c.hasPrivateKey ? yes : no}</dd>
              <dt>SHA-1</dt>
              {/* Upper-case byte pairs, as My certificates and the store page show thumbprints (read aloud pair by pair). */}
              <dd className="mono">{pairs(c.sha1)}</dd>
            </dl>
          </li>
        ))}
      </ul>
      <h3>{t('pfx.import.contents.keys')}</h3>
      {inspection.keys.length === 0 ? (
        <p>{t('pfx.import.contents.noKeys')}</p>
      ) : (
        <ul>
          {inspection.keys.map((k, i) => (
            <li key={i}>
              {t('pfx.import.contents.key', { algorithm: [k.algorithm.toUpperCase(), k.bits ?? '', k.curve ?? ''].filter(Boolean).join(' ') })}
              {k.certificateSha1 && <span className="hint mono"> → {pairs(k.certificateSha1)}</span>}
            </li>
          ))}
        </ul>
      )}
      {inspection.protection.keys && <p className="hint">{t('pfx.import.contents.protection', { scheme: inspection.protection.keys })}</p>}
    </div>
  );
}
