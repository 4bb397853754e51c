/**
 * An error a person can act on: the stable code (for the helpdesk) and the translated message,
 * announced by screen readers (role=alert). STYLE.md item 10.
 */
import { useI18n } from '../i18n';
import type { ErrorInfo } from '../../shared/errors';

export function ErrorAlert({ error }: { error: ErrorInfo | null }) {
  const { t, err } = useI18n();
  if (!error) return null;
  const unreachable = error.code === 'INTERNAL' && error.params?.unreachable === 1;
  const noToken = error.params?.noToken === 1;
  return (
    <div className="alert error" role="alert">
      <strong>{t('wizard.errorTitle', { code: error.code })}</strong>
      <span> {unreachable ? t('app.unreachable') : noToken ? t('app.noToken') : err(error)}</span>
    </div>
  );
}

/** A polite status line (copied, saved to …), announced without interrupting. */
export function Status({ text }: { text: string | null }) {
  return (
    <p className="status" role="status">
      {text ?? ''}
    </p>
  );
}
