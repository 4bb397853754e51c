/**
 * The certificate viewer (issue 6), laid out like Windows' certificate dialog so a helpdesk can
 * say "open the Details tab" (guide 000 "Download Certificate" steps 4–5 do exactly that):
 * General (purposes, issued to / by, validity, "You have a private key that corresponds to this
 * certificate"), Details (every field and extension, thumbprints, Copy to File), Certification
 * Path (the chain, root first). Data from certs:details, Copy to File through certs:export;
 * dates per locale.
 *
 * Tabs follow the WAI-ARIA tabs pattern: arrow keys move between tabs, Tab goes into the panel.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../i18n';
import { useApp } from '../app/context';
import { call, toErrorInfo } from '../bridge';
import { ErrorAlert, Status } from '../wizard/ErrorAlert';
import { groupHex } from '../certs/CertDetails';
import type { CertDetailsView } from '../../shared/cert-details';
import type { ErrorInfo } from '../../shared/errors';
import { hasKey, type CatalogueKey } from '../../shared/i18n';
import { domainToUnicode } from '../../shared/idn';
import { extensionText } from './ext-text';
import '../flows/flows.css';

const TABS = ['general', 'details', 'path'] as const;
type Tab = (typeof TABS)[number];

/** A name as people read it: U-labels, with the encoded form after it when they differ (guide 004 B 4). */
function readable(name: string): string {
  if (!/xn--/i.test(name)) return name;
  const u = domainToUnicode(name);
  return u === name ? name : `${u} (${name})`;
}

/** "CN=x, O=y" -> "x": the name Windows shows in the path tree. */
function cnOf(dn: string): string {
  return /(?:^|,\s*)CN=([^,]+)/.exec(dn)?.[1] ?? dn;
}

export function CertViewer({ id }: { id: string }) {
  const { t, date } = useI18n();
  const { go } = useApp();
  const [view, setView] = useState<CertDetailsView | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [tab, setTab] = useState<Tab>('general');
  const [status, setStatus] = useState<string | null>(null);
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({ general: null, details: null, path: null });
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    call('certs:details', { id })
      .then(setView)
      .catch((e) => setError(toErrorInfo(e)));
    headingRef.current?.focus();
  }, [id]);

  const onTabKey = (e: KeyboardEvent) => {
    const i = TABS.indexOf(tab);
    const next = e.key === 'ArrowRight' ? TABS[(i + 1) % TABS.length] : e.key === 'ArrowLeft' ? TABS[(i + TABS.length - 1) % TABS.length] : e.key === 'Home' ? TABS[0] : e.key === 'End' ? TABS[TABS.length - 1] : null;
    if (!next) return;
    e.preventDefault();
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  const copyToFile = async (format: 'pem' | 'der') => {
    setError(null);
    setStatus(null);
    try {
      // The Export Wizard's "No, do not export the private key" channel (issue 3): the certificate alone.
      const r = await call('certs:export', { id, format: format === 'pem' ? 'base64' : 'der', includeChain: false });
      setStatus('path' in r ? t('viewer.saved', { path: r.path }) : t('viewer.cancelled'));
    } catch (e) {
      setError(toErrorInfo(e));
    }
  };

  const c = view?.certificate;
  const purpose = (p: string) => (hasKey('en', `viewer.eku.${p}`) ? t(`viewer.eku.${p}` as CatalogueKey) : p);
  const extName = (n: string) => (hasKey('en', `viewer.ext.${n}`) ? t(`viewer.ext.${n}` as CatalogueKey) : n);
  const title = c ? (/xn--/i.test(c.issuedTo) ? domainToUnicode(c.issuedTo) : c.issuedTo) : t('viewer.title');

  return (
    <section className="viewer" aria-labelledby="viewer-h">
      <div className="certs-head">
        <h2 id="viewer-h" ref={headingRef} tabIndex={-1}>
          {t('viewer.heading', { name: title })}
        </h2>
        <button type="button" onClick={() => go({ name: 'certs' })}>
          {t('viewer.close')}
        </button>
      </div>
      <ErrorAlert error={error} />
      {view && (
        <>
          <div role="tablist" aria-label={t('viewer.title')} className="tabs">
            {TABS.map((k) => (
              <button
                key={k}
                type="button"
                role="tab"
                id={`tab-${k}`}
                aria-selected={tab === k}
                aria-controls={`panel-${k}`}
                tabIndex={tab === k ? 0 : -1}
                ref={(el) => {
                  tabRefs.current[k] = el;
                }}
                onClick={() => setTab(k)}
                onKeyDown={onTabKey}
              >
                {t(`viewer.tab.${k}` as CatalogueKey)}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tabpanel" tabIndex={0}>
            {tab === 'general' && (
              <>
                <h3>{t('viewer.info')}</h3>
                {!c && <p>{t('viewer.pending')}</p>}
                {c && (
                  <>
                    <p>{t('viewer.purposes')}</p>
                    <ul>
                      {c.purposes.length === 0 ? <li>{t('viewer.eku.all')}</li> : c.purposes.map((p) => <li key={p}>{purpose(p)}</li>)}
                    </ul>
                    <dl className="details">
                      <dt>{t('viewer.issuedTo')}</dt>
                      <dd>{readable(c.issuedTo)}</dd>
                      <dt>{t('viewer.issuedBy')}</dt>
                      <dd>{c.issuedBy}</dd>
                      <dt>{t('viewer.valid')}</dt>
                      <dd>
                        {t('viewer.validRange', { from: date(c.notBefore), to: date(c.notAfter) })}
                      </dd>
                    </dl>
                  </>
                )}
                {view.hasPrivateKey && (
                  <p className="key-note">
                    {view.keyLocation === 'token' ? t('viewer.hasKeyToken') : t('viewer.hasKey')}
                  </p>
                )}
              </>
            )}
            {tab === 'details' && c && (
              <>
                <table className="fields">
                  <caption className="sr-only">{t('viewer.tab.details')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('viewer.field')}</th>
                      <th scope="col">{t('viewer.value')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <tr><th scope="row">{t('viewer.f.version')}</th><td>V{c.version}</td></tr>
                    <tr><th scope="row">{t('viewer.f.serial')}</th><td className="mono">{groupHex(c.serialNumber)}</td></tr>
                    <tr><th scope="row">{t('viewer.f.sigAlg')}</th><td>{c.signatureAlgorithm}</td></tr>
                    <tr><th scope="row">{t('viewer.f.issuer')}</th><td>{c.issuer}</td></tr>
                    <tr><th scope="row">{t('viewer.f.notBefore')}</th><td><time dateTime={c.notBefore}>{date(c.notBefore, true)}</time></td></tr>
                    <tr><th scope="row">{t('viewer.f.notAfter')}</th><td><time dateTime={c.notAfter}>{date(c.notAfter, true)}</time></td></tr>
                    <tr><th scope="row">{t('viewer.f.subject')}</th><td>{c.subject}</td></tr>
                    <tr><th scope="row">{t('viewer.f.publicKey')}</th><td>{c.publicKey}</td></tr>
                    {c.extensions.map((x, i) => (
                      <tr key={`${x.oid}-${i}`}>
                        <th scope="row">
                          {extName(x.name)}
                          {x.critical && <span className="badge crit">{t('viewer.critical')}</span>}
                        </th>
                        <td className={/^[0-9a-f]+$/.test(x.value) ? 'mono' : ''}>
                          {x.name === 'subjectAltName' ? x.value.split(', ').map((v) => v.replace(/^(DNS: )(.*)$/, (_m, p: string, d: string) => p + readable(d))).join(', ') : extensionText(x.name, x.value, t)}
                        </td>
                      </tr>
                    ))}
                    <tr><th scope="row">{t('viewer.f.sha1')}</th><td className="mono">{groupHex(c.sha1)}</td></tr>
                    <tr><th scope="row">{t('viewer.f.sha256')}</th><td className="mono">{groupHex(c.sha256)}</td></tr>
                  </tbody>
                </table>
                <div className="row">
                  <button type="button" onClick={() => copyToFile('pem')}>
                    {t('viewer.copyPem')}
                  </button>
                  <button type="button" onClick={() => copyToFile('der')}>
                    {t('viewer.copyDer')}
                  </button>
                </div>
                <Status text={status} />
              </>
            )}
            {tab === 'details' && !c && <p>{t('viewer.pending')}</p>}
            {tab === 'path' && (
              <>
                <h3>{t('viewer.path')}</h3>
                {c ? (
                  <ol className="chain">
                    {[...view.chain].reverse().map((x) => (
                      <li key={x.sha256}>
                        {cnOf(x.subject)}
                        {x.selfSigned && <span className="muted"> ({t('viewer.root')})</span>}
                      </li>
                    ))}
                    <li className="leaf">
                      <strong>{readable(c.issuedTo)}</strong>
                    </li>
                  </ol>
                ) : (
                  <p>{t('viewer.pending')}</p>
                )}
                <p className="muted">{view.chain.length > 0 ? t('viewer.pathStored', { count: view.chain.length }) : t('viewer.pathNone')}</p>
                {c && (
                  <div className="row">
                    {/* The chain as the stores see it, with trust and revocation (issue 4's Certification path page). */}
                    <button type="button" onClick={() => go({ name: 'chain', id })}>
                      {t('viewer.checkChain')}
                    </button>
                  </div>
                )}
              </>
            )}
          </div>
        </>
      )}
    </section>
  );
}
