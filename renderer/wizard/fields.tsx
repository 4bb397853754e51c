/**
 * Form controls whose visible <label> is their accessible name (issue 2 "UI"), with a hint and
 * the field's problems linked through aria-describedby and aria-invalid.
 */
import { useId, type ReactNode } from 'react';

interface BaseProps {
  label: string;
  hint?: ReactNode;
  /** Translated problems with this field; shown only when present. */
  problems?: string[];
  required?: boolean;
  requiredText?: string;
}

function Described({ id, hint, problems }: { id: string; hint?: ReactNode; problems?: string[] }) {
  return (
    <>
      {hint && (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {problems && problems.length > 0 && (
        <ul className="problems" id={`${id}-problems`}>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </>
  );
}

function describedBy(id: string, hint: unknown, problems?: string[]): string | undefined {
  const ids = [hint ? `${id}-hint` : '', problems?.length ? `${id}-problems` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function TextField(
  props: BaseProps & {
    value: string;
    onChange(v: string): void;
    onBlur?(): void;
    type?: 'text' | 'password' | 'email';
    readOnly?: boolean;
    autoComplete?: string;
    maxLength?: number;
    lang?: string;
  },
) {
  const id = useId();
  const invalid = !!props.problems?.length;
  return (
    <div className={`field${invalid ? ' invalid' : ''}`}>
      <div className="label-row">
        <label htmlFor={id}>{props.label}</label>
        {props.required && (
          <span className="req" aria-hidden="true">
            *
          </span>
        )}
      </div>
      <input
        id={id}
        type={props.type ?? 'text'}
        value={props.value}
        readOnly={props.readOnly}
        aria-required={props.required || undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(id, props.hint, props.problems)}
        autoComplete={props.autoComplete ?? 'off'}
        spellCheck={false}
        maxLength={props.maxLength}
        onChange={(e) => props.onChange(e.target.value)}
        onBlur={props.onBlur}
      />
      <Described id={id} hint={props.hint} problems={props.problems} />
    </div>
  );
}

export function TextArea(
  props: BaseProps & { value: string; onChange?(v: string): void; onBlur?(): void; readOnly?: boolean; rows?: number; className?: string },
) {
  const id = useId();
  const invalid = !!props.problems?.length;
  return (
    <div className={`field${invalid ? ' invalid' : ''}`}>
      <div className="label-row">
        <label htmlFor={id}>{props.label}</label>
        {props.required && (
          <span className="req" aria-hidden="true">
            *
          </span>
        )}
      </div>
      <textarea
        id={id}
        className={props.className}
        value={props.value}
        readOnly={props.readOnly}
        rows={props.rows ?? 4}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(id, props.hint, props.problems)}
        spellCheck={false}
        onChange={(e) => props.onChange?.(e.target.value)}
        onBlur={props.onBlur}
      />
      <Described id={id} hint={props.hint} problems={props.problems} />
    </div>
  );
}

export interface Choice<V extends string> {
  value: V;
  label: string;
  description?: string;
}

/** A radio group in a fieldset whose legend names the choice. */
export function RadioGroup<V extends string>(props: {
  legend: string;
  name: string;
  value: V;
  choices: Choice<V>[];
  onChange(v: V): void;
  problems?: string[];
}) {
  const id = useId();
  return (
    <fieldset className="radios" aria-describedby={props.problems?.length ? `${id}-problems` : undefined}>
      <legend>{props.legend}</legend>
      {props.choices.map((c) => (
        <div className="radio" key={c.value}>
          <input
            type="radio"
            id={`${id}-${c.value}`}
            name={props.name}
            value={c.value}
            checked={props.value === c.value}
            onChange={() => props.onChange(c.value)}
            aria-describedby={c.description ? `${id}-${c.value}-desc` : undefined}
          />
          <label htmlFor={`${id}-${c.value}`}>{c.label}</label>
          {c.description && (
            <div className="hint" id={`${id}-${c.value}-desc`}>
              {c.description}
            </div>
          )}
        </div>
      ))}
      <Described id={id} problems={props.problems} />
    </fieldset>
  );
}

export function Select<V extends string>(props: { label: string; value: V; choices: Choice<V>[]; onChange(v: V): void }) {
  const id = useId();
  return (
    <div className="field inline">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value as V)}>
        {props.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}
