/**
 * A new password typed twice (guide 000 step 5: "Create a password ... Password / Confirm"), with
 * the problems named by stable error codes so the same words appear in the core and the UI.
 */
import { useI18n } from '../i18n';
import { TextField } from './fields';
import type { ErrorCode } from '../../shared/errors';

/** Matches the core's minimum for a key password (PASSWORD_TOO_SHORT). */
export const MIN_PASSWORD_LENGTH = 8;

export function passwordProblem(password: string, confirm: string): { field: 'password' | 'confirm'; code: ErrorCode } | null {
  if (password.length === 0) return { field: 'password', code: 'PASSWORD_REQUIRED' };
  if ([...password].length < MIN_PASSWORD_LENGTH) return { field: 'password', code: 'PASSWORD_TOO_SHORT' };
  if (password !== confirm) return { field: 'confirm', code: 'PASSWORD_MISMATCH' };
  return null;
}

export function PasswordPair(props: {
  password: string;
  confirm: string;
  onPassword(v: string): void;
  onConfirm(v: string): void;
  labels: { password: string; confirm: string };
  hint?: string;
  showProblems: boolean;
}) {
  const { err } = useI18n();
  const problem = props.showProblems ? passwordProblem(props.password, props.confirm) : null;
  const msg = problem ? [err({ code: problem.code, message: '', params: { min: MIN_PASSWORD_LENGTH } })] : undefined;
  return (
    <div className="password-pair">
      <TextField
        label={props.labels.password}
        type="password"
        autoComplete="new-password"
        value={props.password}
        onChange={props.onPassword}
        required
        hint={props.hint}
        problems={problem?.field === 'password' ? msg : undefined}
      />
      <TextField
        label={props.labels.confirm}
        type="password"
        autoComplete="new-password"
        value={props.confirm}
        onChange={props.onConfirm}
        required
        problems={problem?.field === 'confirm' ? msg : undefined}
      />
    </div>
  );
}
