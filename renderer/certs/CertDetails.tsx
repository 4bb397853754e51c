/**
 * The facts a helpdesk asks for, in a definition list: subject, issuer, validity (dates per
 * locale), SHA-1 and SHA-256 thumbprints (the "Thumbprint" Windows shows is SHA-1), level.
 */
import { useI18n } from '../i18n';
import type { StoreEntry } from '../../shared/ipc';
import type { CatalogueKey } from '../../shared/i18n';

/** The name people use for an entry (the Common name or e-mail as typed); the full subject is in the details. */
export function entryName(entry: StoreEntry): string {
  return entry.subjectFields.cn || entry.subjectFields.email || entry.subjectDisplay || entry.subject;
}

/** Thumbprints in pairs of hex digits, upper case, as Windows' certificate dialog shows them. */
export function groupHex(hex: string): string {
  return hex.toUpperCase().replace(/(..)(?=.)/g, '$1 ');
}

export function CertDetails({ entry }: { entry: StoreEntry }) {
  const { t, date } = useI18n();
  const c = entry.certificate;
  return (
    <dl className="details">
      <dt>{t('certs.subject')}</dt>
      <dd>{entry.subjectDisplay || entry.subject}</dd>
      {entry.sansDisplay.length > 0 && (
        <>
          <dt>{t('certs.names')}</dt>
          <dd>{entry.sansDisplay.join(', ')}</dd>
        </>
      )}
      {c && (
        <>
          <dt>{t('certs.issuer')}</dt>
          <dd>{c.issuer}</dd>
          <dt>{t('certs.validFrom')}</dt>
          <dd>
            <time dateTime={c.notBefore}>{date(c.notBefore)}</time>
          </dd>
          <dt>{t('certs.validTo')}</dt>
          <dd>
            <time dateTime={c.notAfter}>{date(c.notAfter)}</time>
            {entry.daysLeft !== undefined && (
              <span className="muted"> ({entry.daysLeft < 0 ? t('certs.expired') : t('certs.daysLeft', { days: entry.daysLeft })})</span>
            )}
          </dd>
          <dt>{t('certs.sha1')}</dt>
          <dd className="mono">{groupHex(c.sha1)}</dd>
          <dt>{t('certs.sha256')}</dt>
          <dd className="mono">{groupHex(c.sha256)}</dd>
        </>
      )}
      <dt>{t('certs.key')}</dt>
      <dd>{t(`keyName.${entry.keyAlgorithm}` as CatalogueKey)}</dd>
      <dt>{t('certs.level')}</dt>
      <dd>{t(`level.${entry.securityLevel}` as CatalogueKey)}</dd>
      {!c && (
        <>
          <dt>{t('certs.created')}</dt>
          <dd>
            <time dateTime={entry.createdAt}>{date(entry.createdAt, true)}</time>
          </dd>
        </>
      )}
      {entry.practice && (
        <>
          <dt>{t('app.practiceBadge')}</dt>
          <dd>{t('certs.practice')}</dd>
        </>
      )}
    </dl>
  );
}
