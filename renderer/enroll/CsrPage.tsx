/**
 * The CSR page, shown once the key is saved as a pending request (issue 2 part 4): the PEM text,
 * Copy, Save as (.csr/.txt/.req, main writes it and returns the path), the private-key backup the
 * guides insist on, and the clearly labelled practice CA.
 */
import { useState } from 'react';
import { useI18n } from '../i18n';
import { call, toErrorInfo } from '../bridge';
import { Select, TextArea } from '../wizard/fields';
import { ErrorAlert, Status } from '../wizard/ErrorAlert';
import { BackupPanel } from '../certs/BackupPanel';
import type { CsrCreated, PracticeIssued } from '../../shared/ipc';
import type { ErrorInfo } from '../../shared/errors';

type Format = 'csr' | 'txt' | 'req';

export function CsrPage(props: { created: CsrCreated; name: string; issued: PracticeIssued | null; onIssued(p: PracticeIssued): void }) {
  const { t } = useI18n();
  const { created } = props;
  const [format, setFormat] = useState<Format>('csr');
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);

  const copy = async () => {
    setError(null);
    try {
      await navigator.clipboard.writeText(created.csrPem);
      setStatus(t('enroll.csr.copied'));
    } catch {
      setStatus(t('enroll.csr.copyFailed'));
    }
  };
  const save = async () => {
    setError(null);
    try {
      const r = await call('csr:save', { requestId: created.requestId, format });
      if ('path' in r) setStatus(t('enroll.csr.savedTo', { path: r.path }));
    } catch (e) {
      setError(toErrorInfo(e));
    }
  };
  const practice = async () => {
    setError(null);
    setBusy(true);
    try {
      props.onIssued(await call('practiceCa:sign', { requestId: created.requestId }));
    } catch (e) {
      setError(toErrorInfo(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p>{t('enroll.csr.saved')}</p>
      <TextArea label={t('enroll.csr.text')} value={created.csrPem} readOnly rows={8} className="mono" />
      <div className="row">
        <button type="button" onClick={copy}>
          {t('enroll.csr.copy')}
        </button>
        <Select<Format>
          label={t('enroll.csr.format')}
          value={format}
          onChange={setFormat}
          choices={(['csr', 'txt', 'req'] as const).map((f) => ({ value: f, label: t(`format.${f}`) }))}
        />
        <button type="button" onClick={save}>
          {t('enroll.csr.saveAs')}
        </button>
      </div>
      <Status text={status} />
      <ErrorAlert error={error} />
      {created.token ? (
        // Issue 5: a key on a card cannot be exported; there is nothing to back up.
        <p className="alert info">{t('token.csr.onCard', { label: created.token.label, serial: created.token.serial })}</p>
      ) : (
        <>
          <p className="alert info">{t('enroll.csr.backupFirst')}</p>
          <BackupPanel id={created.requestId} level={created.securityLevel} />
        </>
      )}
      <div className="panel practice" role="group" aria-labelledby="practice-h">
        <h3 id="practice-h">
          <span className="badge">{t('app.practiceBadge')}</span> {t('enroll.csr.practice')}
        </h3>
        <p className="hint">{t('enroll.csr.practiceNote')}</p>
        {props.issued ? (
          <p role="status">{t('enroll.csr.practiceIssued', { subject: props.name || created.subjectDisplay })}</p>
        ) : (
          <button type="button" onClick={practice} disabled={busy}>
            {t('enroll.csr.practice')}
          </button>
        )}
      </div>
      {!props.issued && <p className="hint">{t('enroll.csr.later')}</p>}
    </>
  );
}
