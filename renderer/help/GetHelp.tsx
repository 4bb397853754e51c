/**
 * "Get help" (issue 6 "Helpdesk"): the report the core builds (report:get, with the current flow
 * and step from ./where), shown as text both ends of a call can read, with Copy and Save as text.
 * The report is built from public facts only (electron/core/report.ts); this page adds nothing
 * the user typed, so no password, PIN or validation code can reach it from here.
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
  const { t } = useI18n();
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
    const w = getWhere();
    reportGet({ ...(w.flow ? { flow: w.flow.slice(0, 64) } : {}), ...(w.step ? { step: w.step.slice(0, 64) } : {}) })
      .then((r) => setText(r.text))
      .catch((e) => setError(toErrorInfo(e)));
  }, []);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) {
        e.preventDefault();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);

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
    <section className="help panel" aria-labelledby="help-h">
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
    </section>
  );
}
