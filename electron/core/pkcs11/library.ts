/**
 * One loaded, initialised PKCS#11 library per path, for the life of the process.
 *
 * Loading a library twice gives two pkcs11js instances over one dlopen handle: the second
 * C_Initialize fails and one C_Finalize pulls the rug from the other, so every caller goes
 * through this cache (issue 5: "one module instance per library"). C_Initialize asks for
 * CKF_OS_LOCKING_OK because pkcs11js runs the slow calls (key generation, signing) on libuv's
 * thread pool (PKCS#11 v2.40 §5.4: without it the library may assume a single thread).
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import * as graphene from 'graphene-pk11';
import * as pkcs11js from 'pkcs11js';
import { CertwizError } from '../../../shared/errors';
import { ckrName } from './errors';
import { stopLoginWorkers } from './login-worker';
import { defaultModule } from './modules';

export interface LoadedModule {
  /** The path as given (shown to users). */
  path: string;
  /** The resolved file (symlinks followed): the cache key, and what the login worker loads. */
  realPath: string;
  module: graphene.Module;
}

const loaded = new Map<string, LoadedModule>();

/** The path an operation uses: the given one, else CERTWIZ_PKCS11_MODULE, else the first found. */
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

/** Loads and initialises the library once; later calls return the same instance. */
export function loadModule(modulePath?: string): LoadedModule {
  const p = resolveModulePath(modulePath);
  const key = realpathSync(p);
  const hit = loaded.get(key);
  if (hit) return hit;

  let mod: graphene.Module;
  try {
    mod = graphene.Module.load(key, path.basename(p));
  } catch {
    throw new CertwizError('TOKEN_ERROR', 'This file is not a PKCS#11 library Certwiz can load.', { module: p });
  }
  try {
    try {
      mod.initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
    } catch (err) {
      // CKR_CANT_LOCK (0xA): the library is single-threaded; it still works when we never
      // overlap calls, which the async wrappers keep to one operation per session.
      if ((err as { code?: number }).code !== 0xa) throw err;
      mod.initialize();
    }
  } catch (err) {
    try {
      mod.close();
    } catch {
      /* the library is unusable anyway */
    }
    throw new CertwizError('TOKEN_ERROR', 'The PKCS#11 library failed to start.', {
      module: p,
      reason: ckrName(err) ? `CKR_${ckrName(err)}` : 'load',
    });
  }
  const entry = { path: p, realPath: key, module: mod };
  loaded.set(key, entry);
  return entry;
}

/** C_Finalize every loaded library (app shutdown, end of a test file). */
export function finalizeAll(): void {
  void stopLoginWorkers();
  for (const [key, { module }] of loaded) {
    try {
      module.finalize();
    } catch {
      /* already finalised or device gone */
    }
    try {
      module.close();
    } catch {
      /* nothing to release */
    }
    loaded.delete(key);
  }
}
