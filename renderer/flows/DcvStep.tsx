/**
 * Domain control validation (guide 004 section C step 4): from the Validation Code, exactly where
 * it must go for each domain — A "Website Change": the file fileauth.txt at
 * http(s)://DOMAIN/.well-known/pki-validation/; B "DNS Change": a TXT record; C "Constructed
 * E-mail": the designated addresses — then "Check now" (core: dcv:check, with deadlines, so an
 * offline server says so instead of hanging). The guide's limits are said up front: Website
 * Change is not for wildcard certificates, Constructed E-mail not for multi-domain ones.
 *
 * The code is typed here and sent to the core only to build the instructions and to compare; it
 * is not saved with the flow (shared/flow-state.ts has no field for it) nor put in the report.
 */
import { useState } from 'react';
import { useI18n } from '../i18n';
import { toErrorInfo } from '../bridge';
import { RadioGroup, TextArea, TextField } from '../wizard/fields';
import { ErrorAlert } from '../wizard/ErrorAlert';
import { dcvCheck, dcvInstructions } from './api';
import type { DcvCheckResult, DcvInstruction } from '../../shared/helpdesk';
import type { DcvMethod } from '../../shared/flow-state';
import type { ErrorInfo } from '../../shared/errors';
import type { CatalogueKey } from '../../shared/i18n';
import { FileInput } from '../wizard/FileInput';

export interface DcvStepProps {
  method: DcvMethod;
  domains: string[];
  onChange(v: { method: DcvMethod; domains: string[] }): void;
}

function Copyable({ label, value }: { label: string; value: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <code className="mono">{value}</code>{' '}
        <button
          type="button"
          className="small"
          aria-label={`${t('flows.copy')}: ${label}`}
          onClick={() => navigator.clipboard?.writeText(value).then(() => setCopied(true), () => setCopied(false))}
        >
          {copied ? t('flows.copied') : t('flows.copy')}
        </button>
      </dd>
    </>
  );
}

function CheckResult({ result }: { result: DcvCheckResult }) {
  const { t } = useI18n();
  return (
    <div className={`alert ${result.found ? 'info' : 'warning'}`} role="status">
      <p>
        <strong>{result.found ? t('dcv.found') : t('dcv.notFound')}</strong>
      </p>
      <ul className="checks">
        {result.checks.map((c) => (
          <li key={c.where}>
            <span className="mono">{c.where}</span>: {t(`dcv.status.${c.status}` as CatalogueKey)}
            {c.httpStatus !== undefined ? ` (HTTP ${c.httpStatus})` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Item({ item, method, code }: { item: DcvInstruction; method: DcvMethod; code: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<DcvCheckResult | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const check = async () => {
    if (method === 'email') return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await dcvCheck({ method, domain: item.domain, code }));
    } catch (e) {
      setError(toErrorInfo(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="card">
      <h4>
        {item.domain}
        {item.asciiDomain !== item.domain && <span className="muted"> ({item.asciiDomain})</span>}
      </h4>
      <dl className="details">
        {method === 'http' && (
          <>
            {item.fileName && <Copyable label={t('dcv.fileName')} value={item.fileName} />}
            {item.fileContent !== undefined && <Copyable label={t('dcv.fileContent')} value={item.fileContent} />}
            {(item.urls ?? []).map((u, i) => (
              <Copyable key={u} label={t('dcv.url', { n: i + 1 })} value={u} />
            ))}
          </>
        )}
        {method === 'dns' && (
          <>
            <dt>{t('dcv.recordType')}</dt>
            <dd className="mono">TXT</dd>
            {item.txtName && <Copyable label={t('dcv.txtName')} value={item.txtName} />}
            {item.txtValue !== undefined && <Copyable label={t('dcv.txtValue')} value={item.txtValue} />}
          </>
        )}
        {method === 'email' && (
          <>
            <dt>{t('dcv.addresses')}</dt>
            <dd>
              <ul className="plain">
                {(item.addresses ?? []).map((a) => (
                  <li key={a} className="mono">
                    {a}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      {method !== 'email' && (
        <div className="row">
          <button type="button" onClick={check} disabled={busy} aria-describedby={`dcv-check-hint`}>
            {busy ? t('dcv.checking') : t('dcv.checkNow', { domain: item.domain })}
          </button>
        </div>
      )}
      <ErrorAlert error={error} />
      {result && <CheckResult result={result} />}
    </li>
  );
}

export function DcvStep({ method, domains, onChange }: DcvStepProps) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [items, setItems] = useState<DcvInstruction[] | null>(null);
  const [shownFor, setShownFor] = useState<{ method: DcvMethod; code: string } | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  // The text as typed (blank lines while typing); the flow keeps only the non-empty domains.
  const [text, setText] = useState(domains.join('\n'));
  const wildcard = domains.some((d) => d.startsWith('*.'));

  const show = async () => {
    setError(null);
    setItems(null);
    const list = domains.map((d) => d.trim()).filter(Boolean);
    if (list.length === 0 || (method !== 'email' && code.trim() === '')) {
      setError({ code: 'INVALID_INPUT', message: '', params: { field: list.length === 0 ? 'domains' : 'code' } });
      return;
    }
    setBusy(true);
    try {
      const r = await dcvInstructions({ method, domains: list, code: code.trim() });
      setItems(r.items);
      setShownFor({ method, code: code.trim() });
    } catch (e) {
      setError(toErrorInfo(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="dcv">
      <RadioGroup<DcvMethod>
        legend={t('dcv.method')}
        name="dcv-method"
        value={method}
        onChange={(m) => {
          setItems(null);
          onChange({ method: m, domains });
        }}
        choices={[
          { value: 'http', label: t('dcv.method.http'), description: t('dcv.method.http.desc') },
          { value: 'dns', label: t('dcv.method.dns'), description: t('dcv.method.dns.desc') },
          { value: 'email', label: t('dcv.method.email'), description: t('dcv.method.email.desc') },
        ]}
      />
      {method === 'http' && wildcard && (
        <div className="alert warning">
          <p>{t('dcv.http.noWildcard')}</p>
        </div>
      )}
      {method === 'email' && domains.length > 1 && (
        <div className="alert warning">
          <p>{t('dcv.email.noMulti')}</p>
        </div>
      )}
      <TextArea
        label={t('dcv.domains')}
        hint={t('dcv.domains.hint')}
        rows={Math.min(6, Math.max(2, domains.length + 1))}
        value={text}
        onChange={(v) => {
          setText(v);
          onChange({ method, domains: v.split(/\r?\n/).map((d) => d.trim()).filter(Boolean).slice(0, 100) });
        }}
      />
      {method !== 'email' && (
        <>
          <TextField label={t('dcv.code')} value={code} onChange={setCode} hint={t('dcv.code.hint')} maxLength={256} />
          <div className="field">
            <label htmlFor="dcv-file">{t('dcv.file')}</label>
            {/* Read here, in the page: the file's content only fills the field above (guide 004 C 4 A "download the Validation File"). */}
            <FileInput
              id="dcv-file"
              accept=".txt,text/plain"
              onChange={async (e) => {
                const f = e.target.files?.[0];
                if (!f || f.size > 4096) return;
                setCode((await f.text()).trim());
              }}
            />
          </div>
        </>
      )}
      <div className="row">
        <button type="button" onClick={show} disabled={busy}>
          {t('dcv.show')}
        </button>
      </div>
      <ErrorAlert error={error} />
      {items && shownFor && (
        <>
          <h3>{t(`dcv.where.${shownFor.method}` as CatalogueKey)}</h3>
          <p className="hint" id="dcv-check-hint">
            {t('dcv.check.hint')}
          </p>
          <ul className="cards">
            {items.map((it) => (
              <Item key={it.domain} item={it} method={shownFor.method} code={shownFor.code} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
