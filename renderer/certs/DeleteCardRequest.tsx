/**
 * Deleting a pending request whose key pair is on a smart card (issue 5; request:delete takes
 * `pin`): with the card's PIN the key pair leaves the card first, then the request; without it
 * only the request goes and the key stays on the card. Shows the card's label and number so the
 * user knows which card to insert. The PIN lives in this component's state only and is cleared
 * after every attempt (never logged, never in an error).
 */
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import { call, toErrorInfo } from '../bridge';
import { ErrorAlert } from '../wizard/ErrorAlert';
import { TextField } from '../wizard/fields';
import type { StoreEntry } from '../../shared/ipc';
import type { ErrorInfo } from '../../shared/errors';

export function DeleteCardRequest(props: { entry: StoreEntry & { token: { label: string; serial: string } }; onDone(msg: string): void; onCancel(): void }) {
  const { t } = useI18n();
  const { entry } = props;
  const [pin, setPin] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = `del-card-${entry.id}`;

  useEffect(() => headingRef.current?.focus(), []);

  const remove = async (withKey: boolean) => {
    setError(null);
    setProblem(null);
    if (withKey && pin === '') {
      setProblem(t('certs.deleteCard.pinNeeded'));
      return;
    }
    setBusy(true);
    try {
      await call('request:delete', withKey ? { requestId: entry.id, pin } : { requestId: entry.id });
      props.onDone(t(withKey ? 'certs.deletedWithKey' : 'certs.deleted'));
    } catch (e) {
      setError(toErrorInfo(e));
    } finally {
      setPin('');
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby={headingId} aria-busy={busy}>
      <h5 id={headingId} ref={headingRef} tabIndex={-1}>
        {t('certs.deleteCard.heading')}
      </h5>
      <p>{t('certs.deleteCard.card', { label: entry.token.label, serial: entry.token.serial })}</p>
      <p className="hint">{t('certs.deleteCard.why')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void remove(true);
        }}
      >
        <TextField label={t('certs.deleteCard.pin')} type="password" autoComplete="off" maxLength={64} value={pin} onChange={setPin} problems={problem ? [problem] : undefined} />
        <ErrorAlert error={error} />
        <div className="row">
          <button type="submit" className="danger" disabled={busy}>
            {t('certs.deleteCard.withKey')}
          </button>
          <button type="button" disabled={busy} onClick={() => void remove(false)}>
            {t('certs.deleteCard.only')}
          </button>
          <button type="button" disabled={busy} onClick={props.onCancel}>
            {t('wizard.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
