/**
 * The window: header (title, language switch, start page), then the current view. One view at a
 * time; each wizard keeps its own state and is dropped when the user leaves it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { I18nProvider, useI18n } from '../i18n';
import { call, toErrorInfo } from '../bridge';
import { ErrorAlert } from '../wizard/ErrorAlert';
import type { ErrorInfo } from '../../shared/errors';
import { AppContext, type View } from './context';
import { Home } from './Home';
import { EnrollWizard } from '../enroll/EnrollWizard';
import { CompleteWizard } from '../complete/CompleteWizard';
import { LevelWizard } from '../level/LevelWizard';
import { MyCertificates } from '../certs/MyCertificates';
import { ExportWizard } from '../pfx/ExportWizard';
import { ImportWizard } from '../pfx/ImportWizard';
import { InstallCaWizard } from '../stores/InstallCaWizard';
import { StorePage } from '../stores/StorePage';
import { ChainPage } from '../stores/ChainPage';
import { FlowRunner } from '../flows/FlowRunner';
import { CertViewer } from '../viewer/CertViewer';
import { GetHelp } from '../help/GetHelp';
import { LOCALES, LOCALE_NAMES, type Locale } from '../../shared/i18n';
import type { AppInfo } from '../../shared/ipc';

function Shell() {
  const { t, locale, setLocale } = useI18n();
  const [view, setView] = useState<View>({ name: 'home' });
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [infoError, setInfoError] = useState<ErrorInfo | null>(null);
  // A new key per navigation so a wizard opened twice starts fresh.
  const [nav, setNav] = useState(0);
  // Get help (issue 6): a modal dialog over the current page, which stays as it is underneath.
  const [help, setHelp] = useState(false);
  const helpButton = useRef<HTMLButtonElement>(null);
  // Closing Get help from inside it (Close, Esc) drops focus to the page body; hand it back to
  // the button that opened it, so a keyboard user is not thrown to the top of the page.
  const closeHelp = useCallback(() => {
    setHelp(false);
    requestAnimationFrame(() => {
      if (!document.activeElement || document.activeElement === document.body) helpButton.current?.focus();
    });
  }, []);

  useEffect(() => {
    call('app:info', {})
      .then(setInfo)
      .catch((e) => setInfoError(toErrorInfo(e)));
  }, []);

  const go = (v: View) => {
    setView(v);
    setNav((n) => n + 1);
  };

  return (
    <AppContext.Provider value={{ info, go }}>
      <header className="top">
        <h1>
          <button type="button" className="link home-link" onClick={() => go({ name: 'home' })} aria-label={`${t('app.title')} – ${t('app.home')}`}>
            {t('app.title')}
          </button>
          <span className="tagline">{t('app.tagline')}</span>
        </h1>
        <nav className="top-nav" aria-label={t('app.title')}>
          <button type="button" className="link" onClick={() => go({ name: 'certs' })} aria-current={view.name === 'certs' ? 'page' : undefined}>
            {t('home.certs')}
          </button>
          <button type="button" ref={helpButton} className="help-button" onClick={() => setHelp(true)} aria-haspopup="dialog">
            {t('help.button')}
          </button>
          <label htmlFor="lang">{t('app.language')}</label>
          <select id="lang" value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
        </nav>
      </header>
      <main key={nav}>
        <ErrorAlert error={infoError} />
        {help && <GetHelp onClose={closeHelp} />}
        {view.name === 'home' && <Home />}
        {view.name === 'enroll' && <EnrollWizard renewOf={view.renewOf} />}
        {view.name === 'complete' && <CompleteWizard />}
        {view.name === 'level' && <LevelWizard id={view.id} />}
        {view.name === 'certs' && <MyCertificates />}
        {view.name === 'pfxExport' && <ExportWizard id={view.id} />}
        {view.name === 'pfxImport' && <ImportWizard file={view.file} />}
        {view.name === 'installCa' && <InstallCaWizard />}
        {view.name === 'stores' && <StorePage store={view.store} />}
        {view.name === 'chain' && <ChainPage id={view.id} thumbprint={view.thumbprint} store={view.store} />}
        {view.name === 'flow' && <FlowRunner flowId={view.flowId} />}
        {view.name === 'viewer' && <CertViewer id={view.id} />}
      </main>
      <footer className="bottom">
        {info && (
          <span>
            {t('app.version', { version: info.version })} · {t(`app.shell.${info.shell}`)}
          </span>
        )}
      </footer>
    </AppContext.Provider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Shell />
    </I18nProvider>
  );
}
