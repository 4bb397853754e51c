/**
 * On start, the desktop app says which certificates expire within 30 days (issue 6 "Expiry: ...
 * the Electron app notifies on start"), with a system notification; clicking it brings the
 * window forward (My certificates highlights the same ones).
 *
 * Electron is passed in (the Notification class), like everything in electron/main, so a test
 * drives it with a fake; nothing here imports 'electron'. Only names and counts go into the
 * notification: it may be shown on a lock screen.
 */
import type { CertwizApi } from '../../shared/ipc';
import { resolveLocale, translate } from '../../shared/i18n';

export const EXPIRY_NOTICE_DAYS = 30;
/** A notification body is a few lines at most on every OS. */
const MAX_NAMES = 3;

export interface NotificationLike {
  show(): void;
  on(event: 'click', listener: () => void): unknown;
}

export interface NotificationClass {
  new (options: { title: string; body: string; silent?: boolean }): NotificationLike;
  isSupported(): boolean;
}

/** Shows the notice when something expires soon; returns how many certificates it named. */
export async function notifyExpiring(
  api: Pick<CertwizApi, 'certs:list'>,
  Notification: NotificationClass | undefined,
  locale: string,
  onClick: () => void,
  days = EXPIRY_NOTICE_DAYS,
): Promise<number> {
  if (!Notification || !Notification.isSupported()) return 0;
  let names: string[];
  try {
    const entries = await api['certs:list']({ expiringDays: days });
    names = entries.filter((e) => e.status === 'installed').map((e) => e.subjectFields.cn || e.subjectFields.email || e.subjectDisplay);
  } catch {
    return 0; // a notice is a courtesy: My certificates shows the same when the store is readable
  }
  if (names.length === 0) return 0;
  const lang = resolveLocale(locale);
  const shown = names.slice(0, MAX_NAMES).join(', ') + (names.length > MAX_NAMES ? ' …' : '');
  const n = new Notification({
    title: translate(lang, 'notify.expiring.title'),
    body: translate(lang, 'notify.expiring.body', { count: names.length, days, names: shown }),
  });
  n.on('click', onClick);
  n.show();
  return names.length;
}
