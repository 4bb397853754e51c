/**
 * Store specifications as the CLI takes them (issue 4 "CLI contract"), and where NSS DBs live.
 *
 * SPEC: `app`, `nss` (= `~/.pki/nssdb`), `nss:DIR`, `firefox`, `windows:CurrentUser`,
 * `windows:LocalMachine`, `macos:login`, `macos:system`; default: the OS's user store.
 * Firefox profiles are found the way mkcert finds them (mkcert truststore_nss.go): every
 * directory directly under `~/.mozilla/firefox/` and the snap path
 * `~/snap/firefox/common/.mozilla/firefox/` that holds a `cert9.db`.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { CertwizError } from '../../../shared/errors';

export type StoreSpec =
  | { kind: 'app' }
  | { kind: 'nss'; dir: string; firefox?: boolean }
  | { kind: 'firefox' }
  | { kind: 'windows'; location: 'CurrentUser' | 'LocalMachine' }
  | { kind: 'macos'; keychain: 'login' | 'system' };

/** The shared DB Chromium and many desktop apps use. */
export function defaultNssDir(home: string): string {
  return join(home, '.pki', 'nssdb');
}

export function defaultSpec(platform: NodeJS.Platform = process.platform): StoreSpec {
  if (platform === 'win32') return { kind: 'windows', location: 'CurrentUser' };
  if (platform === 'darwin') return { kind: 'macos', keychain: 'login' };
  return { kind: 'nss', dir: '' }; // '' = defaultNssDir(home), resolved by the caller
}

export function parseStoreSpec(spec: string | undefined, home: string, platform: NodeJS.Platform = process.platform): StoreSpec {
  if (spec === undefined || spec === '') {
    const d = defaultSpec(platform);
    return d.kind === 'nss' ? { kind: 'nss', dir: defaultNssDir(home) } : d;
  }
  const lower = spec.toLowerCase();
  if (lower === 'app') return { kind: 'app' };
  if (lower === 'nss') return { kind: 'nss', dir: defaultNssDir(home) };
  if (lower.startsWith('nss:')) {
    let dir = spec.slice(4).replace(/^sql:/, '');
    if (dir === '') throw badSpec(spec);
    if (dir === '~' || dir.startsWith('~/')) dir = join(home, dir.slice(1));
    return { kind: 'nss', dir };
  }
  if (lower === 'firefox') return { kind: 'firefox' };
  if (lower === 'windows:currentuser') return { kind: 'windows', location: 'CurrentUser' };
  if (lower === 'windows:localmachine') return { kind: 'windows', location: 'LocalMachine' };
  if (lower === 'macos:login') return { kind: 'macos', keychain: 'login' };
  if (lower === 'macos:system') return { kind: 'macos', keychain: 'system' };
  throw badSpec(spec);
}

function badSpec(spec: string): CertwizError {
  return new CertwizError(
    'USAGE',
    `Unknown store "${spec}". Use app, nss, nss:DIR, firefox, windows:CurrentUser, windows:LocalMachine, macos:login or macos:system.`,
    { store: spec },
  );
}

/** Firefox profile directories with an NSS DB (mkcert's search paths). */
export async function findFirefoxProfiles(home: string): Promise<string[]> {
  const roots = [join(home, '.mozilla', 'firefox'), join(home, 'snap', 'firefox', 'common', '.mozilla', 'firefox')];
  const found: string[] = [];
  for (const root of roots) {
    const names = await fs.readdir(root).catch(() => [] as string[]);
    for (const name of names.sort()) {
      const dir = join(root, name);
      if (await fs.access(join(dir, 'cert9.db')).then(() => true, () => false)) found.push(dir);
    }
  }
  return found;
}
