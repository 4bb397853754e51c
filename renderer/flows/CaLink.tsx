/**
 * "Open the CA's page": an ordinary link that opens in the default browser. In Electron the
 * window-open handler sends it to shell.openExternal only when the host is on EXTERNAL_HOSTS
 * (electron/main/security.ts, https only); in the browser shell it is a new tab, rel=noopener
 * so the CA's page cannot reach back into Certwiz.
 */
import { useI18n } from '../i18n';

export function CaLink({ url }: { url: string }) {
  const { t } = useI18n();
  const host = new URL(url).hostname;
  return (
    <p className="ca-link">
      <a href={url} target="_blank" rel="noopener noreferrer" className="button-link">
        {t('flows.openCa', { host })}
      </a>{' '}
      <span className="muted">{t('flows.openCa.hint')}</span>
    </p>
  );
}
