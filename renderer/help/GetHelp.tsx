/**
 * "Get help" (issue 6 "Helpdesk"): the report the core builds (report:get, with the current flow
 * and step from ./where), shown as text both ends of a call can read, with Copy and Save as text.
 * It also says which UI language the user chose (the report text stays English for the helpdesk).
 * The report is built from public facts only (electron/core/report.ts); this page adds nothing
 * the user typed, so no password, PIN or validation code can reach it from here.
 *
 * A modal dialog (WAI-ARIA APG "Dialog (Modal)"): a native <dialog> opened with showModal(), so
 * the page underneath is inert for pointer, Tab and screen readers; Tab and Shift+Tab wrap inside
 * it (without the wrap Chromium lets Tab leave to the browser's own controls); Esc closes it and
 * App hands focus back to the Get help button.
 *
 * Save as text is a download of the shown text (the browser asks where in Electron's session and
 * saves to Downloads in the browser shell); nothing else is written.
 */
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import { toErrorInfo } from '../bridge';
import { ErrorAlert, Status } from '../wizard/ErrorAlert';
import { reportGet } from '../flows/api';
import { getWhere } from './where';
import type { ErrorInfo } from '../../shared/errors';
import '../flows/flows.css';

function fileName(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `certwiz-report-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}.txt`;
}

export function GetHelp({ onClose }: { onClose(): void }) {
  const { t, locale } = useI18n();
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const d = dialogRef.current;
    if (d && !d.open) d.showModal();
    headingRef.current?.focus();
    // Closing before unmounting lets the browser return focus to the opener (App also does).
    return () => {
      if (d?.open) d.close();
    };
  }, []);

  // Again when the user switches language with the panel open: the report names the UI language.
  useEffect(() => {
    const w = getWhere();
    reportGet({ ...(w.flow ? { flow: w.flow.slice(0, 64) } : {}), ...(w.step ? { step: w.step.slice(0, 64) } : {}), locale })
      .then((r) => setText(r.text))
      .catch((e) => setError(toErrorInfo(e)));
  }, [locale]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) {
        // Also keeps the <dialog> from closing itself behind React's back.
        e.preventDefault();
        onClose();
      } else if (e.key === 'Tab') {
        trapTab(e);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);

  // Tab from the last control goes to the first, Shift+Tab from the first (or the heading) to the last.
  const trapTab = (e: globalThis.KeyboardEvent) => {
    const d = dialogRef.current;
    if (!d) return;
    const list = [...d.querySelectorAll<HTMLElement>('button, textarea, a[href], input, select')].filter((x) => !(x as HTMLButtonElement).disabled);
    if (list.length === 0) return;
    const i = list.indexOf(document.activeElement as HTMLElement);
    const outside = !d.contains(document.activeElement);
    if (e.shiftKey ? i <= 0 : i === list.length - 1 || outside) {
      e.preventDefault();
      (e.shiftKey ? list[list.length - 1] : list[0]).focus();
    }
  };

  const copy = async () => {
    if (text === null) return;
    try {
      await navigator.clipboard.writeText(text);
      setStatus(t('help.copied'));
    } catch {
      setStatus(t('help.copyFailed'));
    }
  };

  const save = () => {
    if (text === null) return;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName();
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setStatus(t('help.saved', { name: a.download }));
  };

  return (
    <dialog ref={dialogRef} className="help panel" aria-labelledby="help-h" aria-modal="true">
      <h2 id="help-h" ref={headingRef} tabIndex={-1}>
        {t('help.heading')}
      </h2>
      <p>{t('help.intro')}</p>
      <ErrorAlert error={error} />
      {text === null && !error && <p>{t('app.loading')}</p>}
      {text !== null && (
        <>
          <label htmlFor="help-report" className="sr-only">
            {t('help.report')}
          </label>
          <textarea id="help-report" className="mono report" readOnly rows={16} value={text} spellCheck={false} />
        </>
      )}
      <div className="row">
        <button type="button" className="primary" onClick={copy} disabled={text === null}>
          {t('help.copy')}
        </button>
        <button type="button" onClick={save} disabled={text === null}>
          {t('help.save')}
        </button>
        <button type="button" onClick={onClose}>
          {t('help.close')}
        </button>
      </div>
      <Status text={status} />
    </dialog>
  );
}
