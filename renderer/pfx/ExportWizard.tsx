/**
 * Export PFX wizard (issue 3 "Export PFX wizard"), page for page Windows' Certificate Export
 * Wizard as the guides show it ("Backing up the private key", guides 000/002/004): certificate ->
 * "Yes, export the private key" / "No" -> export file format with Windows' options -> Security
 * (password + confirmation, and the encryption explained as "where will you open this file?") ->
 * file -> Export -> the verify-after-write result.
 *
 * Without the key: .cer DER, .cer Base-64 or .p7b (certs:export). For server admins, a PEM file
 * with key, certificate and chain (pem:export), the key encrypted unless explicitly asked.
 * Passwords go to main once, with the commit; main writes, verifies and reports the checks.
 */
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { useApp } from '../app/context';
import { call, toErrorInfo } from '../bridge';
import { Wizard } from '../wizard/Wizard';
import { RadioGroup, TextField } from '../wizard/fields';
import { PasswordPair, passwordProblem } from '../wizard/PasswordPair';
import { Status } from '../wizard/ErrorAlert';
import { entryName } from '../certs/CertDetails';
import { Check, VerifyList } from './parts';
import { isAscii } from './names';
import type { PfxExported, SaveResult, StoreEntry } from '../../shared/ipc';
import type { PfxProfile } from '../../shared/pfx';
import type { CertExportFormat } from '../../shared/pfx-contract';
import type { ErrorInfo } from '../../shared/errors';

type Format = 'pfx' | 'pem' | CertExportFormat;
const STEP = { cert: 0, key: 1, format: 2, security: 3, file: 4, done: 5 } as const;

export function ExportWizard({ id }: { id?: string }) {
  const { t } = useI18n();
  const { go, info } = useApp();
  const [entries, setEntries] = useState<StoreEntry[] | null>(null);
  const [selected, setSelected] = useState(id ?? '');
  const [step, setStep] = useState<number>(STEP.cert);
  const [withKey, setWithKey] = useState<'yes' | 'no'>('yes');
  const [format, setFormat] = useState<Format>('pfx');
  const [includeChain, setIncludeChain] = useState(true);
  const [props, setProps] = useState(true);
  const [privacy, setPrivacy] = useState(true);
  const [deleteKey, setDeleteKey] = useState(false);
  const [deleteConfirmed, setDeleteConfirmed] = useState(false);
  const [profile, setProfile] = useState<PfxProfile>('aes256-sha256');
  const [plainKey, setPlainKey] = useState(false);
  const [keyPassword, setKeyPassword] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [showPw, setShowPw] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [exported, setExported] = useState<PfxExported | null>(null);
  const [saved, setSaved] = useState<SaveResult | null>(null);

  useEffect(() => {
    call('certs:list', {})
      .then((l) => {
        const installed = l.filter((e) => e.status === 'installed');
        setEntries(installed);
        setSelected((s) => (installed.some((e) => e.id === s) ? s : installed.find((e) => !e.token)?.id ?? installed[0]?.id ?? ''));
      })
      .catch((e) => setError(toErrorInfo(e)));
  }, []);

  const entry = entries?.find((e) => e.id === selected);
  const onCard = !!entry?.token;
  const keyed = withKey === 'yes' && !onCard;
  const needsSecurity = format === 'pfx' || format === 'pem';
  const high = entry?.securityLevel === 'high';

  const steps = [t('pfx.export.step.cert'), t('pfx.export.step.key'), t('pfx.export.step.format'), t('pfx.export.step.security'), t('pfx.export.step.file'), t('pfx.export.step.done')];
  const common = { title: t('pfx.export.title'), steps, current: step, error, busy };
  const cancel = () => go({ name: 'home' });
  const to = (s: number) => () => {
    setError(null);
    setStep(s);
  };

  const chooseKey = () => {
    setFormat(keyed ? 'pfx' : 'der');
    to(STEP.format)();
  };

  const checkSecurity = () => {
    setShowPw(true);
    if (high && keyPassword === '') {
      setError({ code: 'PASSWORD_REQUIRED', message: '' });
      return;
    }
    if (!(format === 'pem' && plainKey) && passwordProblem(password, confirm)) return;
    to(STEP.file)();
  };

  const run = async () => {
    if (!entry) return;
    setError(null);
    setBusy(true);
    try {
      if (format === 'pfx') {
        const r = await call('pfx:export', {
          id: entry.id,
          profile,
          includeChain,
          privacy,
          deleteKey: deleteKey && deleteConfirmed,
          password,
          keyPassword: high ? keyPassword : undefined,
          ...(props ? {} : { friendlyName: '' }),
        });
        setExported(r);
        setSaved(r.saved);
      } else if (format === 'pem') {
        setSaved(await call('pem:export', { id: entry.id, keyPassword: high ? keyPassword : undefined, pemPassword: plainKey ? undefined : password, plainKey, includeChain }));
      } else {
        setSaved(await call('certs:export', { id: entry.id, format, includeChain }));
      }
      setPassword('');
      setConfirm('');
      setKeyPassword('');
      setStep(STEP.done);
    } catch (e) {
      setError(toErrorInfo(e));
    } finally {
      setBusy(false);
    }
  };

  if (step === STEP.cert) {
    return (
      <Wizard {...common} heading={t('pfx.export.cert.heading')} onNext={entry ? to(STEP.key) : undefined} onCancel={cancel}>
        {entries && entries.length === 0 && (
          <>
            <p>{t('pfx.export.cert.none')}</p>
            <div className="row">
              <button type="button" onClick={() => go({ name: 'enroll' })}>
                {t('home.enroll')}
              </button>
              <button type="button" onClick={() => go({ name: 'complete' })}>
                {t('home.complete')}
              </button>
            </div>
          </>
        )}
        {entries && entries.length > 0 && (
          <RadioGroup
            legend={t('pfx.export.cert.legend')}
            name="cert"
            value={selected}
            onChange={setSelected}
            choices={entries.map((e) => ({
              value: e.id,
              label: entryName(e),
              description: [e.certificate?.issuer, e.certificate ? `${e.certificate.notAfter.slice(0, 10)}` : '', e.token ? t('pfx.export.cert.card') : ''].filter(Boolean).join(' · '),
            }))}
          />
        )}
      </Wizard>
    );
  }

  if (step === STEP.key && entry) {
    return (
      <Wizard {...common} heading={t('pfx.export.key.heading')} onBack={to(STEP.cert)} onNext={chooseKey} onCancel={cancel}>
        <p>
          <strong>{entryName(entry)}</strong>
        </p>
        {onCard && <p className="alert info">{t('pfx.export.cert.card')}</p>}
        <RadioGroup<'yes' | 'no'>
          legend={t('pfx.export.key.legend')}
          name="withKey"
          value={onCard ? 'no' : withKey}
          onChange={setWithKey}
          choices={[
            ...(onCard ? [] : [{ value: 'yes' as const, label: t('pfx.export.key.yes'), description: t('pfx.export.key.yes.desc') }]),
            { value: 'no', label: t('pfx.export.key.no'), description: t('pfx.export.key.no.desc') },
          ]}
        />
      </Wizard>
    );
  }

  if (step === STEP.format && entry) {
    const choices = keyed
      ? [
          { value: 'pfx' as Format, label: t('pfx.export.format.pfx'), description: t('pfx.export.format.pfx.desc') },
          { value: 'pem' as Format, label: t('pfx.export.format.pem'), description: t('pfx.export.format.pem.desc') },
        ]
      : [
          { value: 'der' as Format, label: t('pfx.export.format.der') },
          { value: 'base64' as Format, label: t('pfx.export.format.base64') },
          { value: 'p7b' as Format, label: t('pfx.export.format.p7b') },
        ];
    return (
      <Wizard {...common} heading={t('pfx.export.format.heading')} onBack={to(STEP.key)} onNext={to(needsSecurity ? STEP.security : STEP.file)} onCancel={cancel}>
        <RadioGroup<Format> legend={t('pfx.export.format.legend')} name="format" value={format} onChange={setFormat} choices={choices} />
        {(format === 'pfx' || format === 'pem' || format === 'p7b') && <Check label={t('pfx.export.opt.chain')} checked={includeChain} onChange={setIncludeChain} />}
        {format === 'pfx' && (
          <>
            <Check label={t('pfx.export.opt.props')} checked={props} onChange={setProps} />
            <Check label={t('pfx.export.opt.privacy')} checked={privacy} onChange={setPrivacy} />
            <Check
              label={t('pfx.export.opt.delete')}
              checked={deleteKey}
              onChange={(v) => {
                setDeleteKey(v);
                if (!v) setDeleteConfirmed(false);
              }}
            />
            {deleteKey && (
              <div className="alert warning">
                <p>{t('pfx.export.opt.delete.warn')}</p>
                <Check label={t('pfx.export.opt.delete.confirm')} checked={deleteConfirmed} onChange={setDeleteConfirmed} />
              </div>
            )}
          </>
        )}
      </Wizard>
    );
  }

  if (step === STEP.security && entry) {
    return (
      <Wizard {...common} heading={t('pfx.export.sec.heading')} onBack={to(STEP.format)} onNext={checkSecurity} onCancel={cancel}>
        {high && <TextField label={t('pfx.export.sec.keyPassword')} type="password" autoComplete="current-password" value={keyPassword} onChange={setKeyPassword} required />}
        {format === 'pem' && (
          <>
            <Check label={t('pfx.export.sec.plain')} checked={plainKey} onChange={setPlainKey} />
            {plainKey && <p className="alert warning">{t('pfx.export.sec.plain.warn')}</p>}
          </>
        )}
        {!(format === 'pem' && plainKey) && (
          <>
            <PasswordPair
              password={password}
              confirm={confirm}
              onPassword={setPassword}
              onConfirm={setConfirm}
              labels={{ password: t('pfx.export.sec.password'), confirm: t('pfx.export.sec.confirm') }}
              showProblems={showPw}
            />
            <div className="alert warning">
              <p>{t('pfx.export.sec.warn')}</p>
              {format === 'pfx' && (isAscii(password) ? <p className="hint">{t('pfx.export.sec.ascii')}</p> : <p><strong>{t('pfx.export.sec.ascii')}</strong></p>)}
            </div>
          </>
        )}
        {format === 'pfx' && (
          <RadioGroup<PfxProfile>
            legend={t('pfx.export.sec.encryption')}
            name="profile"
            value={profile}
            onChange={setProfile}
            choices={[
              { value: 'aes256-sha256', label: t('pfx.export.sec.aes'), description: t('pfx.export.sec.aes.desc') },
              { value: '3des-sha1', label: t('pfx.export.sec.3des'), description: t('pfx.export.sec.3des.desc') },
            ]}
          />
        )}
      </Wizard>
    );
  }

  if (step === STEP.file && entry) {
    const formatLabel = { pfx: t('pfx.export.format.pfx'), pem: t('pfx.export.format.pem'), der: t('pfx.export.format.der'), base64: t('pfx.export.format.base64'), p7b: t('pfx.export.format.p7b') }[format];
    return (
      <Wizard {...common} heading={t('pfx.export.file.heading')} onBack={to(needsSecurity ? STEP.security : STEP.format)} onNext={run} nextLabel={t('pfx.export.commit')} onCancel={cancel}>
        <p>{info?.shell === 'electron' ? t('pfx.export.file.dialog') : t('pfx.export.file.dir')}</p>
        <h3>{t('pfx.export.file.summary')}</h3>
        <dl className="details">
          <dt>{t('pfx.export.step.cert')}</dt>
          <dd>{entryName(entry)}</dd>
          <dt>{t('pfx.export.step.format')}</dt>
          <dd>{formatLabel}</dd>
          {format === 'pfx' && (
            <>
              <dt>{t('pfx.export.sec.encryption')}</dt>
              <dd>{profile === 'aes256-sha256' ? t('pfx.export.sec.aes') : t('pfx.export.sec.3des')}</dd>
              <dt>{t('pfx.export.opt.chain')}</dt>
              <dd>{includeChain ? t('pfx.import.contents.yes') : t('pfx.import.contents.no')}</dd>
              <dt>{t('pfx.export.opt.privacy')}</dt>
              <dd>{privacy ? t('pfx.import.contents.yes') : t('pfx.import.contents.no')}</dd>
              <dt>{t('pfx.export.opt.delete')}</dt>
              <dd>{deleteKey && deleteConfirmed ? t('pfx.import.contents.yes') : t('pfx.import.contents.no')}</dd>
            </>
          )}
        </dl>
      </Wizard>
    );
  }

  // Completed: where the file went and what verify-after-write found. No Back: the file exists.
  const cancelled = saved && 'cancelled' in saved;
  return (
    <Wizard {...common} current={STEP.done} heading={cancelled ? t('pfx.export.done.cancelled') : t('pfx.export.done.heading')} onFinish={() => go({ name: 'certs' })}>
      {saved && 'path' in saved && <Status text={t('pfx.export.done.savedTo', { path: saved.path })} />}
      {exported?.verify && (
        <>
          <h3>{t('pfx.export.done.verify')}</h3>
          <VerifyList verify={exported.verify} />
        </>
      )}
      {exported?.keyDeleted && <p className="alert info">{t('pfx.export.done.keyDeleted')}</p>}
    </Wizard>
  );
}
