/**
 * "Certification path" (issue 4): every path from a certificate to a root through the chosen
 * store (and the files the user adds: the CA's Sub CA, cross-certificate, root, ARL), best path
 * first; a cross-certificate gives a second path. Reached from My certificates (an entry), the
 * Certificate store page (a thumbprint) and the end of Install CA certificates.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import { useApp } from '../app/context';
import { call, fileToBase64, toErrorInfo } from '../bridge';
import { ErrorAlert } from '../wizard/ErrorAlert';
import type { ErrorInfo } from '../../shared/errors';
import type { ChainView, StoreSpecName } from '../../shared/stores';
import { ChainPathBox } from './ChainTree';
import { commonName, SPEC_KEYS } from './text';
import './stores.css';
import { FileInput } from '../wizard/FileInput';

export function ChainPage(props: { id?: string; thumbprint?: string; store?: StoreSpecName }) {
  const { t } = useI18n();
  const { go } = useApp();
  const [view, setView] = useState<ChainView | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const load = useCallback(
    async (extra: File[]) => {
      setError(null);
      setBusy(true);
      try {
        const encoded = await Promise.all(extra.map(async (f) => ({ fileName: f.name.slice(0, 512), dataBase64: await fileToBase64(f) })));
        setView(await call('chain:show', { id: props.id, thumbprint: props.thumbprint, store: props.store, files: encoded.length ? encoded : undefined }));
      } catch (e) {
        setError(toErrorInfo(e));
      } finally {
        setBusy(false);
      }
    },
    [props.id, props.thumbprint, props.store],
  );

  useEffect(() => {
    headingRef.current?.focus();
    void load([]);
  }, [load]);

  return (
    <section className="chain" aria-labelledby="chain-h" aria-busy={busy || undefined}>
      <div className="certs-head">
        <h2 id="chain-h" ref={headingRef} tabIndex={-1}>
          {view ? t('chain.headingOf', { name: commonName(view.target.subject) }) : t('chain.heading')}
        </h2>
        <button type="button" onClick={() => go(props.id ? { name: 'certs' } : { name: 'stores', store: props.store })}>
          {t('chain.back')}
        </button>
      </div>
      <ErrorAlert error={error} />
      {view && (
        <>
          <p className="muted">
            {t('chain.store', { store: t(SPEC_KEYS[view.spec]) })}
            {view.storeMissing ? ` ${t('chain.storeMissing')}` : ''}
          </p>
          <p role="status">{view.paths.some((p) => p.trusted) ? t('chain.summary.trusted') : t('chain.summary.notTrusted')}</p>
          {view.paths.map((p, i) => (
            <ChainPathBox key={i} path={p} index={i} count={view.paths.length} />
          ))}
        </>
      )}
      <div className="field">
        <label htmlFor="chain-files">{t('chain.addFiles')}</label>
        <FileInput
          id="chain-files"
          multiple
          accept=".cer,.crt,.pem,.der,.p7b,.p7c,.crl,.arl"
          onChange={(e) => {
            const next = [...files, ...Array.from(e.target.files ?? [])];
            setFiles(next);
            void load(next);
          }}
        />
        <span className="hint">{t('chain.addFiles.hint')}</span>
      </div>
    </section>
  );
}
