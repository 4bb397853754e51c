/**
 * report:get, dcv:instructions, dcv:check (issue 6): the helpdesk report and the domain control
 * validation helper behind the IPC contract. service.ts composes this with one line.
 *
 * The DCV checks read their test hooks from the environment (dcv/index.ts dcvOptionsFromEnv), so
 * the browser shell's e2e tests can point them at local peers exactly like the CLI tests do.
 */
import type { AppInfo, CertwizApi } from '../../shared/ipc';
import { dcvCheck, dcvInstructions, dcvOptionsFromEnv, type DcvOptions } from './dcv';
import { errorLog as processErrorLog, readErrorFile, type ErrorLog } from './error-log';
import type { KeyStore } from './keystore';
import { buildReport } from './report';
import type { SourceOptions } from './report-sources';

export type HelpdeskApi = Pick<CertwizApi, 'report:get' | 'dcv:instructions' | 'dcv:check'>;

export interface HelpdeskDeps {
  keystore: KeyStore;
  dataDir: string;
  info: () => AppInfo | Promise<AppInfo>;
  /** Default: the process ring fed by electron/ipc/dispatch.ts. */
  errorLog?: ErrorLog;
  /** Default: from the environment. */
  dcv?: DcvOptions;
  /** The PKCS#11 libraries token:modules knows (found, configured, added by the user). */
  modules?: () => Promise<string[]>;
  /** Tests: stores and tokens to report instead of the OS's. */
  sources?: SourceOptions;
}

export function createHelpdeskService(deps: HelpdeskDeps): HelpdeskApi {
  const log = deps.errorLog ?? processErrorLog;
  return {
    async 'report:get'(req) {
      // The CLI records its failures in the data dir; the shells in memory. Both, by time.
      const errors = [...(await readErrorFile(deps.dataDir)), ...log.recent()].sort((a, b) => a.at.localeCompare(b.at)).slice(-20);
      const known = !deps.sources?.modules && deps.modules ? await deps.modules().catch(() => undefined) : undefined;
      const sources: SourceOptions = { ...deps.sources, ...(known ? { modules: () => known } : {}) };
      const text = await buildReport({ ...sources, info: await deps.info(), keystore: deps.keystore, flow: req.flow, step: req.step, language: req.locale, errors });
      return { text };
    },
    async 'dcv:instructions'(req) {
      return { items: dcvInstructions(req.method, req.domains, req.code) };
    },
    async 'dcv:check'(req) {
      return dcvCheck(req.method, req.domain, req.code, deps.dcv ?? dcvOptionsFromEnv());
    },
  };
}
