/**
 * The import wizard's "Certificate Store" page, as a component (issue 4 "Store selection"):
 * "Automatically select the certificate store based on the type of certificate", or "Place all
 * certificates in the following store" with Personal / Intermediate / Trusted Root; and, where the
 * OS has more than one, which store (the shared NSS DB or Firefox; Windows current user or local
 * computer; macOS login or System keychain). Used by Install CA certificates and offered to the
 * PFX import wizard: give it the `stores:list` answer and keep the value in the wizard's state.
 */
import { useId } from 'react';
import { useI18n } from '../i18n';
import { RadioGroup, Select } from '../wizard/fields';
import type { LogicalStore, StoreInfo, StoreSpecName } from '../../shared/stores';
import { LOCATION_KEYS, SPEC_KEYS } from './text';
import './stores.css';

export interface StoreChoice {
  store: StoreSpecName;
  /** Absent = automatic placement. */
  manual?: LogicalStore;
}

/** The OS's user store, or the first one listed. */
export function defaultChoice(stores: readonly StoreInfo[]): StoreChoice {
  return { store: (stores.find((s) => s.isDefault) ?? stores[0])?.spec ?? 'nss' };
}

export function StorePicker(props: {
  stores: readonly StoreInfo[];
  value: StoreChoice;
  onChange(v: StoreChoice): void;
  /** Logical stores offered for manual placement (a PFX may add Personal; CA files need not). */
  locations?: readonly LogicalStore[];
  /** Only the store, no Automatic / Manual choice (a PFX import is always placed automatically). */
  automaticOnly?: boolean;
}) {
  const { t } = useI18n();
  const hintId = useId();
  const { value, onChange, stores } = props;
  const locations = props.locations ?? (['personal', 'intermediate', 'root'] as const);
  const chosen = stores.find((s) => s.spec === value.store);
  return (
    <div>
      {stores.length > 1 && (
        <Select<StoreSpecName>
          label={t('stores.picker.store')}
          value={value.store}
          choices={stores.map((s) => ({ value: s.spec, label: t(SPEC_KEYS[s.spec]) + (s.exists ? '' : ` ${t('stores.picker.missing')}`) }))}
          onChange={(store) => onChange({ ...value, store })}
        />
      )}
      {stores.length === 1 && <p>{t('stores.picker.only', { store: t(SPEC_KEYS[stores[0].spec]) })}</p>}
      {chosen && (
        <p className="hint" id={hintId}>
          {chosen.path ? t('stores.picker.path', { path: chosen.path }) : t(SPEC_KEYS[chosen.spec])}
          {chosen.needsAdmin ? ` — ${t('stores.picker.admin')}` : ''}
          {!chosen.exists && chosen.spec === 'nss' ? ` — ${t('stores.picker.willCreate')}` : ''}
        </p>
      )}
      {!props.automaticOnly && (
        <RadioGroup<'auto' | 'manual'>
          legend={t('stores.picker.legend')}
          name="placement"
          value={value.manual ? 'manual' : 'auto'}
          choices={[
            { value: 'auto', label: t('stores.picker.auto'), description: t('stores.picker.auto.desc') },
            { value: 'manual', label: t('stores.picker.manual') },
          ]}
          onChange={(v) => onChange({ ...value, manual: v === 'manual' ? (value.manual ?? locations[0]) : undefined })}
        />
      )}
      {value.manual && !props.automaticOnly && (
        <Select<LogicalStore>
          label={t('stores.picker.location')}
          value={value.manual}
          choices={locations.map((l) => ({ value: l, label: t(LOCATION_KEYS[l]) }))}
          onChange={(manual) => onChange({ ...value, manual })}
        />
      )}
    </div>
  );
}
