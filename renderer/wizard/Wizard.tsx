/**
 * The wizard frame every flow uses (Microsoft UX guide "Wizards", STYLE.md item 9).
 *
 * - A numbered step list, the current step marked with aria-current.
 * - One main instruction per page: the page's <h2>, which receives focus on every step change so
 *   a screen reader announces where the user is and keyboard users start at the top.
 * - Back / Next / Cancel (and Finish on the last page); the Next button can carry the commit
 *   action's own name ("Create request"). Back is disabled after an irreversible step.
 * - Enter = Next (the page is a <form> whose submit button is Next); Esc = Cancel.
 * - Errors are announced (role=alert) with the stable code and the translated message.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import type { ErrorInfo } from '../../shared/errors';
import { ErrorAlert } from './ErrorAlert';

export interface WizardProps {
  title: string;
  steps: string[];
  current: number;
  /** The one main instruction of this page. */
  heading: string;
  /** Absent = Back disabled (first page, or after an irreversible step). */
  onBack?: () => void;
  /** Absent = no Next button. */
  onNext?: () => void;
  nextLabel?: string;
  nextDisabled?: boolean;
  /** Absent = Cancel disabled (e.g. while a key is being generated). */
  onCancel?: () => void;
  /** Last page: Finish replaces Next and Cancel. */
  onFinish?: () => void;
  error?: ErrorInfo | null;
  busy?: boolean;
  children: ReactNode;
}

export function Wizard(props: WizardProps) {
  const { t } = useI18n();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const { onCancel, busy } = props;

  useEffect(() => {
    headingRef.current?.focus();
  }, [props.current, props.heading]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && onCancel && !busy && !e.defaultPrevented) {
        e.preventDefault();
        onCancel();
        return;
      }
      // Enter = Next also where the browser would not submit by itself: on the focused heading,
      // a radio button or a checkbox. Text fields submit natively; buttons, links, selects and
      // text areas keep their own Enter; an IME composing Chinese keeps it too.
      if (e.key !== 'Enter' || e.isComposing || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement | null;
      const form = formRef.current;
      if (!form || !target) return;
      const type = target instanceof HTMLInputElement ? target.type : '';
      const plain = target === document.body || target === headingRef.current || type === 'radio' || type === 'checkbox';
      if (plain && (target === document.body || form.contains(target))) {
        e.preventDefault();
        form.requestSubmit();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel, busy]);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (props.onFinish) props.onFinish();
    else if (props.onNext && !props.nextDisabled) props.onNext();
  };

  return (
    <section className="wizard" aria-labelledby="wizard-title">
      <nav className="steps" aria-label={t('wizard.steps')}>
        <p className="wizard-title" id="wizard-title">{props.title}</p>
        <ol>
          {props.steps.map((s, i) => (
            <li key={s} className={i === props.current ? 'current' : i < props.current ? 'done' : ''} aria-current={i === props.current ? 'step' : undefined}>
              <span className="num" aria-hidden="true">{i < props.current ? '✓' : i + 1}</span>
              <span>{s}</span>
              {i < props.current && <span className="sr-only"> {t('wizard.done')}</span>}
            </li>
          ))}
        </ol>
      </nav>
      <form ref={formRef} className="page" onSubmit={submit} noValidate aria-busy={busy || undefined}>
        <div className="page-body">
          <p className="step-of">{t('wizard.stepOf', { n: props.current + 1, total: props.steps.length })}</p>
          <h2 ref={headingRef} tabIndex={-1}>{props.heading}</h2>
          <ErrorAlert error={props.error ?? null} />
          {props.children}
        </div>
        <div className="buttons">
          <button type="button" onClick={props.onBack} disabled={!props.onBack || busy}>
            {t('wizard.back')}
          </button>
          {props.onFinish ? (
            <button type="submit" className="primary" disabled={busy}>
              {t('wizard.finish')}
            </button>
          ) : (
            props.onNext && (
              <button type="submit" className="primary" disabled={props.nextDisabled || busy}>
                {props.nextLabel ?? t('wizard.next')}
              </button>
            )
          )}
          {!props.onFinish && (
            <button type="button" onClick={props.onCancel} disabled={!props.onCancel || busy}>
              {t('wizard.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
