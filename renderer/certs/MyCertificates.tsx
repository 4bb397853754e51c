/**
 * "My certificates" (issue 2 part 7): pending requests and installed certificates with subject,
 * issuer, validity, SHA-1 and SHA-256 thumbprints and security level, and the actions a helpdesk
 * talks a user through: complete, renew, back up, set level (and delete a pending request).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import { useApp } from '../app/context';
import { call, toErrorInfo } from '../bridge';
import { ErrorAlert, Status } from '../wizard/ErrorAlert';
import { CertDetails, entryName } from './CertDetails';
import { BackupPanel } from './BackupPanel';
import { DeleteCardRequest } from './DeleteCardRequest';
import type { StoreEntry } from '../../shared/ipc';
import type { ErrorInfo } from '../../shared/errors';

/** Issue 6 "Expiry": what expires within 30 days (or has expired) is highlighted. */
export const EXPIRY_WARN_DAYS = 30;
function expiring(e: StoreEntry): boolean {
  return e.daysLeft !== undefined && e.daysLeft <= EXPIRY_WARN_DAYS;
}

function EntryCard({ entry, onChanged }: { entry: StoreEntry; onChanged(msg?: string): void }) {
  const { t } = useI18n();
  const { go } = useApp();
  const [backup, setBackup] = useState(false);
  // A request whose key is on a card: the PIN panel instead of a plain confirmation.
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const name = entryName(entry);
  const headingId = `entry-${entry.id}`;

  const remove = async () => {
    if (entry.token) {
      setDeleting(true);
      return;
    }
    if (!window.confirm(t('certs.deleteConfirm'))) return;
    try {
      await call('request:delete', { requestId: entry.id });
      onChanged(t('certs.deleted'));
    } catch (e) {
      setError(toErrorInfo(e));
    }
  };

  return (
    <li className={`card${expiring(entry) ? ' expiring' : ''}`} aria-labelledby={headingId}>
      <h4 id={headingId}>
        {name}
        {entry.practice && <span className="badge">{t('app.practiceBadge')}</span>}
        {expiring(entry) && <span className="badge warn">{entry.daysLeft! < 0 ? t('certs.expired') : t('viewer.expiresSoon', { days: entry.daysLeft! })}</span>}
      </h4>
      <p className="muted">{entry.status === 'pending' ? t('certs.status.pending') : t('certs.status.installed')}</p>
      <CertDetails entry={entry} />
      <div className="row" role="group" aria-label={t('certs.actions', { subject: name })}>
        {entry.status === 'pending' && (
          <button type="button" onClick={() => go({ name: 'complete' })}>
            {t('certs.complete')}
          </button>
        )}
        {entry.status === 'installed' && (
          <button type="button" onClick={() => go({ name: 'enroll', renewOf: entry.id })}>
            {t('certs.renew')}
          </button>
        )}
        {entry.status === 'installed' && (
          <button type="button" onClick={() => go({ name: 'chain', id: entry.id })}>
            {t('chain.open')}
          </button>
        )}
        {entry.status === 'installed' && (
          <button type="button" onClick={() => go({ name: 'viewer', id: entry.id })}>
            {t('viewer.open')}
          </button>
        )}
        {entry.status === 'installed' && (
          <button type="button" onClick={() => go({ name: 'pfxExport', id: entry.id })}>
            {t('pfx.certs.export')}
          </button>
        )}
        <button type="button" aria-expanded={backup} onClick={() => setBackup((b) => !b)}>
          {t('certs.backup')}
        </button>
        <button type="button" onClick={() => go({ name: 'level', id: entry.id })}>
          {t('certs.setLevel')}
        </button>
        {entry.status === 'pending' && (
          <button type="button" className="danger" aria-expanded={entry.token ? deleting : undefined} onClick={remove}>
            {t('certs.delete')}
          </button>
        )}
      </div>
      <ErrorAlert error={error} />
      {deleting && entry.token && <DeleteCardRequest entry={{ ...entry, token: entry.token }} onDone={(msg) => onChanged(msg)} onCancel={() => setDeleting(false)} />}
      {backup && <BackupPanel id={entry.id} level={entry.securityLevel} headingLevel={4} />}
    </li>
  );
}

export function MyCertificates() {
  const { t } = useI18n();
  const { go } = useApp();
  const [entries, setEntries] = useState<StoreEntry[] | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async (msg?: string) => {
    setError(null);
    try {
      setEntries(await call('certs:list', {}));
      setStatus(msg ?? null);
    } catch (e) {
      setError(toErrorInfo(e));
    }
  }, []);

  useEffect(() => {
    void load();
    headingRef.current?.focus();
  }, [load]);

  const pending = entries?.filter((e) => e.status === 'pending') ?? [];
  const installed = entries?.filter((e) => e.status === 'installed') ?? [];

  return (
    <section className="certs" aria-labelledby="certs-h">
      <div className="certs-head">
        <h2 id="certs-h" ref={headingRef} tabIndex={-1}>
          {t('certs.heading')}
        </h2>
        <button type="button" onClick={() => load()}>
          {t('certs.refresh')}
        </button>
      </div>
      <ErrorAlert error={error} />
      <Status text={status} />
      {entries && entries.length === 0 && (
        <>
          <p>{t('certs.empty')}</p>
          {/* The next step as a button, not only in words (nothing to find on an empty page). */}
          <div className="row">
            <button type="button" className="primary" onClick={() => go({ name: 'enroll' })}>
              {t('home.enroll')}
            </button>
            <button type="button" onClick={() => go({ name: 'pfxImport' })}>
              {t('pfx.home.import')}
            </button>
          </div>
        </>
      )}
      {installed.some(expiring) && (
        <div className="alert warning" role="note">
          <p>{t('viewer.expiringNote', { count: installed.filter(expiring).length, days: EXPIRY_WARN_DAYS })}</p>
        </div>
      )}
      {installed.length > 0 && (
        <>
          <h3>{t('certs.installed')}</h3>
          <ul className="cards">
            {installed.map((e) => (
              <EntryCard key={e.id} entry={e} onChanged={load} />
            ))}
          </ul>
        </>
      )}
      {pending.length > 0 && (
        <>
          <h3>{t('certs.pending')}</h3>
          <ul className="cards">
            {pending.map((e) => (
              <EntryCard key={e.id} entry={e} onChanged={load} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
