/**
 * "Complete a pending request" (issue 2 part 5): the certificate the CA sent, as a file (PEM, DER,
 * PKCS #7 .p7b/.p7c) or pasted PEM. Main parses it, matches it to a pending key by public key and
 * refuses one whose key is not pending (NO_PENDING_KEY), saying so plainly; the page then shows
 * which request it matched.
 *
 * A pending key on a smart card (issue 5): the certificate is written onto the card, so the card's
 * PIN is asked here (sent once with request:complete, then cleared) whenever a pending request
 * was made on a card or main says the PIN is needed.
 */
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { useApp } from '../app/context';
import { call, fileToBase64, textToBase64, toErrorInfo } from '../bridge';
import { Wizard } from '../wizard/Wizard';
import { TextArea } from '../wizard/fields';
import { CertDetails } from '../certs/CertDetails';
import type { Completed } from '../../shared/ipc';
import type { ErrorInfo } from '../../shared/errors';
import { CardPinField } from '../enroll/TokenKeyPanel';
import { FileInput } from '../wizard/FileInput';

export function CompleteWizard() {
  const { t, date } = useI18n();
  const { go } = useApp();
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState('');
  const [pending, setPending] = useState<number | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Completed | null>(null);
  const [cardPending, setCardPending] = useState(false);
  const [pin, setPin] = useState('');
  const [chainToToken, setChainToToken] = useState(false);

  useEffect(() => {
    call('certs:list', {})
      .then((l) => {
        setPending(l.filter((e) => e.status === 'pending').length);
        setCardPending(l.some((e) => e.status === 'pending' && e.token));
      })
      .catch(() => setPending(null));
  }, []);

  const steps = [t('complete.step.file'), t('complete.step.done')];
  const run = async () => {
    setError(null);
    if (!file && pasted.trim() === '') {
      setError({ code: 'FILE_EMPTY', message: '' });
      return;
    }
    setBusy(true);
    try {
      const req = file
        ? { fileName: file.name.slice(0, 512), dataBase64: await fileToBase64(file) }
        : { fileName: 'pasted.pem', dataBase64: textToBase64(pasted) };
      setDone(await call('request:complete', { ...req, ...(pin ? { pin, chainToToken } : {}) }));
      setPin('');
    } catch (e) {
      const info = toErrorInfo(e);
      if (/^PIN_/.test(info.code)) setCardPending(true);
      setError(info);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <Wizard title={t('complete.title')} steps={steps} current={1} heading={t('complete.done.heading')} onFinish={() => go({ name: 'certs' })}>
        <p>{t('complete.done.match', { date: date(done.entry.createdAt, true) })}</p>
        <p>{t('complete.done.chain', { count: done.chainCount })}</p>
        <CertDetails entry={done.entry} />
      </Wizard>
    );
  }
  return (
    <Wizard
      title={t('complete.title')}
      steps={steps}
      current={0}
      heading={t('complete.heading')}
      onNext={run}
      nextLabel={t('complete.button')}
      onCancel={() => go({ name: 'home' })}
      error={error}
      busy={busy}
    >
      {pending !== null && <p>{t('complete.pending', { count: pending })}</p>}
      <div className="field">
        <label htmlFor="cert-file">{t('complete.file')}</label>
        <FileInput
          id="cert-file"
          accept=".cer,.crt,.pem,.der,.p7b,.p7c,.txt"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        {file && <div className="hint">{t('complete.chosen', { name: file.name })}</div>}
      </div>
      <TextArea label={t('complete.paste')} value={pasted} onChange={setPasted} rows={6} className="mono" />
      {cardPending && (
        <div className="panel" role="group" aria-labelledby="card-complete-h">
          <h3 id="card-complete-h">{t('token.complete.heading')}</h3>
          <p className="hint">{t('token.complete.hint')}</p>
          <CardPinField card={null} pin={pin} onPin={setPin} showProblems={false} />
          <div className="radio">
            <input type="checkbox" id="chain-to-card" checked={chainToToken} onChange={(e) => setChainToToken(e.target.checked)} />
            <label htmlFor="chain-to-card">{t('token.complete.chain')}</label>
          </div>
        </div>
      )}
    </Wizard>
  );
}
