/**
 * "On a smart card or token" in the enroll wizard's Key page (issue 5; Certum guide "Generating
 * key pair on the cryptographic card": reader name, card number, PIN of 4-32 characters, "may take
 * up to several minutes", "do not remove the card from the reader").
 *
 * The card list polls token:list while the page is open, so inserting or pulling a card shows up
 * by itself; the PIN-status line comes from the card's own flags (CKF_USER_PIN_COUNT_LOW /
 * FINAL_TRY / LOCKED), re-read on each poll, so after a wrong PIN it says what the card says.
 * The PIN lives only in the wizard's state until csr:create (or request:complete) sends it once.
 */
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import { call, toErrorInfo } from '../bridge';
import { RadioGroup, TextField } from '../wizard/fields';
import { ErrorAlert } from '../wizard/ErrorAlert';
import { pinLimits, type TokenInfo, type TokenList } from '../../shared/token';
import type { ErrorInfo } from '../../shared/errors';
import type { CatalogueKey } from '../../shared/i18n';

/** How often the card list is read again while the page is open. */
export const TOKEN_POLL_MS = 3000;

/** A problem with the PIN as typed, before anything is sent (saves a try on cards that lock). */
export function pinProblem(pin: string, card: TokenInfo | null): { key: CatalogueKey; params?: Record<string, number> } | null {
  if (!card) return { key: 'token.pin.chooseCard' };
  if (card.pinInfo.pinPad && pin === '') return null;
  if (pin === '') return { key: 'error.PIN_REQUIRED' };
  const { min, max } = pinLimits(card.pinInfo);
  const len = new TextEncoder().encode(pin).length;
  if (len < min || len > max) return { key: 'token.pin.length', params: { min, max } };
  return null;
}

function pinStatusKey(card: TokenInfo): CatalogueKey | null {
  const p = card.pinInfo;
  if (p.locked) return 'token.pin.status.locked';
  if (p.finalTry) return 'token.pin.status.final-try';
  if (p.countLow) return 'token.pin.status.count-low';
  return null;
}

/** The cards in the readers, read again every TOKEN_POLL_MS while mounted (and at once on refresh()). */
export function useTokenList(): { list: TokenList | null; error: ErrorInfo | null; refresh(): void } {
  const [list, setList] = useState<TokenList | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const busy = useRef(false);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    const poll = async () => {
      if (busy.current) return; // a slow card: never stack calls
      busy.current = true;
      try {
        const l = await call('token:list', {});
        if (alive) {
          setList(l);
          setError(null);
        }
      } catch (e) {
        if (alive) setError(toErrorInfo(e));
      } finally {
        busy.current = false;
      }
    };
    void poll();
    const timer = setInterval(poll, TOKEN_POLL_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [tick]);
  return { list, error, refresh: () => setTick((n) => n + 1) };
}

/**
 * The driver library in use, and a field to use another one (issue 5: "let the user add a library
 * path"); main checks it is a PKCS#11 library before saving it in the data dir.
 */
function ModuleChooser(props: { module: string | null; onAdded(): void }) {
  const { t } = useI18n();
  const [path, setPath] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [open, setOpen] = useState(props.module === null);
  const add = async () => {
    setError(null);
    try {
      await call('token:modules', { add: path.trim() });
      setPath('');
      setOpen(false);
      props.onAdded();
    } catch (e) {
      setError(toErrorInfo(e));
    }
  };
  return (
    <div className="token-module">
      {props.module && (
        <p className="hint">
          {t('token.module.using', { path: props.module })}{' '}
          {!open && (
            <button type="button" className="link" onClick={() => setOpen(true)}>
              {t('token.module.change')}
            </button>
          )}
        </p>
      )}
      {open && (
        <div className="row">
          <TextField label={t('token.module.label')} value={path} onChange={setPath} hint={t('token.module.hint')} />
          <button type="button" onClick={add} disabled={path.trim() === ''}>
            {t('token.module.add')}
          </button>
        </div>
      )}
      <ErrorAlert error={error} />
    </div>
  );
}

/** The PIN field with the card's own length limits and what the card says about tries left. */
export function CardPinField(props: { card: TokenInfo | null; pin: string; onPin(v: string): void; showProblems: boolean }) {
  const { t } = useI18n();
  const { card } = props;
  const { min, max } = pinLimits(card?.pinInfo);
  const problem = props.showProblems ? pinProblem(props.pin, card) : null;
  const status = card ? pinStatusKey(card) : null;
  return (
    <>
      {card?.pinInfo.pinPad && <p className="hint">{t('token.pin.pad')}</p>}
      <TextField
        label={t('token.pin.label')}
        type="password"
        autoComplete="off"
        value={props.pin}
        onChange={props.onPin}
        required={!card?.pinInfo.pinPad}
        maxLength={Math.max(max, 64)}
        hint={t('token.pin.hint', { min, max })}
        problems={problem ? [t(problem.key, problem.params)] : undefined}
      />
      {status && (
        <p className={`alert ${status === 'token.pin.status.locked' || status === 'token.pin.status.final-try' ? 'error' : 'warning'}`} role="status">
          {t(status)}
        </p>
      )}
    </>
  );
}

function describe(t: ReturnType<typeof useI18n>['t'], card: TokenInfo): string {
  const maker = [card.manufacturer, card.model].filter(Boolean).join(', ');
  const base = t('token.card.desc', { reader: card.slotDescription, serial: card.serial, maker });
  return card.freeSpace !== undefined ? `${base} · ${t('token.card.free', { kb: Math.floor(card.freeSpace / 1024) })}` : base;
}

/**
 * Card list + PIN. `onCard` gets the chosen card again after every poll (fresh PIN flags and key
 * types), or null when it was pulled.
 */
export function TokenKeyPanel(props: {
  card: TokenInfo | null;
  onCard(card: TokenInfo | null): void;
  pin: string;
  onPin(v: string): void;
  showProblems: boolean;
}) {
  const { t } = useI18n();
  const { list, error, refresh } = useTokenList();
  const cards = (list?.tokens ?? []).filter((c) => c.initialized);
  const selected = props.card?.serial ?? '';
  const { onCard } = props;

  // Keep the choice in step with the readers: refresh its facts, drop it when pulled, pick the
  // only card when there is exactly one.
  useEffect(() => {
    if (!list) return;
    const now = cards.find((c) => c.serial === selected) ?? (cards.length === 1 && !selected ? cards[0] : null);
    if (JSON.stringify(now) !== JSON.stringify(props.card)) onCard(now);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [list]);

  return (
    <div className="panel token-panel">
      <ErrorAlert error={error} />
      {list && list.module === null && <p className="alert warning">{t('token.cards.noModule')}</p>}
      {list && <ModuleChooser module={list.module} onAdded={refresh} />}
      {list && list.module !== null && cards.length === 0 && (
        <p className="alert info" role="status">
          {t('token.cards.none')}
        </p>
      )}
      {cards.length > 0 && (
        <RadioGroup<string>
          legend={t('token.cards.legend')}
          name="card"
          value={selected}
          onChange={(serial) => onCard(cards.find((c) => c.serial === serial) ?? null)}
          choices={cards.map((c) => ({ value: c.serial, label: c.label || c.serial, description: describe(t, c) }))}
          problems={props.showProblems && !props.card ? [t('token.pin.chooseCard')] : undefined}
        />
      )}
      <p className="hint">{t('token.cards.live')}</p>
      <CardPinField card={props.card} pin={props.pin} onPin={props.onPin} showProblems={props.showProblems && !!props.card} />
      <p className="alert warning">{t('token.keygen.warning')}</p>
    </div>
  );
}
