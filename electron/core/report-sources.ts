/**
 * What the helpdesk report looks at besides Certwiz's own key store: the OS certificate stores
 * and the PKCS#11 middleware and tokens (issue 6 "stores and tokens seen, middleware found").
 *
 * Read-only and bounded: every source gets a deadline and its failure becomes a line with the
 * stable code, so a locked NSS DB or a hanging card driver never stops the report. No PIN or
 * store password is asked for: what cannot be read without one is reported as such.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { toCertwizError } from '../../shared/errors';
import type { TokenInfo } from './pkcs11';
import { defaultNssDir, findFirefoxProfiles, type StoreSpec } from './stores/spec';
import type { CertStore, StoreCertificate } from './stores/types';

export const SOURCE_TIMEOUT_MS = 10_000;

export interface StoreSeen {
  spec: string;
  label: string;
  /** Present when the store could be read. */
  certificates?: StoreCertificate[];
  crlCount?: number;
  /** Stable code when it could not be read (STORE_LOCKED, STORE_TOOL_FAILED, TIMEOUT...). */
  error?: string;
}

export interface TokensSeen {
  module: string;
  tokens?: TokenInfo[];
  error?: string;
}

export interface SourceOptions {
  home?: string;
  platform?: NodeJS.Platform;
  timeoutMs?: number;
  /** Tests: the stores to look at instead of the OS defaults. */
  storeSpecs?: { spec: StoreSpec; name: string }[];
  openStore?: (spec: StoreSpec) => Promise<CertStore>;
  /** Tests: the middleware list and token lister instead of the real ones. */
  modules?: () => string[] | Promise<string[]>;
  listTokens?: (module: string) => TokenInfo[] | Promise<TokenInfo[]>;
}

export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_r, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

const codeOf = (err: unknown): string => ((err as { code?: unknown })?.code === 'TIMEOUT' ? 'TIMEOUT' : toCertwizError(err).code);

/** The user's stores this OS has: Windows CurrentUser, the macOS login keychain, NSS + Firefox. */
export async function defaultStoreSpecs(home: string, platform: NodeJS.Platform): Promise<{ spec: StoreSpec; name: string }[]> {
  if (platform === 'win32') return [{ spec: { kind: 'windows', location: 'CurrentUser' }, name: 'windows:CurrentUser' }];
  if (platform === 'darwin') return [{ spec: { kind: 'macos', keychain: 'login' }, name: 'macos:login' }];
  const out: { spec: StoreSpec; name: string }[] = [];
  const nss = defaultNssDir(home);
  if (existsSync(join(nss, 'cert9.db'))) out.push({ spec: { kind: 'nss', dir: nss }, name: 'nss' });
  for (const dir of await findFirefoxProfiles(home).catch(() => [])) out.push({ spec: { kind: 'nss', dir, firefox: true }, name: `firefox (${dir})` });
  return out;
}

export async function storesSeen(o: SourceOptions = {}): Promise<StoreSeen[]> {
  const home = o.home ?? homedir();
  const ms = o.timeoutMs ?? SOURCE_TIMEOUT_MS;
  const specs = o.storeSpecs ?? (await defaultStoreSpecs(home, o.platform ?? process.platform));
  const open = o.openStore ?? (async (spec: StoreSpec) => (await import('./stores/open')).openStore(spec, { home }));
  const out: StoreSeen[] = [];
  for (const { spec, name } of specs) {
    try {
      const store = await withTimeout(open(spec), ms);
      try {
        const certificates = await withTimeout(store.list(), ms);
        const crls = await withTimeout(store.listCrls(), ms).catch(() => undefined);
        out.push({ spec: name, label: store.label, certificates, crlCount: crls?.length });
      } catch (err) {
        out.push({ spec: name, label: store.label, error: codeOf(err) });
      }
    } catch (err) {
      out.push({ spec: name, label: name, error: codeOf(err) });
    }
  }
  return out;
}

export async function tokensSeen(o: SourceOptions = {}): Promise<TokensSeen[]> {
  const ms = o.timeoutMs ?? SOURCE_TIMEOUT_MS;
  let modules: string[];
  let list: (m: string) => TokenInfo[] | Promise<TokenInfo[]>;
  try {
    if (o.modules && o.listTokens) {
      modules = await o.modules();
      list = o.listTokens;
    } else {
      const p11 = await import('./pkcs11');
      modules = await (o.modules ?? (() => p11.findModules()))();
      // On the library's token worker: a hung driver times out instead of freezing the report.
      list = o.listTokens ?? ((m) => p11.listTokensAsync(m));
    }
  } catch (err) {
    return [{ module: '(PKCS#11 support)', error: codeOf(err) }];
  }
  const out: TokensSeen[] = [];
  for (const module of modules) {
    try {
      out.push({ module, tokens: await withTimeout(Promise.resolve().then(() => list(module)), ms) });
    } catch (err) {
      out.push({ module, error: codeOf(err) });
    }
  }
  return out;
}
