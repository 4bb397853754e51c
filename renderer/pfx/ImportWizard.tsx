/**
 * Import PFX wizard (issue 3 "Import PFX wizard"), after Windows' Certificate Import Wizard
 * (guides 000/002/004 "Restoring the private key", "Import certificate"): file -> password ->
 * what the file holds -> store -> import options (exportable off, strong protection = High with a
 * new password, extended properties) -> Import -> result.
 *
 * The store comes before the options because the options depend on it (issue 4): Certwiz's own
 * store, or a certificate store of this computer (StorePicker: the shared NSS DB or Firefox,
 * Windows current user / local computer, macOS login / System keychain), placed automatically.
 * NSS has no per-key High level, so its options page says so and offers none; a self-signed root
 * in the file goes into a trust store only after the store page's explicit confirmation
 * (subject + SHA-256 fingerprint), otherwise it is held.
 *
 * The file never passes through this page in Electron: Browse… asks main (`file:open`), main
 * shows the native dialog, reads the file and hands back a fileId. In the browser shell the file
 * input is the only way a page gets a file, so it is sent once (`file:upload`) and named by its
 * fileId from then on. A certificate-only file (.cer/.crt/.der/.pem/.p7b) skips the password
 * and options: it completes the pending request it was issued for.
 */
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import { useApp } from '../app/context';
import { call, fileToBase64, toErrorInfo } from '../bridge';
import { Wizard } from '../wizard/Wizard';
import { RadioGroup, TextField } from '../wizard/fields';
import { PasswordPair, passwordProblem } from '../wizard/PasswordPair';
import { entryName } from '../certs/CertDetails';
import { Check, Contents } from './parts';
import { isNss, RootConfirm, rootsIn, StoreImportResult } from './ImportStore';
import { defaultChoice, StorePicker, type StoreChoice } from '../stores/StorePicker';
import type { StoreInfo, StoreInstallResult } from '../../shared/stores';
import type { SecurityLevel, StoreEntry } from '../../shared/ipc';
import type { PfxInspection } from '../../shared/pfx';
import type { OpenedFile } from '../../shared/pfx-contract';
import type { ErrorInfo } from '../../shared/errors';
import { FileInput } from '../wizard/FileInput';

const STEP = { file: 0, password: 1, contents: 2, store: 3, options: 4, done: 5 } as const;
const ACCEPT = '.pfx,.p12,.cer,.crt,.der,.pem,.p7b,.p7c';

/** `file`: a file already handed to main (Install CA certificates passes a dropped .pfx on). */
export function ImportWizard({ file: handedOver }: { file?: OpenedFile } = {}) {
  const { t } = useI18n();
  const { go, info } = useApp();
  const [step, setStep] = useState<number>(STEP.file);
  const [file, setFile] = useState<OpenedFile | null>(handedOver ?? null);
  const [password, setPassword] = useState('');
  const [inspection, setInspection] = useState<PfxInspection | null>(null);
  const [exportable, setExportable] = useState(false);
  const [level, setLevel] = useState<SecurityLevel>('medium');
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [showPw, setShowPw] = useState(false);
  const [props, setProps] = useState(true);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [imported, setImported] = useState<StoreEntry[] | null>(null);
  const input = useRef<HTMLInputElement>(null);
  // Issue 4: Certwiz's own store, or one of this computer's (stores:list; none = own store only).
  const [dest, setDest] = useState<'app' | 'os'>('app');
  const [stores, setStores] = useState<StoreInfo[]>([]);
  const [choice, setChoice] = useState<StoreChoice>({ store: 'nss' });
  const [confirmed, setConfirmed] = useState<Set<string>>(new Set());
  const [storePassword, setStorePassword] = useState('');
  const [placed, setPlaced] = useState<StoreInstallResult | null>(null);

  useEffect(() => {
    call('stores:list', {})
      .then((s) => {
        setStores(s);
        setChoice(defaultChoice(s));
      })
      .catch(() => setStores([]));
  }, []);

  const electron = info?.shell === 'electron';
  const certOnly = file?.kind === 'certificate';
  const toOs = dest === 'os' && !certOnly && stores.length > 0;
  const nss = toOs && isNss(choice.store);
  const roots = rootsIn(inspection);
  const locked = error?.code === 'STORE_LOCKED' || error?.code === 'STORE_PASSWORD_INCORRECT' || storePassword !== '';
  const steps = [t('pfx.import.step.file'), t('pfx.import.step.password'), t('pfx.import.step.contents'), t('pfx.import.step.store'), t('pfx.import.step.options'), t('pfx.import.step.done')];
  const common = { title: t('pfx.import.title'), steps, current: step, error, busy };
  const cancel = () => go({ name: 'home' });
  const to = (s: number) => () => {
    setError(null);
    setStep(s);
  };

  const guarded = async (fn: () => Promise<void>) => {
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

  const browse = () =>
    guarded(async () => {
      const r = await call('file:open', { purpose: 'pfx' });
      if ('fileId' in r) setFile(r);
    });

  const uploaded = (f: File | undefined) =>
    f
      ? guarded(async () => {
          setFile(await call('file:upload', { fileName: f.name.slice(0, 512), dataBase64: await fileToBase64(f) }));
        })
      : undefined;

  const inspect = (then: number) =>
    guarded(async () => {
      setInspection(await call('pfx:inspect', { fileId: file!.fileId, password }));
      setStep(then);
    });

  const fromFile = () => {
    if (!file) {
      setError({ code: 'FILE_NOT_FOUND', message: '' });
      return;
    }
    if (certOnly) void inspect(STEP.contents);
    else to(STEP.password)();
  };

  const checkOptions = () => {
    setShowPw(true);
    if (!toOs && level === 'high' && passwordProblem(newPassword, confirm)) return;
    void run();
  };

  const run = () =>
    guarded(async () => {
      const r = await call('pfx:import', {
        fileId: file!.fileId,
        password,
        exportable,
        // NSS keeps keys under the database password only (no High).
        securityLevel: nss ? 'medium' : level,
        newPassword: !toOs && level === 'high' ? newPassword : undefined,
        includeExtendedProperties: props,
        ...(toOs ? { store: choice.store, confirmedRoots: roots.filter((x) => confirmed.has(x.sha256)).map((x) => x.sha256), storePassword: storePassword || undefined } : {}),
      });
      setImported(r.entries);
      setPlaced(r.store ?? null);
      setStorePassword('');
      setPassword('');
      setNewPassword('');
      setConfirm('');
      setStep(STEP.done);
    });

  if (step === STEP.file) {
    return (
      <Wizard {...common} heading={t('pfx.import.file.heading')} onNext={fromFile} onCancel={cancel}>
        <p className="hint">{t('pfx.import.file.hint')}</p>
        {electron ? (
          <div className="row">
            <button type="button" onClick={browse}>
              {t('pfx.import.file.browse')}
            </button>
          </div>
        ) : (
          <div className="field">
            <label htmlFor="pfx-file">{t('pfx.import.file.label')}</label>
            <FileInput id="pfx-file" ref={input} accept={ACCEPT} onChange={(e) => void uploaded(e.target.files?.[0])} />
          </div>
        )}
        {file && <p className="status">{t('pfx.import.file.chosen', { name: file.fileName, size: file.size })}</p>}
      </Wizard>
    );
  }

  if (step === STEP.password) {
    return (
      <Wizard {...common} heading={t('pfx.import.password.heading')} onBack={to(STEP.file)} onNext={() => void inspect(STEP.contents)} onCancel={cancel}>
        <TextField label={t('pfx.import.password.label')} type="password" autoComplete="off" value={password} onChange={setPassword} hint={t('pfx.import.password.hint')} />
      </Wizard>
    );
  }

  if (step === STEP.contents && inspection) {
    return (
      <Wizard
        {...common}
        heading={t('pfx.import.contents.heading')}
        onBack={to(certOnly ? STEP.file : STEP.password)}
        onNext={to(STEP.store)}
        onCancel={cancel}
      >
        <Contents inspection={inspection} />
      </Wizard>
    );
  }

  if (step === STEP.options) {
    return (
      <Wizard {...common} heading={t('pfx.import.step.options')} onBack={to(STEP.store)} onNext={checkOptions} nextLabel={t('pfx.import.commit')} onCancel={cancel}>
        {nss ? (
          <p className="alert info" role="note">
            {t('pfx.import.os.nssNoHigh')}
          </p>
        ) : (
          <RadioGroup<SecurityLevel>
            legend={t('pfx.import.opt.level')}
            name="level"
            value={level}
            onChange={setLevel}
            choices={[
              { value: 'medium', label: t('pfx.import.opt.medium'), description: t('pfx.import.opt.medium.desc') },
              { value: 'high', label: t('pfx.import.opt.high'), description: t(toOs ? 'pfx.import.os.high.desc' : 'pfx.import.opt.high.desc') },
            ]}
          />
        )}
        {!toOs && level === 'high' && (
          <PasswordPair
            password={newPassword}
            confirm={confirm}
            onPassword={setNewPassword}
            onConfirm={setConfirm}
            labels={{ password: t('pfx.import.opt.newPassword'), confirm: t('pfx.import.opt.confirm') }}
            showProblems={showPw}
          />
        )}
        {!nss && <Check label={t('pfx.import.opt.exportable')} checked={exportable} onChange={setExportable} />}
        {!toOs && <Check label={t('pfx.import.opt.props')} checked={props} onChange={setProps} />}
        {toOs && locked && <TextField label={t('stores.password')} type="password" value={storePassword} onChange={setStorePassword} autoComplete="off" />}
      </Wizard>
    );
  }

  if (step === STEP.store) {
    const osStores = !certOnly && stores.length > 0;
    return (
      <Wizard
        {...common}
        heading={t('pfx.import.store.heading')}
        onBack={to(STEP.contents)}
        onNext={certOnly ? run : to(STEP.options)}
        nextLabel={certOnly ? t('pfx.import.commit') : undefined}
        onCancel={cancel}
      >
        <RadioGroup<'app' | 'os'>
          legend={t('pfx.import.step.store')}
          name="store"
          value={osStores ? dest : 'app'}
          onChange={setDest}
          choices={[
            { value: 'app', label: t('pfx.import.store.app'), description: t('pfx.import.store.app.desc') },
            ...(osStores ? [{ value: 'os' as const, label: t('pfx.import.os.label'), description: t('pfx.import.os.desc') }] : []),
          ]}
        />
        {toOs && <StorePicker stores={stores} value={choice} onChange={setChoice} automaticOnly />}
        {toOs && <RootConfirm idPrefix="pfx-root" roots={roots} confirmed={confirmed} onChange={setConfirmed} />}
      </Wizard>
    );
  }

  return (
    <Wizard {...common} current={STEP.done} heading={t('pfx.import.done.heading')} onFinish={() => go(placed ? { name: 'stores', store: placed.spec } : { name: 'certs' })}>
      {placed && <StoreImportResult result={placed} />}
      <ul>
        {(imported ?? []).map((e) => (
          <li key={e.id}>{t('pfx.import.done.entry', { name: entryName(e) })}</li>
        ))}
      </ul>
    </Wizard>
  );
}
