/**
 * "Install CA certificates" (issue 4; guides 001/002/004 section D as one wizard): the files the
 * CA sent are dropped or picked, main classifies each (stores:analyse) and the page shows its
 * role; an old Sub CA with the same name but another key is offered for removal first (the
 * guides' 1 May 2025 change); a self-signed root is installed only after an explicit
 * confirmation that shows its subject and SHA-256 fingerprint (a root is trust for every site);
 * then the store (automatic, or "Place all certificates in the following store"), Install, and
 * what happened to each file. Expired or revoked CA certificates are flagged.
 */
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { useApp } from '../app/context';
import { call, fileToBase64, toErrorInfo } from '../bridge';
import { Wizard } from '../wizard/Wizard';
import { TextField } from '../wizard/fields';
import type { ErrorInfo } from '../../shared/errors';
import type { StoreAnalysis, StoreInfo, StoreInstallResult } from '../../shared/stores';
import { defaultChoice, StorePicker, type StoreChoice } from './StorePicker';
import { commonName, LOCATION_KEYS, ROLE_KEYS, SPEC_KEYS } from './text';
import './stores.css';
import { FileInput } from '../wizard/FileInput';
import { RootConfirm } from './RootConfirm';

const ACCEPT = '.cer,.crt,.pem,.der,.p7b,.p7c,.crl,.arl,.txt';

async function encode(files: readonly File[]) {
  return Promise.all(files.map(async (f) => ({ fileName: f.name.slice(0, 512), dataBase64: await fileToBase64(f) })));
}

export function InstallCaWizard() {
  const { t, date } = useI18n();
  const { go, info } = useApp();
  const [step, setStep] = useState(0);
  const [files, setFiles] = useState<File[]>([]);
  const [over, setOver] = useState(false);
  const [stores, setStores] = useState<StoreInfo[]>([]);
  const [choice, setChoice] = useState<StoreChoice>({ store: 'nss' });
  const [analysis, setAnalysis] = useState<StoreAnalysis | null>(null);
  const [removeOld, setRemoveOld] = useState(true);
  const [confirmed, setConfirmed] = useState<Set<string>>(new Set());
  const [result, setResult] = useState<StoreInstallResult | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  // A password-protected NSS DB: asked only once the store said it is locked; kept in memory only.
  const [storePassword, setStorePassword] = useState('');
  const locked = error?.code === 'STORE_LOCKED' || error?.code === 'STORE_PASSWORD_INCORRECT' || storePassword !== '';
  const pw = storePassword || undefined;

  useEffect(() => {
    call('stores:list', {})
      .then((s) => {
        setStores(s);
        setChoice(defaultChoice(s));
      })
      .catch((e) => setError(toErrorInfo(e)));
  }, []);

  const add = (list: FileList | null) => {
    if (!list) return;
    const next = [...files];
    for (const f of Array.from(list)) if (!next.some((n) => n.name === f.name && n.size === f.size)) next.push(f);
    setFiles(next);
  };

  const steps = [t('stores.install.step.files'), t('stores.install.step.check'), t('stores.install.step.store'), t('stores.install.step.done')];
  const cancel = () => go({ name: 'home' });
  const run = async (fn: () => Promise<void>) => {
    setError(null);
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      setError(toErrorInfo(e));
    } finally {
      setBusy(false);
    }
  };
  const analyse = () =>
    run(async () => {
      if (files.length === 0) {
        setError({ code: 'FILE_EMPTY', message: '' });
        return;
      }
      const a = await call('stores:analyse', { files: await encode(files), store: choice.store, storePassword: pw });
      setAnalysis(a);
      setConfirmed(new Set());
      setRemoveOld(a.oldSubCas.length > 0);
      setStep(1);
    });
  // A PFX holds a key: the Import PFX wizard takes it (password, store, root confirmation). The
  // browser shell hands the dropped file to main once (file:upload); Electron's renderer never
  // holds PFX bytes (file:upload is refused there), so the wizard opens at its Browse… page.
  const openPfx = (name: string) =>
    run(async () => {
      const f = files.find((x) => x.name === name);
      if (!f || info?.shell === 'electron') {
        go({ name: 'pfxImport' });
        return;
      }
      const opened = await call('file:upload', { fileName: f.name.slice(0, 512), dataBase64: await fileToBase64(f) });
      go({ name: 'pfxImport', file: opened });
    });
  const install = () =>
    run(async () => {
      const installable = files.filter((f) => !analysis?.pfxFiles.includes(f.name));
      const r = await call('stores:install', {
        files: await encode(installable),
        store: choice.store,
        storePassword: pw,
        confirmedRoots: [...confirmed],
        // Old Sub CAs were shown for the store analysed; another store's are not removed unseen.
        removeOld: removeOld && choice.store === analysis?.spec,
        manual: choice.manual,
      });
      setResult(r);
      setStep(3);
    });

  if (step === 3 && result) {
    const firstCa = analysis?.certificates.find((c) => !c.selfSigned);
    return (
      <Wizard title={t('stores.install.title')} steps={steps} current={3} heading={t('stores.install.done.heading')} onFinish={() => go({ name: 'home' })}>
        <p>{t('stores.install.done.store', { store: t(SPEC_KEYS[result.spec]) })}</p>
        {result.removedOld.length > 0 && <p>{t('stores.install.done.removedOld', { count: result.removedOld.length })}</p>}
        <ul className="result-list">
          {result.files.map((f) => (
            <li key={f.file}>
              <strong>{f.file}</strong>
              {f.error ? (
                <p className="bad">{t('stores.install.done.failed', { code: f.error.code })}</p>
              ) : f.items.length === 0 ? (
                <p>{t('stores.install.done.nothing')}</p>
              ) : (
                <ul>
                  {f.items.map((i) => (
                    <li key={i.sha256 + i.role}>
                      {i.held
                        ? t('stores.install.done.held', { name: commonName(i.subject) })
                        : t('stores.install.done.placed', { name: commonName(i.subject), role: t(ROLE_KEYS[i.role]), store: t(LOCATION_KEYS[i.location ?? 'personal']) })}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
        {result.needsConfirmation.length > 0 && <p className="alert warning">{t('stores.install.done.heldNote')}</p>}
        <div className="row">
          {firstCa && (
            <button type="button" onClick={() => go({ name: 'chain', thumbprint: firstCa.sha256, store: result.spec })}>
              {t('stores.install.done.chain', { name: commonName(firstCa.subject) })}
            </button>
          )}
          <button type="button" onClick={() => go({ name: 'stores', store: result.spec })}>
            {t('stores.install.done.open')}
          </button>
        </div>
      </Wizard>
    );
  }

  if (step === 2) {
    return (
      <Wizard
        title={t('stores.install.title')}
        steps={steps}
        current={2}
        heading={t('stores.install.store.heading')}
        onBack={() => setStep(1)}
        onNext={install}
        nextLabel={t('stores.install.button')}
        onCancel={cancel}
        error={error}
        busy={busy}
      >
        <StorePicker stores={stores} value={choice} onChange={setChoice} />
        {locked && <TextField label={t('stores.password')} type="password" value={storePassword} onChange={setStorePassword} autoComplete="off" />}
      </Wizard>
    );
  }

  if (step === 1 && analysis) {
    const roots = analysis.certificates.filter((c) => c.role === 'root' && !c.installed);
    const flagged = new Map(analysis.flagged.map((f) => [f.sha256, f.status]));
    return (
      <Wizard
        title={t('stores.install.title')}
        steps={steps}
        current={1}
        heading={t('stores.install.check.heading')}
        onBack={() => setStep(0)}
        onNext={() => setStep(2)}
        onCancel={cancel}
        error={error}
        busy={busy}
      >
        {analysis.certificates.length > 0 && (
          <table className="store">
            <caption>{t('stores.install.check.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('stores.col.name')}</th>
                <th scope="col">{t('stores.col.role')}</th>
                <th scope="col">{t('stores.col.file')}</th>
                <th scope="col">{t('stores.col.validTo')}</th>
                <th scope="col">{t('stores.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {analysis.certificates.map((c) => {
                const bad = flagged.get(c.sha256);
                return (
                  <tr key={c.sha256}>
                    <th scope="row" title={c.subject}>
                      {commonName(c.subject)}
                    </th>
                    <td>{t(ROLE_KEYS[c.role])}</td>
                    <td>{c.fileName}</td>
                    <td>
                      <time dateTime={c.notAfter}>{date(c.notAfter)}</time>
                    </td>
                    <td className={bad ? 'bad' : undefined}>
                      {bad ? t(bad === 'expired' ? 'stores.status.expired' : 'stores.status.revoked') : c.installed ? t('stores.status.installed') : t('stores.status.new')}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {analysis.crls.length > 0 && (
          <ul>
            {analysis.crls.map((c) => (
              <li key={c.fileName + c.issuer}>{t('stores.install.check.crl', { file: c.fileName, issuer: commonName(c.issuer) })}</li>
            ))}
          </ul>
        )}
        {analysis.pfxFiles.length > 0 && (
          <div className="alert info">
            <p>{t('stores.install.check.pfx', { files: analysis.pfxFiles.join(', ') })}</p>
            <div className="row">
              {analysis.pfxFiles.map((name) => (
                <button type="button" key={name} onClick={() => void openPfx(name)}>
                  {t('pfx.import.fromCa', { file: name })}
                </button>
              ))}
            </div>
          </div>
        )}
        {analysis.flagged.length > 0 && (
          <div className="alert warning">
            {analysis.flagged.map((f) => (
              <p key={f.sha256}>{t(f.status === 'expired' ? 'stores.install.check.flagExpired' : 'stores.install.check.flagRevoked', { name: commonName(f.subject) })}</p>
            ))}
          </div>
        )}
        {analysis.oldSubCas.length > 0 && (
          <div className="alert warning">
            {analysis.oldSubCas.map((o) => (
              <p key={o.sha256}>{t('stores.install.check.old', { name: commonName(o.subject), date: date(o.notAfter) })}</p>
            ))}
            <div className="radio">
              <input id="remove-old" type="checkbox" checked={removeOld} onChange={(e) => setRemoveOld(e.target.checked)} />
              <label htmlFor="remove-old">{t('stores.install.check.removeOld', { count: analysis.oldSubCas.length })}</label>
            </div>
          </div>
        )}
        <RootConfirm
          idPrefix="root"
          roots={roots.map((r) => ({ subject: r.subject, sha256: r.sha256, fingerprint: r.sha256Fingerprint }))}
          confirmed={confirmed}
          onChange={setConfirmed}
        />
      </Wizard>
    );
  }

  return (
    <Wizard
      title={t('stores.install.title')}
      steps={steps}
      current={0}
      heading={t('stores.install.files.heading')}
      onNext={analyse}
      onCancel={cancel}
      error={error}
      busy={busy}
    >
      <p>{t('stores.install.files.intro')}</p>
      {locked && <TextField label={t('stores.password')} type="password" value={storePassword} onChange={setStorePassword} autoComplete="off" />}
      <div
        className={`dropzone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          add(e.dataTransfer.files);
        }}
      >
        <div className="field">
          <label htmlFor="ca-files">{t('stores.install.files.pick')}</label>
          <FileInput id="ca-files" multiple accept={ACCEPT} onChange={(e) => add(e.target.files)} />
          <span className="hint">{t('stores.install.files.drop')}</span>
        </div>
        {files.length > 0 && (
          <>
            <p>{t('stores.install.files.chosen', { count: files.length })}</p>
            <ul aria-label={t('stores.install.files.chosenList')}>
              {files.map((f) => (
                <li key={f.name + f.size}>
                  {f.name}{' '}
                  <button type="button" className="link" onClick={() => setFiles(files.filter((x) => x !== f))} aria-label={t('stores.install.files.remove', { name: f.name })}>
                    {t('stores.install.files.removeShort')}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </Wizard>
  );
}
