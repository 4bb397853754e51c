/**
 * "Certificate store" (issue 4): what a store holds, as certmgr lists it: each certificate with
 * where it sits (Personal / Intermediate / Trusted Root), its trust, whether the store has its
 * key, its expiry and SHA-1 thumbprint (the one Windows calls "Thumbprint"), and a button to its
 * certification path; then the revocation lists. The store is chosen among those this OS has.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import { useApp } from '../app/context';
import { call, toErrorInfo } from '../bridge';
import { ErrorAlert } from '../wizard/ErrorAlert';
import { Select, TextField } from '../wizard/fields';
import type { ErrorInfo } from '../../shared/errors';
import type { StoreInfo, StoreListing, StoreSpecName } from '../../shared/stores';
import { trustText, commonName, LOCATION_KEYS, pairs, SPEC_KEYS } from './text';
import './stores.css';

export function StorePage(props: { store?: StoreSpecName }) {
  const { t, date } = useI18n();
  const { go } = useApp();
  const [stores, setStores] = useState<StoreInfo[]>([]);
  const [spec, setSpec] = useState<StoreSpecName | undefined>(props.store);
  const [listing, setListing] = useState<StoreListing | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [storePassword, setStorePassword] = useState('');
  const locked = error?.code === 'STORE_LOCKED' || error?.code === 'STORE_PASSWORD_INCORRECT' || storePassword !== '';

  useEffect(() => {
    headingRef.current?.focus();
    call('stores:list', {})
      .then((s) => {
        setStores(s);
        setSpec((cur) => cur ?? (s.find((x) => x.isDefault) ?? s[0])?.spec);
      })
      .catch((e) => setError(toErrorInfo(e)));
  }, []);

  const load = useCallback(async (s: StoreSpecName, password?: string) => {
    setError(null);
    setListing(null);
    try {
      setListing(await call('stores:entries', { store: s, storePassword: password || undefined }));
    } catch (e) {
      setError(toErrorInfo(e));
    }
  }, []);

  useEffect(() => {
    if (spec) void load(spec);
  }, [spec, load]);

  const info = stores.find((s) => s.spec === spec);
  const sorted = listing ? [...listing.certificates].sort((a, b) => order(a.location) - order(b.location) || commonName(a.subject).localeCompare(commonName(b.subject))) : [];

  return (
    <section className="certs" aria-labelledby="store-h">
      <div className="certs-head">
        <h2 id="store-h" ref={headingRef} tabIndex={-1}>
          {t('stores.page.heading')}
        </h2>
        <button type="button" onClick={() => spec && load(spec, storePassword)}>
          {t('certs.refresh')}
        </button>
      </div>
      {stores.length > 0 && spec && (
        <Select<StoreSpecName>
          label={t('stores.picker.store')}
          value={spec}
          choices={stores.map((s) => ({ value: s.spec, label: t(SPEC_KEYS[s.spec]) }))}
          onChange={setSpec}
        />
      )}
      {info?.path && <p className="hint">{t('stores.picker.path', { path: info.path })}</p>}
      {info?.spec === 'nss' || info?.spec === 'firefox' ? <p className="muted">{t('stores.page.nssNote')}</p> : null}
      <ErrorAlert error={error} />
      {locked && <TextField label={t('stores.password')} type="password" value={storePassword} onChange={setStorePassword} autoComplete="off" hint={t('stores.password.hint')} />}
      {listing && listing.certificates.length === 0 && <p>{t('stores.page.empty')}</p>}
      {sorted.length > 0 && (
        <table className="store">
          <caption>{t('stores.page.caption', { count: sorted.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('stores.col.name')}</th>
              <th scope="col">{t('stores.col.location')}</th>
              <th scope="col">{t('stores.col.trust')}</th>
              <th scope="col">{t('stores.col.key')}</th>
              <th scope="col">{t('stores.col.validTo')}</th>
              <th scope="col">{t('certs.sha1')}</th>
              <th scope="col">
                <span className="sr-only">{t('stores.col.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((c) => {
              const name = commonName(c.subject);
              return (
                <tr key={c.sha256}>
                  <th scope="row" title={c.subject}>
                    {name}
                  </th>
                  <td>{t(LOCATION_KEYS[c.location])}</td>
                  <td title={c.trust}>{trustText(c.trust, t)}</td>
                  <td>{c.hasKey === null ? t('stores.key.unknown') : c.hasKey ? t('stores.key.yes') : t('stores.key.no')}</td>
                  <td>
                    <time dateTime={c.notAfter}>{date(c.notAfter)}</time>
                  </td>
                  <td className="mono">{pairs(c.sha1)}</td>
                  <td>
                    <button type="button" onClick={() => go({ name: 'chain', thumbprint: c.sha256, store: spec })} aria-label={t('stores.page.chainOf', { name })}>
                      {t('stores.page.chain')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {listing && listing.crls.length > 0 && (
        <>
          <h3>{t('stores.page.crls')}</h3>
          <ul>
            {listing.crls.map((c) => (
              <li key={c.issuer}>{commonName(c.issuer)}</li>
            ))}
          </ul>
        </>
      )}
      <p>
        <button type="button" onClick={() => go({ name: 'installCa' })}>
          {t('stores.page.install')}
        </button>
      </p>
    </section>
  );
}

function order(l: string): number {
  return l === 'personal' ? 0 : l === 'intermediate' ? 1 : 2;
}
