/**
 * Handler registry: "group" or "group name" → a loader of the function doing the work. Another
 * group adds its lines here and its spec in ../specs.ts.
 *
 * Loaders, not imports: esbuild keeps each `import()` in the one cli-core.js bundle but runs a
 * module's top level only when it is loaded, so `certwiz list` does not initialise the PFX,
 * NSS or PKCS#11 code (whole-process time is what scripts feel; issue 2 bench).
 */
import type { CliContext } from '../context';

export type Handler = (ctx: CliContext) => Promise<void>;
type Loader = () => Promise<Handler>;

export const HANDLERS: Record<string, Loader> = {
  profiles: () => import('./profiles').then((m) => m.profiles),
  csr: () => import('./enroll').then((m) => m.csr),
  list: () => import('./enroll').then((m) => m.list),
  complete: () => import('./enroll').then((m) => m.complete),
  'practice-ca sign': () => import('./enroll').then((m) => m.practiceSign),
  'practice-ca info': () => import('./enroll').then((m) => m.practiceInfo),
  'key security-level': () => import('./key').then((m) => m.keySecurityLevel),
  'key backup': () => import('./key').then((m) => m.keyBackup),
  'pfx export': () => import('./pfx').then((m) => m.pfxExport),
  'pfx inspect': () => import('./pfx').then((m) => m.pfxInspect),
  'pfx import': () => import('./pfx').then((m) => m.pfxImport),
  'pem export': () => import('./pfx').then((m) => m.pemExport),
  'store list': () => import('./store').then((m) => m.storeList),
  'store import': () => import('./store').then((m) => m.storeImport),
  'store remove': () => import('./store').then((m) => m.storeRemove),
  'chain show': () => import('./store').then((m) => m.chainShow),
  report: () => import('./helpdesk').then((m) => m.report),
  'dcv check': () => import('./helpdesk').then((m) => m.dcvCheckCommand),
  'token list': () => import('./token').then((m) => m.tokenList),
};
