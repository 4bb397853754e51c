/**
 * Guide 001/004 section C steps 1–3: what the Hongkong Post CA page asks for — Server Name, the
 * 9-digit Reference Number (cover of the PIN Envelope) and the 16-digit e-Cert PIN (inside the
 * envelope; "no need to input the space"). Certwiz checks the format only, so a typo is caught
 * before the CA's page rejects it; the values stay in this page's memory, are never sent to the
 * core, never saved with the flow, and are gone when the step is left.
 */
import { useState } from 'react';
import { useI18n } from '../i18n';
import { TextField } from '../wizard/fields';
import { CaLink } from './CaLink';

export function referenceProblem(v: string): 'digits' | 'length' | null {
  const s = v.replace(/\s+/g, '');
  if (s === '') return null;
  if (!/^\d+$/.test(s)) return 'digits';
  return s.length === 9 ? null : 'length';
}

export function pinProblem(v: string): 'digits' | 'length' | null {
  const s = v.replace(/\s+/g, '');
  if (s === '') return null;
  if (!/^\d+$/.test(s)) return 'digits';
  return s.length === 16 ? null : 'length';
}

export function SubmitStep({ serverName, caUrl }: { serverName: string; caUrl?: string }) {
  const { t } = useI18n();
  const [server, setServer] = useState(serverName);
  const [ref, setRef] = useState('');
  const [pin, setPin] = useState('');
  const [showPin, setShowPin] = useState(false);
  const refP = referenceProblem(ref);
  const pinP = pinProblem(pin);
  const okRef = ref.trim() !== '' && !refP;
  const okPin = pin.trim() !== '' && !pinP;
  return (
    <div className="submit-step">
      <div className="alert info">
        <p>{t('flows.submit.notStored')}</p>
      </div>
      <TextField label={t('flows.submit.server')} value={server} onChange={setServer} hint={t('flows.submit.server.hint')} />
      <TextField
        label={t('flows.submit.reference')}
        value={ref}
        onChange={setRef}
        maxLength={16}
        hint={t('flows.submit.reference.hint')}
        problems={refP ? [t(`flows.submit.reference.${refP}`)] : undefined}
      />
      <TextField
        label={t('flows.submit.pin')}
        type={showPin ? 'text' : 'password'}
        value={pin}
        onChange={setPin}
        maxLength={24}
        autoComplete="off"
        hint={t('flows.submit.pin.hint')}
        problems={pinP ? [t(`flows.submit.pin.${pinP}`)] : undefined}
      />
      <div className="row">
        <label>
          <input type="checkbox" checked={showPin} onChange={(e) => setShowPin(e.target.checked)} /> {t('flows.submit.showPin')}
        </label>
      </div>
      {(okRef || okPin) && (
        <p className="status" role="status">
          {[okRef ? t('flows.submit.reference.ok') : '', okPin ? t('flows.submit.pin.ok') : ''].filter(Boolean).join(' ')}
        </p>
      )}
      {caUrl && <CaLink url={caUrl} />}
    </div>
  );
}
