/**
 * The application menu: the platform's standard items, nothing that navigates.
 *
 * Edit roles matter here (pasting a CSR or a certificate into a field uses them on macOS, where
 * shortcuts only work through the menu). Developer tools appear only in development builds;
 * there is no "open URL" item. Help links go through the same allow-list as every other external
 * link (./security.ts). Returned as a plain template so a test can read it without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { isAllowedExternalUrl } from './security';

/** Electron's own template type (a type-only import: nothing of Electron is loaded here). */
export type MenuItemTemplate = MenuItemConstructorOptions;

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  devTools: boolean;
  openExternal: (url: string) => void;
}

/** Hongkong Post e-Cert's site (guides 001/002/004), the CA the practice flow mirrors. */
export const HELP_LINKS = [{ label: 'Hongkong Post e-Cert website', url: 'https://www.ecert.gov.hk/' }] as const;

/**
 * electronegativity: OPEN_EXTERNAL_JS_CHECK — `opts.openExternal` is app.ts's
 * openExternalIfAllowed (allow-listed https hosts only), and the URLs here are constants.
 */
export function buildMenuTemplate(opts: MenuOptions): MenuItemTemplate[] {
  const mac = opts.platform === 'darwin';
  const sep: MenuItemTemplate = { type: 'separator' };
  const template: MenuItemTemplate[] = [];
  if (mac) {
    template.push({
      label: opts.appName,
      submenu: [{ role: 'about' }, sep, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, sep, { role: 'quit' }],
    });
  }
  template.push({ label: 'File', submenu: [mac ? { role: 'close' } : { role: 'quit' }] });
  template.push({
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, sep, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  });
  const view: MenuItemTemplate[] = [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, sep, { role: 'togglefullscreen' }];
  if (opts.devTools) view.push(sep, { role: 'reload' }, { role: 'toggleDevTools' });
  template.push({ label: 'View', submenu: view });
  template.push({ role: 'windowMenu' });
  template.push({
    role: 'help',
    submenu: HELP_LINKS.filter((l) => isAllowedExternalUrl(l.url)).map((l) => ({
      label: l.label,
      click: () => opts.openExternal(l.url),
    })),
  });
  return template;
}
