/**
 * Where PKCS#11 middleware usually lives on each OS (issue 5: "find middleware where it usually
 * lives ... and a setting for any other path").
 *
 * Paths come from the vendors' installers and distribution packages: OpenSC (`opensc-pkcs11`,
 * Debian multiarch, Fedora lib64, the macOS .pkg under /Library/OpenSC, the Windows MSI under
 * Program Files), SoftHSM2 (Debian /usr/lib/softhsm, the Windows installer's C:\SoftHSM2),
 * Yubico's `libykcs11` (yubico-piv-tool) and SafeNet Authentication Client's `eTPKCS11`.
 * `CERTWIZ_PKCS11_MODULE` (a path the user configured) always comes first.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { CertwizError } from '../../../shared/errors';

export type Platform = NodeJS.Platform | string;
export type Env = Record<string, string | undefined>;

const LINUX_DIRS = [
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
  '/usr/lib64',
  '/usr/lib',
  '/usr/local/lib',
];

function linuxCandidates(): string[] {
  const out: string[] = [];
  for (const d of LINUX_DIRS) {
    out.push(`${d}/opensc-pkcs11.so`, `${d}/pkcs11/opensc-pkcs11.so`);
  }
  for (const d of LINUX_DIRS) {
    out.push(`${d}/softhsm/libsofthsm2.so`, `${d}/pkcs11/libsofthsm2.so`);
  }
  for (const d of LINUX_DIRS) out.push(`${d}/libykcs11.so`, `${d}/libykcs11.so.2`);
  for (const d of LINUX_DIRS) out.push(`${d}/libeTPkcs11.so`);
  return out;
}

function darwinCandidates(): string[] {
  return [
    '/Library/OpenSC/lib/opensc-pkcs11.so',
    '/opt/homebrew/lib/opensc-pkcs11.so',
    '/usr/local/lib/opensc-pkcs11.so',
    '/opt/homebrew/lib/softhsm/libsofthsm2.so',
    '/usr/local/lib/softhsm/libsofthsm2.so',
    '/opt/homebrew/lib/libykcs11.dylib',
    '/usr/local/lib/libykcs11.dylib',
    '/usr/local/lib/libeTPkcs11.dylib',
    '/Library/Frameworks/eToken.framework/Versions/Current/libeToken.dylib',
  ];
}

function win32Candidates(env: Env): string[] {
  const j = path.win32.join;
  const pf = env.ProgramFiles ?? env.PROGRAMFILES ?? 'C:\\Program Files';
  const pf86 = env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)';
  const sys = j(env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows', 'System32');
  return [
    j(pf, 'OpenSC Project', 'OpenSC', 'pkcs11', 'opensc-pkcs11.dll'),
    j(sys, 'opensc-pkcs11.dll'),
    j('C:\\SoftHSM2', 'lib', 'softhsm2-x64.dll'),
    j(pf, 'SoftHSM2', 'lib', 'softhsm2-x64.dll'),
    j(pf, 'Yubico', 'Yubico PIV Tool', 'bin', 'libykcs11.dll'),
    j(pf86, 'Yubico', 'Yubico PIV Tool', 'bin', 'libykcs11.dll'),
    j(sys, 'eTPKCS11.dll'),
  ];
}

/** Every place a library may be, in preference order, whether or not it exists. */
export function moduleCandidates(platform: Platform, env: Env): string[] {
  if (platform === 'win32') return win32Candidates(env);
  if (platform === 'darwin') return darwinCandidates();
  return linuxCandidates();
}

/**
 * The PKCS#11 libraries present on this machine, configured one first, duplicates removed.
 *
 * `exists` is injectable so tests can describe another OS's file system.
 */
export function findModules(
  platform: Platform = process.platform,
  env: Env = process.env,
  exists: (p: string) => boolean = existsSync,
): string[] {
  const out: string[] = [];
  const configured = env.CERTWIZ_PKCS11_MODULE?.trim();
  if (configured) out.push(configured);
  for (const p of moduleCandidates(platform, env)) {
    if (!out.includes(p) && exists(p)) out.push(p);
  }
  return out;
}

/** The library used when the caller names none: the configured one, else the first found. */
export function defaultModule(platform: Platform = process.platform, env: Env = process.env): string | undefined {
  return findModules(platform, env)[0];
}

/**
 * The path an operation uses: the given one, else CERTWIZ_PKCS11_MODULE, else the first found.
 * Checked here (absolute, an existing file) before any thread dlopens it.
 */
export function resolveModulePath(modulePath?: string): string {
  const p = modulePath?.trim() || defaultModule();
  if (!p) {
    throw new CertwizError(
      'NOT_FOUND',
      'No smart-card middleware (PKCS#11 library) was found. Install the driver of your card or token, or choose its library file.',
    );
  }
  // A relative name would make dlopen search the library path and the working directory.
  if (!path.isAbsolute(p)) {
    throw new CertwizError('INVALID_INPUT', 'Give the full path of the PKCS#11 library.', { module: p });
  }
  if (!existsSync(p) || !statSync(p).isFile()) {
    throw new CertwizError('FILE_NOT_FOUND', 'The PKCS#11 library was not found at this path.', { module: p });
  }
  return p;
}
