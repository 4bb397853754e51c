/**
 * Import PFX wizard (issue 3 "Import PFX wizard"), after Windows' Certificate Import Wizard
 * (guides 000/002/004 "Restoring the private key", "Import certificate"): file -> password ->
 * what the file holds -> import options (exportable off, strong protection = High with a new
 * password, extended properties) -> store -> Import -> result.
 *
 * The file never passes through this page in Electron: Browse… asks main (`file:open`), main
 * shows the native dialog, reads the file and hands back a fileId. In the browser shell the file
 * input is the only way a page gets a file, so it is sent once (`file:upload`) and named by its
 * fileId from then on. A certificate-only file (.cer/.crt/.der/.pem/.p7b) skips the password
 * and options: it completes the pending request it was issued for.
 */
import { useRef, useState } from 'react';
import { useI18n } from '../i18n';
import { useApp } from '../app/context';
import { call, fileToBase64, toErrorInfo } from '../bridge';
import { Wizard } from '../wizard/Wizard';
import { RadioGroup, TextField } from '../wizard/fields';
import { PasswordPair, passwordProblem } from '../wizard/PasswordPair';
import { entryName } from '../certs/CertDetails';
import { Check, Contents } from './parts';
import type { SecurityLevel, StoreEntry } from '../../shared/ipc';
import type { PfxInspection } from '../../shared/pfx';
import type { OpenedFile } from '../../shared/pfx-contract';
import type { ErrorInfo } from '../../shared/errors';

const STEP = { file: 0, password: 1, contents: 2, options: 3, store: 4, done: 5 } as const;
const ACCEPT = '.pfx,.p12,.cer,.crt,.der,.pem,.p7b,.p7c';

export function ImportWizard() {
  const { t } = useI18n();
  const { go, info } = useApp();
  const [step, setStep] = useState<number>(STEP.file);
  const [file, setFile] = useState<OpenedFile | null>(null);
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

  const electron = info?.shell === 'electron';
  const certOnly = file?.kind === 'certificate';
  const steps = [t('pfx.import.step.file'), t('pfx.import.step.password'), t('pfx.import.step.contents'), t('pfx.import.step.options'), t('pfx.import.step.store'), t('pfx.import.step.done')];
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
    if (level === 'high' && passwordProblem(newPassword, confirm)) return;
    to(STEP.store)();
  };

  const run = () =>
    guarded(async () => {
      const r = await call('pfx:import', {
        fileId: file!.fileId,
        password,
        exportable,
        securityLevel: level,
        newPassword: level === 'high' ? newPassword : undefined,
        includeExtendedProperties: props,
      });
      setImported(r.entries);
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
            <input id="pfx-file" ref={input} type="file" accept={ACCEPT} onChange={(e) => void uploaded(e.target.files?.[0])} />
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
        onNext={to(certOnly ? STEP.store : STEP.options)}
        onCancel={cancel}
      >
        <Contents inspection={inspection} />
      </Wizard>
    );
  }

  if (step === STEP.options) {
    return (
      <Wizard {...common} heading={t('pfx.import.step.options')} onBack={to(STEP.contents)} onNext={checkOptions} onCancel={cancel}>
        <RadioGroup<SecurityLevel>
          legend={t('pfx.import.opt.level')}
          name="level"
          value={level}
          onChange={setLevel}
          choices={[
            { value: 'medium', label: t('pfx.import.opt.medium'), description: t('pfx.import.opt.medium.desc') },
            { value: 'high', label: t('pfx.import.opt.high'), description: t('pfx.import.opt.high.desc') },
          ]}
        />
        {level === 'high' && (
          <PasswordPair
            password={newPassword}
            confirm={confirm}
            onPassword={setNewPassword}
            onConfirm={setConfirm}
            labels={{ password: t('pfx.import.opt.newPassword'), confirm: t('pfx.import.opt.confirm') }}
            showProblems={showPw}
          />
        )}
        <Check label={t('pfx.import.opt.exportable')} checked={exportable} onChange={setExportable} />
        <Check label={t('pfx.import.opt.props')} checked={props} onChange={setProps} />
      </Wizard>
    );
  }

  if (step === STEP.store) {
    // Issue 4 plugs in here: renderer/stores/StorePicker.tsx offers the OS stores (Windows,
    // macOS keychain, NSS) next to this one; until then the app's own store is the destination.
    return (
      <Wizard {...common} heading={t('pfx.import.store.heading')} onBack={to(certOnly ? STEP.contents : STEP.options)} onNext={run} nextLabel={t('pfx.import.commit')} onCancel={cancel}>
        <RadioGroup<'app'>
          legend={t('pfx.import.step.store')}
          name="store"
          value="app"
          onChange={() => undefined}
          choices={[{ value: 'app', label: t('pfx.import.store.app'), description: t('pfx.import.store.app.desc') }]}
        />
      </Wizard>
    );
  }

  return (
    <Wizard {...common} current={STEP.done} heading={t('pfx.import.done.heading')} onFinish={() => go({ name: 'certs' })}>
      <ul>
        {(imported ?? []).map((e) => (
          <li key={e.id}>{t('pfx.import.done.entry', { name: entryName(e) })}</li>
        ))}
      </ul>
    </Wizard>
  );
}
