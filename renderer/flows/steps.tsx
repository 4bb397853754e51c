/**
 * The small step bodies of the guided flows: the HK Post target, eSignTrust's registration data
 * (explained, never asked for), Certum's key generation method, and "back up the key" with the
 * entry the flow made. Larger ones: SubmitStep, DcvStep; existing wizards are embedded by FlowRunner.
 */
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { call, toErrorInfo } from '../bridge';
import { RadioGroup, Select } from '../wizard/fields';
import { ErrorAlert } from '../wizard/ErrorAlert';
import { BackupPanel } from '../certs/BackupPanel';
import { CertDetails, entryName } from '../certs/CertDetails';
import { SERVER_TARGETS, type KeyMethod, type ServerTarget } from '../../shared/flow-ids';
import type { StoreEntry } from '../../shared/ipc';
import type { ErrorInfo } from '../../shared/errors';
import type { CatalogueKey } from '../../shared/i18n';

export function TargetStep({ value, renewal, onChange }: { value?: ServerTarget; renewal?: boolean; onChange(v: { target?: ServerTarget; renewal?: boolean }): void }) {
  const { t } = useI18n();
  return (
    <>
      <RadioGroup<ServerTarget>
        legend={t('flows.target.legend')}
        name="target"
        value={value ?? ('' as ServerTarget)}
        onChange={(v) => onChange({ target: v, renewal })}
        choices={SERVER_TARGETS.map((v) => ({ value: v, label: t(`flows.target.${v}` as CatalogueKey), description: t(`flows.target.${v}.desc` as CatalogueKey) }))}
      />
      <RadioGroup<'new' | 'renew'>
        legend={t('flows.renewal.legend')}
        name="renewal"
        value={renewal ? 'renew' : 'new'}
        onChange={(v) => onChange({ target: value, renewal: v === 'renew' })}
        choices={[
          { value: 'new', label: t('flows.renewal.new') },
          { value: 'renew', label: t('flows.renewal.renew'), description: t('flows.renewal.renew.desc') },
        ]}
      />
    </>
  );
}

/** Guide 000 Registration 1–3: what the CA's enrolment page asks, said plainly; Certwiz asks for none of it. */
export function RegistrationStep() {
  const { t } = useI18n();
  const rows: CatalogueKey[] = ['flows.reg.name', 'flows.reg.email', 'flows.reg.passcode', 'flows.reg.passcodeId', 'flows.reg.country', 'flows.reg.challenge'];
  return (
    <>
      <div className="alert info">
        <p>{t('flows.reg.notStored')}</p>
      </div>
      <dl className="details">
        {rows.map((k) => (
          <div key={k} className="contents">
            <dt>{t(k)}</dt>
            <dd>{t(`${k}.desc` as CatalogueKey)}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

export function KeyMethodStep({ value, onChange }: { value?: KeyMethod; onChange(v: KeyMethod): void }) {
  const { t } = useI18n();
  return (
    <RadioGroup<KeyMethod>
      legend={t('flows.keyMethod.legend')}
      name="key-method"
      value={value ?? 'csr'}
      onChange={onChange}
      choices={[
        { value: 'csr', label: t('flows.keyMethod.csr'), description: t('flows.keyMethod.csr.desc') },
        { value: 'card', label: t('flows.keyMethod.card'), description: t('flows.keyMethod.card.desc') },
      ]}
    />
  );
}

/** The entries a step can act on, the flow's own first. */
export function useEntries(preferId?: string): { entries: StoreEntry[] | null; error: ErrorInfo | null } {
  const [entries, setEntries] = useState<StoreEntry[] | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  useEffect(() => {
    call('certs:list', {})
      .then((l) => setEntries([...l].sort((a, b) => (a.id === preferId ? -1 : b.id === preferId ? 1 : b.createdAt.localeCompare(a.createdAt)))))
      .catch((e) => setError(toErrorInfo(e)));
  }, [preferId]);
  return { entries, error };
}

/**
 * Guide 004 F / 000 "Download Certificate" / 003 PFX generator: back up the key of the flow's
 * entry. An installed certificate goes out as a PFX (the Export PFX wizard, issue 3); a pending
 * request's key (guide A: back up before submitting the CSR) as an encrypted PEM key file.
 */
export function BackupStep({ entryId, onExport }: { entryId?: string; onExport(id: string): void }) {
  const { t } = useI18n();
  const { entries, error } = useEntries(entryId);
  const [id, setId] = useState<string | undefined>(entryId);
  const chosen = entries?.find((e) => e.id === id) ?? entries?.[0];
  if (error) return <ErrorAlert error={error} />;
  if (!entries) return <p>{t('app.loading')}</p>;
  if (!chosen) return <p>{t('flows.backup.none')}</p>;
  return (
    <>
      {entries.length > 1 && (
        <Select label={t('flows.backup.which')} value={chosen.id} onChange={setId} choices={entries.map((e) => ({ value: e.id, label: `${entryName(e)} (${e.status === 'pending' ? t('certs.status.pending') : t('certs.status.installed')})` }))} />
      )}
      <CertDetails entry={chosen} />
      {chosen.status === 'installed' ? (
        <div className="row">
          <button type="button" className="primary" onClick={() => onExport(chosen.id)}>
            {t('flows.open.pfxExport')}
          </button>
        </div>
      ) : (
        <BackupPanel key={chosen.id} id={chosen.id} level={chosen.securityLevel} />
      )}
    </>
  );
}

/** Guide 004 B 3 note: a renewal is a new key and CSR; pre-filled from the certificate it renews. */
export function RenewChoice({ value, onChange }: { value?: string; onChange(id: string | undefined): void }) {
  const { t } = useI18n();
  const { entries } = useEntries();
  const installed = entries?.filter((e) => e.status === 'installed') ?? [];
  useEffect(() => {
    if (!value && installed[0]) onChange(installed[0].id);
  }, [value, installed, onChange]);
  if (installed.length === 0) return entries ? <p className="muted">{t('flows.renewal.none')}</p> : null;
  return <Select label={t('flows.renewal.which')} value={value ?? installed[0].id} onChange={onChange} choices={installed.map((e) => ({ value: e.id, label: entryName(e) }))} />;
}
