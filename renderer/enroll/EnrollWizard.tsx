/**
 * "Request a certificate": profile -> subject and names -> key and security level -> review
 * (commit button "Create request") -> progress while main makes the key -> the CSR page ->
 * (practice CA) -> installed. Issue 2 parts 2-6; STYLE.md item 9 for the page grammar.
 *
 * The same validateRequest the core runs checks the form as the user types; the core runs it
 * again. After "Create request" the key exists, so Back is disabled from then on.
 */
import { Fragment, useEffect, useMemo, useState } from 'react';
import { useI18n } from '../i18n';
import { useApp } from '../app/context';
import { call, textToBase64, toErrorInfo } from '../bridge';
import { Wizard } from '../wizard/Wizard';
import { RadioGroup } from '../wizard/fields';
import { passwordProblem } from '../wizard/PasswordPair';
import { PROFILES, getProfile } from '../../shared/profiles';
import { validateRequest } from '../../shared/fields';
import type { CsrCreated, KeyAlgorithm, PracticeIssued, SecurityLevel, StoreEntry } from '../../shared/ipc';
import type { ErrorInfo } from '../../shared/errors';
import type { CatalogueKey } from '../../shared/i18n';
import { SubjectPage } from './SubjectPage';
import { KeyPage, allowedKeyAlgorithms } from './KeyPage';
import { CardPinField, pinProblem } from './TokenKeyPanel';
import type { KeyLocationKind, TokenInfo } from '../../shared/token';
import { CsrPage } from './CsrPage';
import { CertDetails, entryName } from '../certs/CertDetails';
import { EMPTY_VALUES, applyProfileDefaults, issuesByField, toSubjectForm, valuesFromEntry, type FieldId } from './form';

const STEP_KEYS: CatalogueKey[] = [
  'enroll.step.profile',
  'enroll.step.subject',
  'enroll.step.key',
  'enroll.step.review',
  'enroll.step.progress',
  'enroll.step.csr',
  'enroll.step.done',
];
/** Subject attribute -> the form field whose label names it. */
const RDN_FIELD: Record<string, string> = { C: 'c', ST: 'st', L: 'l', O: 'o', OU: 'ou', CN: 'cn', E: 'email' };
const SUBJECT_FIELDS = new Set(['cn', 'o', 'ou', 'l', 'st', 'c', 'email', 'sans']);

/** `profileId`: the profile chosen first (a guided flow opens on its CA's profile; issue 6). */
export function EnrollWizard({ renewOf, profileId: firstProfile }: { renewOf?: string; profileId?: string }) {
  const { t } = useI18n();
  const { go } = useApp();
  const [step, setStep] = useState(0);
  const [profileId, setProfileId] = useState(firstProfile && getProfile(firstProfile) ? firstProfile : PROFILES[0].id);
  const profile = getProfile(profileId) ?? PROFILES[0];
  const [values, setValues] = useState<Record<FieldId, string>>(() => applyProfileDefaults(profile, EMPTY_VALUES));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [keyAlgorithm, setKeyAlgorithm] = useState<KeyAlgorithm>(profile.defaultKeyAlgorithm);
  const [level, setLevel] = useState<SecurityLevel>('high');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [showPw, setShowPw] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [created, setCreated] = useState<CsrCreated | null>(null);
  const [issued, setIssued] = useState<PracticeIssued | null>(null);
  const [installed, setInstalled] = useState<StoreEntry | null>(null);
  const [renewing, setRenewing] = useState<StoreEntry | null>(null);
  const [busy, setBusy] = useState(false);
  // Issue 5: the key on a smart card. The PIN is held only until the call that needs it.
  const [where, setWhere] = useState<KeyLocationKind>('app');
  const [card, setCard] = useState<TokenInfo | null>(null);
  const [pin, setPin] = useState('');
  const [chainToToken, setChainToToken] = useState(false);

  // Renewal: pre-fill from the installed certificate (issue 2 part 2), a new key is made.
  useEffect(() => {
    if (!renewOf) return;
    call('certs:list', {})
      .then((list) => {
        const e = list.find((x) => x.id === renewOf || x.certificate?.sha1 === renewOf || x.certificate?.sha256 === renewOf);
        if (!e) return;
        setRenewing(e);
        const p = getProfile(e.profileId);
        if (p) {
          setProfileId(p.id);
          setKeyAlgorithm(p.keyAlgorithms.includes(e.keyAlgorithm) ? e.keyAlgorithm : p.defaultKeyAlgorithm);
          setValues(applyProfileDefaults(p, valuesFromEntry(e)));
        }
      })
      .catch((err) => setError(toErrorInfo(err)));
  }, [renewOf]);

  const form = useMemo(() => toSubjectForm(profile, values), [profile, values]);
  const result = useMemo(() => validateRequest(profile, form, keyAlgorithm), [profile, form, keyAlgorithm]);
  const byField = useMemo(() => issuesByField(result.issues), [result]);
  const subjectIssues = result.issues.filter((i) => SUBJECT_FIELDS.has(i.field.split('.')[0]));

  const chooseProfile = (id: string) => {
    const p = getProfile(id);
    if (!p) return;
    setProfileId(id);
    setValues((v) => applyProfileDefaults(p, v));
    if (!p.keyAlgorithms.includes(keyAlgorithm)) setKeyAlgorithm(p.defaultKeyAlgorithm);
  };

  // A card offers only what its mechanism list allows: keep the chosen type among those.
  const chooseCard = (c: TokenInfo | null) => {
    setCard(c);
    const algs = allowedKeyAlgorithms(profile, 'token', c);
    if (c && algs.length > 0 && !algs.includes(keyAlgorithm)) setKeyAlgorithm(algs.includes(profile.defaultKeyAlgorithm) ? profile.defaultKeyAlgorithm : algs[0]);
  };
  const onCardKey = where === 'token';

  const cancel = () => go({ name: 'home' });
  const steps = STEP_KEYS.map((k) => t(k));
  const title = renewOf ? t('enroll.renewTitle') : t('enroll.title');

  const create = async () => {
    setError(null);
    setBusy(true);
    setStep(4);
    try {
      const c = await call('csr:create', {
        profileId,
        subject: form,
        keyAlgorithm,
        securityLevel: level,
        password: level === 'high' && !onCardKey ? password : undefined,
        renewOf: renewing?.certificate?.sha256 ?? renewOf,
        keyLocation: onCardKey && card ? { kind: 'token', token: card.serial, module: card.module, pin: pin || undefined } : undefined,
      });
      setPassword('');
      setConfirm('');
      setPin('');
      setCreated(c);
      setStep(5);
    } catch (e) {
      const info = toErrorInfo(e);
      setError(info);
      const field = String(info.params?.field ?? '').split('.')[0];
      // Card problems (wrong PIN, card pulled, type not supported) are fixed on the Key page.
      const cardProblem = /^(PIN_|TOKEN_|MECHANISM_)/.test(info.code);
      setStep(SUBJECT_FIELDS.has(field) ? 1 : field === 'keyAlgorithm' || field === 'password' || cardProblem ? 2 : 3);
      setShowAll(true);
    } finally {
      setBusy(false);
    }
  };

  const complete = async () => {
    if (!created || !issued) return;
    setError(null);
    setBusy(true);
    try {
      const pem = [issued.certificatePem, ...issued.chainPem].join('\n');
      const r = await call('request:complete', {
        fileName: 'practice-ca.pem',
        dataBase64: textToBase64(pem),
        ...(created.token ? { pin: pin || undefined, chainToToken } : {}),
      });
      setPin('');
      setInstalled(r.entry);
      setStep(6);
    } catch (e) {
      setError(toErrorInfo(e));
    } finally {
      setBusy(false);
    }
  };

  const common = { title, steps, current: step, error, busy };

  switch (step) {
    case 0:
      return (
        <Wizard {...common} heading={t('enroll.profile.heading')} onNext={() => (setError(null), setStep(1))} onCancel={cancel}>
          {renewing && <p className="alert info">{t('enroll.profile.renewing', { subject: entryName(renewing) })}</p>}
          <RadioGroup
            legend={t('enroll.profile.legend')}
            name="profile"
            value={profileId}
            onChange={chooseProfile}
            choices={PROFILES.map((p) => ({
              value: p.id,
              label: t(p.nameKey as CatalogueKey),
              description: t(`${p.nameKey}.desc` as CatalogueKey),
            }))}
          />
        </Wizard>
      );
    case 1:
      return (
        <Wizard
          {...common}
          heading={t('enroll.subject.heading')}
          onBack={() => setStep(0)}
          onNext={() => {
            setShowAll(true);
            if (subjectIssues.length === 0) {
              setError(null);
              setStep(2);
            }
          }}
          onCancel={cancel}
        >
          {showAll && subjectIssues.length > 0 && (
            <p className="alert error" role="alert">
              {t('wizard.fixFields')}
            </p>
          )}
          <SubjectPage
            profile={profile}
            values={values}
            onChange={(id, v) => setValues((old) => ({ ...old, [id]: v }))}
            issues={byField}
            touched={touched}
            onTouch={(id) => setTouched((old) => (old.has(id) ? old : new Set(old).add(id)))}
            showAll={showAll}
          />
        </Wizard>
      );
    case 2:
      return (
        <Wizard
          {...common}
          heading={t('enroll.key.heading')}
          onBack={() => setStep(1)}
          onNext={() => {
            setShowPw(true);
            if (byField.has('keyAlgorithm')) return;
            if (onCardKey && (pinProblem(pin, card) || !card || !allowedKeyAlgorithms(profile, 'token', card).includes(keyAlgorithm))) return;
            if (!onCardKey && level === 'high' && passwordProblem(password, confirm)) return;
            setError(null);
            setStep(3);
          }}
          onCancel={cancel}
        >
          <KeyPage
            profile={profile}
            keyAlgorithm={keyAlgorithm}
            onKeyAlgorithm={setKeyAlgorithm}
            level={level}
            onLevel={setLevel}
            password={password}
            confirm={confirm}
            onPassword={setPassword}
            onConfirm={setConfirm}
            showProblems={showPw}
            keyIssues={byField.get('keyAlgorithm')}
            where={where}
            onWhere={setWhere}
            card={card}
            onCard={chooseCard}
            pin={pin}
            onPin={setPin}
          />
        </Wizard>
      );
    case 3: {
      const normalized = result.normalized;
      // Field by field, in the guides' words, so "check the Common name" works on the phone;
      // where the encoded form differs (IDN), both are shown.
      const rdns = normalized ? [...normalized.rdns].reverse() : [];
      return (
        <Wizard {...common} heading={t('enroll.review.heading')} onBack={() => setStep(2)} onNext={create} nextLabel={t('enroll.create')} nextDisabled={!result.ok} onCancel={cancel}>
          <dl className="details">
            <dt>{t('enroll.review.profile')}</dt>
            <dd>{t(profile.nameKey as CatalogueKey)}</dd>
            {rdns.map((r) => (
              <Fragment key={r.type}>
                <dt>{t(`field.${RDN_FIELD[r.type]}` as CatalogueKey)}</dt>
                <dd>
                  {r.display}
                  {r.display !== r.value && <div className="mono">{t('idn.encodedAs', { ascii: r.value })}</div>}
                </dd>
              </Fragment>
            ))}
            {normalized && normalized.sans.length > 0 && (
              <>
                <dt>{t('enroll.review.sans')}</dt>
                <dd>
                  {normalized.sans.map((s) => (
                    <div key={s.value}>{s.display === s.value ? s.value : `${s.display} (${s.value})`}</div>
                  ))}
                </dd>
              </>
            )}
            <dt>{t('enroll.review.key')}</dt>
            <dd>{t(`keyName.${keyAlgorithm}` as CatalogueKey)}</dd>
            <dt>{t('token.review.location')}</dt>
            <dd>{onCardKey && card ? t('token.review.onCard', { label: card.label, serial: card.serial }) : t('token.review.inApp')}</dd>
            {!onCardKey && (
              <>
                <dt>{t('enroll.review.level')}</dt>
                <dd>{t(`level.${level}` as CatalogueKey)}</dd>
              </>
            )}
          </dl>
          {onCardKey && <p className="alert warning">{t('token.keygen.warning')}</p>}
          <p className="alert info">{t('enroll.review.irreversible')}</p>
        </Wizard>
      );
    }
    case 4:
      return (
        <Wizard {...common} heading={t('enroll.progress.heading')}>
          <div className="progress" role="progressbar" aria-label={t('enroll.progress.heading')} aria-busy="true">
            <div className="bar" />
          </div>
          <p>{onCardKey ? t('token.progress.body') : t('enroll.progress.body')}</p>
        </Wizard>
      );
    case 5:
      return created ? (
        <Wizard
          {...common}
          heading={t('enroll.csr.heading')}
          onNext={issued ? complete : undefined}
          nextLabel={t('enroll.csr.complete')}
          onFinish={issued ? undefined : () => go({ name: 'certs' })}
          onCancel={() => go({ name: 'certs' })}
        >
          <CsrPage created={created} name={values.cn.trim() || values.email.trim()} issued={issued} onIssued={setIssued} />
          {created.token && issued && (
            <div className="panel" role="group" aria-labelledby="card-complete-h">
              <h3 id="card-complete-h">{t('token.complete.heading')}</h3>
              <p className="hint">{t('token.complete.hint')}</p>
              <CardPinField card={card} pin={pin} onPin={setPin} showProblems={false} />
              <div className="radio">
                <input type="checkbox" id="chain-to-card" checked={chainToToken} onChange={(e) => setChainToToken(e.target.checked)} />
                <label htmlFor="chain-to-card">{t('token.complete.chain')}</label>
              </div>
            </div>
          )}
        </Wizard>
      ) : null;
    default:
      return (
        <Wizard {...common} heading={t('complete.done.heading')} onFinish={() => go({ name: 'certs' })}>
          {installed && <CertDetails entry={installed} />}
        </Wizard>
      );
  }
}
