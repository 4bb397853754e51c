/**
 * "Set security level" (issue 2 part 3; guide 000 "Setting Security Level"): Medium <-> High for a
 * stored key. Moving away from High asks the current password; moving to High asks a new one,
 * confirmed. The change is made in main; a wrong password comes back as KEY_PASSWORD_INCORRECT.
 */
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { useApp } from '../app/context';
import { call, toErrorInfo } from '../bridge';
import { Wizard } from '../wizard/Wizard';
import { RadioGroup, TextField } from '../wizard/fields';
import { PasswordPair, passwordProblem } from '../wizard/PasswordPair';
import type { SecurityLevel, StoreEntry } from '../../shared/ipc';
import { entryName } from '../certs/CertDetails';
import type { ErrorInfo } from '../../shared/errors';
import type { CatalogueKey } from '../../shared/i18n';

export function LevelWizard({ id }: { id?: string }) {
  const { t } = useI18n();
  const { go, info } = useApp();
  const [entries, setEntries] = useState<StoreEntry[] | null>(null);
  const [selected, setSelected] = useState<string>(id ?? '');
  const [step, setStep] = useState(0);
  const [level, setLevel] = useState<SecurityLevel>('high');
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [showPw, setShowPw] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<StoreEntry | null>(null);

  useEffect(() => {
    call('certs:list', {})
      .then((l) => {
        setEntries(l);
        setSelected((s) => s || l[0]?.id || '');
      })
      .catch((e) => setError(toErrorInfo(e)));
  }, []);

  const entry = entries?.find((e) => e.id === selected);
  useEffect(() => {
    if (entry) setLevel(entry.securityLevel === 'high' ? 'medium' : 'high');
  }, [entry?.id]);

  const steps = [t('level.step.key'), t('level.step.level'), t('level.step.done')];
  const common = { title: t('level.title'), steps, current: step, error, busy };
  const cancel = () => go({ name: 'home' });
  const levelName = (l: SecurityLevel) => t(`level.${l}` as CatalogueKey);

  const apply = async () => {
    if (!entry) return;
    setShowPw(true);
    if (entry.securityLevel === 'high' && current === '') {
      setError({ code: 'PASSWORD_REQUIRED', message: '' });
      return;
    }
    if (level === 'high' && passwordProblem(password, confirm)) return;
    setError(null);
    setBusy(true);
    try {
      const r = await call('key:setSecurityLevel', {
        id: entry.id,
        level,
        currentPassword: entry.securityLevel === 'high' ? current : undefined,
        newPassword: level === 'high' ? password : undefined,
      });
      setResult(r);
      setCurrent('');
      setPassword('');
      setConfirm('');
      setStep(2);
    } catch (e) {
      setError(toErrorInfo(e));
    } finally {
      setBusy(false);
    }
  };

  if (step === 0) {
    return (
      <Wizard {...common} heading={t('level.key.heading')} onNext={entry ? () => (setError(null), setStep(1)) : undefined} onCancel={cancel}>
        {entries && entries.length === 0 && (
          <>
            <p>{t('level.key.none')}</p>
            <div className="row">
              <button type="button" onClick={() => go({ name: 'enroll' })}>
                {t('home.enroll')}
              </button>
            </div>
          </>
        )}
        {entries && entries.length > 0 && (
          <RadioGroup
            legend={t('level.key.legend')}
            name="key"
            value={selected}
            onChange={setSelected}
            choices={entries.map((e) => ({
              value: e.id,
              label: entryName(e),
              description: `${e.status === 'pending' ? t('certs.status.pending') : t('certs.status.installed')} · ${t('level.current', { level: levelName(e.securityLevel) })}`,
            }))}
          />
        )}
      </Wizard>
    );
  }
  if (step === 1 && entry) {
    return (
      <Wizard {...common} heading={t('level.level.heading')} onBack={() => (setError(null), setStep(0))} onNext={apply} nextLabel={t('level.apply')} onCancel={cancel}>
        <p>
          <strong>{entryName(entry)}</strong> — {t('level.current', { level: levelName(entry.securityLevel) })}
        </p>
        <RadioGroup<SecurityLevel>
          legend={t('enroll.key.levelLegend')}
          name="level"
          value={level}
          onChange={setLevel}
          choices={[
            { value: 'high', label: t('level.high.label') },
            { value: 'medium', label: t('level.medium.label') },
          ]}
        />
        {entry.securityLevel === 'high' && (
          <TextField label={t('level.currentPassword')} type="password" autoComplete="current-password" value={current} onChange={setCurrent} required />
        )}
        {level === 'high' ? (
          <PasswordPair
            password={password}
            confirm={confirm}
            onPassword={setPassword}
            onConfirm={setConfirm}
            labels={{ password: t('level.newPassword'), confirm: t('level.confirm') }}
            hint={t('level.password.hint')}
            showProblems={showPw}
          />
        ) : (
          <div className="alert warning">
            <p>{t('level.medium.warning')}</p>
            <p>{t(`level.protection.${info?.mediumProtection ?? 'fallback-file'}` as CatalogueKey, { dataDir: info?.dataDir ?? '' })}</p>
          </div>
        )}
      </Wizard>
    );
  }
  return (
    <Wizard {...common} current={2} heading={t('level.done.heading')} onFinish={() => go({ name: 'certs' })}>
      {result && <p>{t('level.done.body', { subject: entryName(result), level: levelName(result.securityLevel) })}</p>}
    </Wizard>
  );
}
