/**
 * "Back up the private key" (issue 2 part 4; guides 001/002 insist on a backup before the request
 * is submitted). High: the key's own password unlocks it and the backup stays encrypted under it.
 * Medium: the user chooses a backup password. Main writes the file; the renderer sees only the path.
 */
import { useState } from 'react';
import { useI18n } from '../i18n';
import { call, toErrorInfo } from '../bridge';
import { TextField } from '../wizard/fields';
import { PasswordPair, passwordProblem } from '../wizard/PasswordPair';
import { ErrorAlert, Status } from '../wizard/ErrorAlert';
import type { ErrorInfo } from '../../shared/errors';
import type { SecurityLevel } from '../../shared/ipc';

export function BackupPanel({ id, level, headingLevel = 3 }: { id: string; level: SecurityLevel; headingLevel?: 3 | 4 }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [show, setShow] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const H = headingLevel === 3 ? 'h3' : 'h4';

  const run = async () => {
    setError(null);
    setStatus(null);
    if (level === 'high' && password === '') {
      setError({ code: 'PASSWORD_REQUIRED', message: '' });
      return;
    }
    if (level === 'medium' && passwordProblem(password, confirm)) {
      setShow(true);
      return;
    }
    setBusy(true);
    try {
      const r = await call('key:backup', level === 'high' ? { id, password } : { id, backupPassword: password });
      if ('path' in r) setStatus(t('backup.savedTo', { path: r.path }));
      setPassword('');
      setConfirm('');
    } catch (e) {
      setError(toErrorInfo(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="panel backup" role="group" aria-labelledby={`backup-${id}`}>
      <H id={`backup-${id}`}>{t('backup.heading')}</H>
      <p className="hint">{level === 'high' ? t('backup.hint.high') : t('backup.hint.medium')}</p>
      {level === 'high' ? (
        <TextField label={t('backup.currentPassword')} type="password" autoComplete="current-password" value={password} onChange={setPassword} required />
      ) : (
        <PasswordPair
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          labels={{ password: t('backup.newPassword'), confirm: t('backup.confirm') }}
          showProblems={show}
        />
      )}
      <ErrorAlert error={error} />
      <button type="button" onClick={run} disabled={busy}>
        {t('backup.button')}
      </button>
      <Status text={status} />
    </div>
  );
}
