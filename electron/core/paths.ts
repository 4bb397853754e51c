/**
 * Where Certwiz keeps its data: the key store, pending requests and the practice CA.
 *
 * `$CERTWIZ_HOME` wins (tests, portable installs, helpdesk training laptops); otherwise the
 * platform's per-user data dir (ARCHITECTURE.md "Where things are kept": CLI and browser shell
 * use the XDG data dir, XDG Base Directory Specification 0.8). On macOS and Windows this is the
 * same folder as Electron's `userData` for an app named "Certwiz"; on Linux Electron uses
 * ~/.config/Certwiz instead. Inputs are parameters so the rules are testable on any OS.
 */
import { join, win32, posix, isAbsolute, resolve } from 'node:path';
import { homedir } from 'node:os';

export interface PathEnv {
  [name: string]: string | undefined;
}

export function defaultDataDir(
  env: PathEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const override = env.CERTWIZ_HOME?.trim();
  // Absolute, so a relative value means the same folder after a chdir.
  if (override) return resolve(override);
  if (platform === 'win32') {
    const appData = env.APPDATA?.trim() || win32.join(home, 'AppData', 'Roaming');
    return win32.join(appData, 'Certwiz');
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'Certwiz');
  // XDG: a relative $XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME?.trim();
  const base = xdg && isAbsolute(xdg) ? xdg : posix.join(home, '.local', 'share');
  return posix.join(base, 'certwiz');
}

/** Sub-directories of the data dir, named once. */
export function keysDir(dataDir: string): string {
  return join(dataDir, 'keys');
}

export function practiceCaDir(dataDir: string): string {
  return join(dataDir, 'practice-ca');
}

/**
 * Where the browser shell and the CLI put files when there is no native save dialog:
 * `$CERTWIZ_EXPORT_DIR`, else ~/Downloads.
 */
export function defaultExportDir(env: PathEnv = process.env, home: string = homedir()): string {
  const override = env.CERTWIZ_EXPORT_DIR?.trim();
  return override || join(home, 'Downloads');
}
