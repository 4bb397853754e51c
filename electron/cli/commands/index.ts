/**
 * Handler registry: "group" or "group name" → the function doing the work. Another group adds
 * its module here and its spec in ../specs.ts.
 */
import type { CliContext } from '../context';
import { profiles } from './profiles';
import { csr, list, complete, practiceSign, practiceInfo } from './enroll';
import { keySecurityLevel, keyBackup } from './key';
import { pfxExport, pfxInspect, pfxImport, pemExport } from './pfx';
import { storeList, storeImport, storeRemove, chainShow } from './store';

export type Handler = (ctx: CliContext) => Promise<void>;

export const HANDLERS: Record<string, Handler> = {
  profiles,
  csr,
  list,
  complete,
  'practice-ca sign': practiceSign,
  'practice-ca info': practiceInfo,
  'key security-level': keySecurityLevel,
  'key backup': keyBackup,
  'pfx export': pfxExport,
  'pfx inspect': pfxInspect,
  'pfx import': pfxImport,
  'pem export': pemExport,
  'store list': storeList,
  'store import': storeImport,
  'store remove': storeRemove,
  'chain show': chainShow,
};
