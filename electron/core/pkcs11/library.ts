/**
 * One loaded, initialised PKCS#11 library per path, for the life of the process.
 *
 * Loading a library twice gives two pkcs11js instances over one dlopen handle: the second
 * C_Initialize fails and one C_Finalize pulls the rug from the other, so every caller goes
 * through this cache (issue 5: "one module instance per library"). C_Initialize asks for
 * CKF_OS_LOCKING_OK because pkcs11js runs the slow calls (key generation, signing) on libuv's
 * thread pool (PKCS#11 v2.40 §5.4: without it the library may assume a single thread).
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import * as graphene from 'graphene-pk11';
import * as pkcs11js from 'pkcs11js';
import { CertwizError } from '../../../shared/errors';
import { ckrName } from './errors';
import { stopLoginWorkers } from './login-worker';
import { resolveModulePath } from './modules';
import { hungTokenLibraries, stopTokenWorkers } from './offthread';

export { resolveModulePath };

export interface LoadedModule {
  /** The path as given (shown to users). */
  path: string;
  /** The resolved file (symlinks followed): the cache key, and what the login worker loads. */
  realPath: string;
  module: graphene.Module;
}

const loaded = new Map<string, LoadedModule>();

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
      const code = (err as { code?: number }).code;
      // CKR_CRYPTOKI_ALREADY_INITIALIZED (0x191): another thread of this process (the token
      // worker, offthread.ts, or main) initialised the same library first; dlopen gave us the
      // same instance, which is ready (PKCS#11 v2.40 §5.4).
      if (code === 0x191) {
        /* ready */
      } else if (code !== 0xa) {
        throw err;
      } else {
        // CKR_CANT_LOCK (0xA): the library is single-threaded; it still works when we never
        // overlap calls, which the async wrappers keep to one operation per session.
        try {
          mod.initialize();
        } catch (err2) {
          if ((err2 as { code?: number }).code !== 0x191) throw err2;
        }
      }
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
  // A library with a thread stuck inside one of its calls is left alone: C_Finalize would wait on
  // the same lock (freezing this thread) or pull the library from under the call.
  const hung = hungTokenLibraries();
  void stopTokenWorkers();
  for (const [key, { module }] of loaded) {
    if (hung.has(key)) {
      loaded.delete(key);
      continue;
    }
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
