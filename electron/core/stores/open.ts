/**
 * Turns a store SPEC into the store object (issue 4 CLI contract), so the CLI, IPC handlers and
 * tests open stores the same way. The app store is the key store of electron/core/keystore.ts
 * and is not opened here.
 */
import { homedir } from 'node:os';
import { CertwizError } from '../../../shared/errors';
import { MacKeychainStore } from './macos';
import { NssStore } from './nss';
import { findFirefoxProfiles, parseStoreSpec, type StoreSpec } from './spec';
import type { CertStore } from './types';
import { WindowsStore, type Runner } from './windows';

export interface OpenOptions {
  home?: string;
  platform?: NodeJS.Platform;
  /** NSS DB password (locked DB). */
  password?: string;
  /** For tests: the tool runner of the Windows/macOS stores. */
  runner?: Runner;
}

export async function openStore(spec: string | StoreSpec | undefined, options: OpenOptions = {}): Promise<CertStore> {
  const home = options.home ?? homedir();
  const platform = options.platform ?? process.platform;
  const s = typeof spec === 'object' ? spec : parseStoreSpec(spec, home, platform);
  switch (s.kind) {
    case 'nss':
      return new NssStore(s.dir, { password: options.password });
    case 'firefox': {
      const profiles = await findFirefoxProfiles(home);
      if (profiles.length === 0) {
        throw new CertwizError('STORE_NOT_FOUND', 'No Firefox profile was found (looked in ~/.mozilla/firefox and the snap path). Start Firefox once, then try again.', {
          store: 'firefox',
        });
      }
      // mkcert installs into every profile; one store object per call keeps all-or-nothing
      // simple, so the first profile is used and the others are named for the caller.
      return new NssStore(profiles[0], { password: options.password, label: `the Firefox profile at ${profiles[0]}` });
    }
    case 'windows':
      return new WindowsStore(s.location, options.runner);
    case 'macos':
      return new MacKeychainStore(s.keychain, home, options.runner);
    case 'app':
      throw new CertwizError('WRONG_STORE', 'The app store holds your own keys and requests; use "certwiz list" and "certwiz complete" for it.', {
        store: 'app',
      });
  }
}
