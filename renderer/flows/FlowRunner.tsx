/**
 * A guided flow (issue 6): the guide's steps in order, each showing its reference ("B 1–6",
 * "C 4") large enough to read aloud on a helpdesk call, the guide's words, and the step's work —
 * an existing wizard (enroll, complete, level) embedded as it is, or a flow page (target, submit,
 * DCV, backup). Progress is saved after every move (flow:save: a whitelist, never a secret) and
 * the flow opens where it stopped.
 *
 * Embedding: the wizards navigate with `go()` from AppContext. Inside a flow that `go` is
 * replaced: "My certificates" (their Finish) means the step's work is done, "Start page" (their
 * Cancel) returns to the flow, another wizard opens in place. The wizards need no change.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import { AppContext, useApp, type View } from '../app/context';
import { call, toErrorInfo } from '../bridge';
import { ErrorAlert } from '../wizard/ErrorAlert';
import { EnrollWizard } from '../enroll/EnrollWizard';
import { CompleteWizard } from '../complete/CompleteWizard';
import { LevelWizard } from '../level/LevelWizard';
import { ExportWizard } from '../pfx/ExportWizard';
import { ImportWizard } from '../pfx/ImportWizard';
import { InstallCaWizard } from '../stores/InstallCaWizard';
import { getFlow, refText, visibleSteps, type FlowStep, type FlowWizard } from './defs';
import { SubmitStep } from './SubmitStep';
import { DcvStep } from './DcvStep';
import { BackupStep, KeyMethodStep, RegistrationStep, RenewChoice, TargetStep } from './steps';
import { CaLink } from './CaLink';
import { setWhere } from '../help/where';
import type { FlowId, FlowState } from '../../shared/flow-state';
import type { ErrorInfo } from '../../shared/errors';
import { hasKey, type CatalogueKey } from '../../shared/i18n';
import './flows.css';

type Embedded = { name: 'enroll'; renewOf?: string } | { name: 'complete' } | { name: 'level'; id?: string } | { name: 'installCa' } | { name: 'pfxExport'; id?: string } | { name: 'pfxImport' };

/** Guide file per HK Post target (seeds README): 004 IIS 10, 002 IIS 5/6, 001 Exchange 2010. */
const GUIDE_OF_TARGET = { iis10: '004', iis56: '002', exchange2010: '001', 'apache-nginx': '004', other: '004' } as const;

function embedFor(wizard: FlowWizard, entryId?: string): Embedded {
  switch (wizard) {
    case 'level':
      return { name: 'level', id: entryId };
    case 'pfxExport':
      return { name: 'pfxExport', id: entryId };
    default:
      return { name: wizard };
  }
}

export function FlowRunner({ flowId }: { flowId: FlowId }) {
  const { t } = useI18n();
  const app = useApp();
  const flow = getFlow(flowId);
  const [state, setState] = useState<FlowState | null>(null);
  const [resumed, setResumed] = useState(false);
  const [embedded, setEmbedded] = useState<Embedded | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  /** The installed certificate a renewal starts from (kept in memory only). */
  const [renewOf, setRenewOf] = useState<string | undefined>(undefined);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const tk = (k: string, p?: Record<string, string | number>) => t(k as CatalogueKey, p);

  // Open where it stopped, or at the first step.
  useEffect(() => {
    call('flow:load', { flowId })
      .then((saved) => {
        setResumed(!!saved);
        setState(saved?.state ?? { step: flow.steps[0].id, done: [] });
      })
      .catch((e) => {
        setError(toErrorInfo(e));
        setState({ step: flow.steps[0].id, done: [] });
      });
  }, [flowId, flow]);

  const steps = useMemo(() => (state ? visibleSteps(flow, state) : flow.steps), [flow, state]);
  const index = Math.max(0, steps.findIndex((s) => s.id === state?.step));
  const step: FlowStep = steps[index];
  const ref = refText(step.ref, tk);
  const guide = flow.id === 'hkpost-server' ? GUIDE_OF_TARGET[state?.target ?? 'iis10'] : flow.guide;

  useEffect(() => {
    setWhere({ flow: flowId, step: ref ? `${step.id} (${ref})` : step.id });
  }, [flowId, step.id, ref]);
  useEffect(() => () => setWhere({}), []);
  // Focus the step's heading (its one instruction), also once the saved state has loaded: the
  // first render has no heading yet, so focus stayed on the page body.
  const loaded = state !== null;
  useEffect(() => {
    if (!embedded) headingRef.current?.focus();
  }, [step.id, embedded, loaded]);

  // Saves run one after another (the last state always lands last); typing is saved after a pause.
  const saving = useRef<Promise<unknown>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pending = useRef<(() => void) | undefined>(undefined);
  const persist = useCallback(
    (next: FlowState, opts: { debounce?: boolean } = {}) => {
      setState(next);
      clearTimeout(timer.current);
      const save = () => {
        pending.current = undefined;
        saving.current = saving.current.then(() => call('flow:save', { flowId, state: next }).catch((e) => setError(toErrorInfo(e))));
      };
      if (opts.debounce) {
        pending.current = save;
        timer.current = setTimeout(save, 400);
      } else save();
    },
    [flowId],
  );
  // Leaving the flow mid-typing still saves what was typed.
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      pending.current?.();
    },
    [],
  );

  const update = (patch: Partial<FlowState>, opts?: { debounce?: boolean }) => state && persist({ ...state, ...patch }, opts);

  const moveTo = (i: number, markDone: boolean) => {
    if (!state) return;
    const target = steps[Math.min(Math.max(i, 0), steps.length - 1)];
    const done = markDone && !state.done.includes(step.id) ? [...state.done, step.id] : state.done;
    // "Welcome back: you stopped at …" is about the step the flow reopened on; once the user
    // moves on it named the wrong step (the one just clicked).
    setResumed(false);
    setEmbedded(null);
    persist({ ...state, step: target.id, done });
  };

  /** After the embedded enroll wizard: remember the entry it made and its names for the DCV step. */
  const wizardDone = async () => {
    if (!state) return;
    let patch: Partial<FlowState> = {};
    if (step.kind === 'wizard' && step.wizard === 'enroll') {
      try {
        const list = await call('certs:list', {});
        const newest = [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
        if (newest) {
          const names = [newest.subjectFields.cn, ...newest.sansDisplay.map((s) => s.replace(/^DNS:/, ''))].filter((n) => n && !n.includes('@'));
          patch = { entryId: newest.id, domains: [...new Set(names)].slice(0, 100) };
        }
      } catch {
        /* the step is still done; the DCV step asks for the names */
      }
    }
    const done = state.done.includes(step.id) ? state.done : [...state.done, step.id];
    const nextStep = steps[Math.min(index + 1, steps.length - 1)];
    setEmbedded(null);
    persist({ ...state, ...patch, done, step: nextStep.id });
  };

  const embeddedGo = (v: View) => {
    if (v.name === 'certs') void wizardDone();
    else if (v.name === 'home') setEmbedded(null);
    else if (v.name === 'enroll') setEmbedded({ name: 'enroll' });
    else if (v.name === 'complete') setEmbedded({ name: 'complete' });
    else if (v.name === 'level') setEmbedded({ name: 'level', id: v.id });
    else if (v.name === 'pfxExport') setEmbedded({ name: 'pfxExport', id: v.id });
    else if (v.name === 'pfxImport') setEmbedded({ name: 'pfxImport' });
    else if (v.name === 'installCa') setEmbedded({ name: 'installCa' });
    else app.go(v);
  };

  const startOver = async () => {
    if (!window.confirm(t('flows.startOver.confirm'))) return;
    await call('flow:clear', { flowId }).catch(() => undefined);
    setResumed(false);
    setEmbedded(null);
    setState({ step: flow.steps[0].id, done: [] });
  };

  const finish = async () => {
    await call('flow:clear', { flowId }).catch(() => undefined);
    app.go({ name: 'certs' });
  };

  if (!state) return <p>{t('app.loading')}</p>;

  const title = tk(`flows.${flow.id}.title`);
  const stepTitle = tk(`flows.${flow.id}.${step.id}.title`);
  const banner = (
    <p className="guide-ref" aria-label={ref ? t('flows.ref.aria', { ref, title: stepTitle }) : undefined}>
      {ref && <span className="ref-badge">{ref}</span>}
      <span>{guide ? t('flows.guide', { guide }) : t('flows.noGuide')}</span>
    </p>
  );

  if (embedded) {
    return (
      <section className="flow embedded" aria-label={title}>
        <div className="flow-banner">
          <div>
            <p className="wizard-title">{title}</p>
            {banner}
          </div>
          <button type="button" onClick={() => setEmbedded(null)}>
            {t('flows.backToGuide')}
          </button>
        </div>
        <AppContext.Provider value={{ info: app.info, go: embeddedGo }}>
          {embedded.name === 'enroll' && <EnrollWizard renewOf={embedded.renewOf} profileId={step.kind === 'wizard' ? step.profileId : undefined} />}
          {embedded.name === 'complete' && <CompleteWizard />}
          {embedded.name === 'level' && <LevelWizard id={embedded.id ?? state.entryId} />}
          {embedded.name === 'installCa' && <InstallCaWizard />}
          {embedded.name === 'pfxExport' && <ExportWizard id={embedded.id ?? state.entryId} />}
          {embedded.name === 'pfxImport' && <ImportWizard />}
        </AppContext.Provider>
      </section>
    );
  }

  const body = tk(`flows.${flow.id}.${step.id}.body`);
  // A target-specific note where the guides differ (IIS/Exchange: the machine's Personal store; Apache/nginx: PEM files).
  const noteKey = `flows.hkpost-server.${step.id}.${state.target}`;
  const targetNote = flow.id === 'hkpost-server' && state.target && hasKey('en', noteKey) ? tk(noteKey) : '';
  const isLast = index === steps.length - 1;
  const nextBlocked = step.kind === 'target' && !state.target;

  return (
    <section
      className="wizard flow"
      aria-labelledby="flow-title"
      onKeyDown={(e) => {
        // Esc leaves like "Save and leave", as Esc = Cancel in every wizard (STYLE.md item 9).
        if (e.key === 'Escape' && !e.defaultPrevented && !e.nativeEvent.isComposing) {
          e.preventDefault();
          app.go({ name: 'home' });
        }
      }}
    >
      <nav className="steps" aria-label={t('flows.stepsOf', { title })}>
        <p className="wizard-title" id="flow-title">
          {title}
        </p>
        <ol>
          {steps.map((s, i) => {
            const r = refText(s.ref, tk);
            const done = state.done.includes(s.id);
            return (
              <li key={s.id} className={i === index ? 'current' : done ? 'done' : ''} aria-current={i === index ? 'step' : undefined}>
                <span className="num" aria-hidden="true">
                  {done && i !== index ? '✓' : i + 1}
                </span>
                <button type="button" className={`link step-link${r ? '' : ' noref'}`} onClick={() => moveTo(i, false)}>
                  {r && <span className="ref">{r}</span>}
                  <span className="title">{tk(`flows.${flow.id}.${s.id}.title`)}</span>
                  {done && <span className="sr-only"> {t('wizard.done')}</span>}
                </button>
              </li>
            );
          })}
        </ol>
        <button type="button" className="link start-over" onClick={startOver}>
          {t('flows.startOver')}
        </button>
      </nav>
      {/* A form like every wizard page: Enter in a text field = Next (STYLE.md item 9). */}
      <form
        className="page"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (isLast) void finish();
          else if (!nextBlocked) moveTo(index + 1, true);
        }}
      >
        <div className="page-body">
          <p className="step-of">{t('wizard.stepOf', { n: index + 1, total: steps.length })}</p>
          {banner}
          <h2 ref={headingRef} tabIndex={-1}>
            {stepTitle}
          </h2>
          {resumed && index > 0 && state.done.length > 0 && (
            <p className="status" role="status">
              {t('flows.resumed', { ref: ref || stepTitle })}
            </p>
          )}
          <ErrorAlert error={error} />
          <div className="guide-text">
            {body.split('\n').map((para) => (
              <p key={para}>{para}</p>
            ))}
            {targetNote && <p className="alert info">{targetNote}</p>}
          </div>
          {step.kind === 'target' && <TargetStep value={state.target} renewal={state.renewal} onChange={(v) => update(v)} />}
          {step.kind === 'registration' && <RegistrationStep />}
          {step.kind === 'keyMethod' && <KeyMethodStep value={state.keyMethod} onChange={(v) => update({ keyMethod: v })} />}
          {step.kind === 'submit' && <SubmitStep serverName={state.domains?.[0] ?? ''} caUrl={flow.caUrl} />}
          {step.kind === 'dcv' && (
            <DcvStep method={state.dcvMethod ?? 'http'} domains={state.domains ?? []} onChange={(v) => update({ dcvMethod: v.method, domains: v.domains }, { debounce: v.method === state.dcvMethod })} />
          )}
          {step.kind === 'backup' && <BackupStep entryId={state.entryId} onExport={(id) => setEmbedded({ name: 'pfxExport', id })} />}
          {(step.kind === 'registration' || step.kind === 'keyMethod') && flow.caUrl && <CaLink url={flow.caUrl} />}
          {step.kind === 'wizard' && step.wizard === 'enroll' && state.renewal && <RenewChoice value={renewOf} onChange={setRenewOf} />}
          {step.kind === 'wizard' && (
            <div className="row">
              <button type="button" className="primary" onClick={() => setEmbedded(step.wizard === 'enroll' && state.renewal && renewOf ? { name: 'enroll', renewOf } : embedFor(step.wizard, state.entryId))}>
                {tk(`flows.open.${step.wizard}`)}
              </button>
              {state.done.includes(step.id) && <span className="muted">{t('flows.stepDone')}</span>}
            </div>
          )}
          {step.kind === 'info' && step.open && (
            <div className="row">
              <button type="button" onClick={() => app.go({ name: 'certs' })}>
                {t('home.certs')}
              </button>
            </div>
          )}
        </div>
        <div className="buttons">
          {/* Why Next is greyed out, said where the eye goes to find Next. */}
          {nextBlocked && (
            <span id="flow-next-blocked" className="hint next-blocked">
              {t('wizard.chooseFirst')}
            </span>
          )}
          <button type="button" onClick={() => moveTo(index - 1, false)} disabled={index === 0}>
            {t('wizard.back')}
          </button>
          <button type="button" onClick={() => app.go({ name: 'home' })}>
            {t('flows.saveLeave')}
          </button>
          {isLast ? (
            <button type="submit" className="primary">
              {t('wizard.finish')}
            </button>
          ) : (
            <button type="submit" className="primary" disabled={nextBlocked} aria-describedby={nextBlocked ? 'flow-next-blocked' : undefined}>
              {t('flows.next', { ref: refText(steps[index + 1].ref, tk) || String(index + 2) })}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
