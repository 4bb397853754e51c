/**
 * What every page may need from the shell: app:info (shell kind, how Medium keys are protected
 * here, the data folder) and navigation between the start page, wizards and My certificates.
 */
import { createContext, useContext } from 'react';
import type { AppInfo } from '../../shared/ipc';
import type { StoreSpecName } from '../../shared/stores';
import type { FlowId } from '../../shared/flow-state';
import type { OpenedFile } from '../../shared/pfx-contract';

export type View =
  | { name: 'home' }
  | { name: 'enroll'; renewOf?: string }
  | { name: 'complete' }
  | { name: 'level'; id?: string }
  // Issue 3: Export PFX (backup) and Import PFX (restore) wizards.
  | { name: 'pfxExport'; id?: string }
  // `file`: a PFX already handed to main (Install CA certificates passes a dropped one on).
  | { name: 'pfxImport'; file?: OpenedFile }
  // Issue 4: Install CA certificates, the Certificate store page, a Certification path.
  | { name: 'installCa' }
  | { name: 'stores'; store?: StoreSpecName }
  | { name: 'chain'; id?: string; thumbprint?: string; store?: StoreSpecName }
  | { name: 'certs' }
  | { name: 'flow'; flowId: FlowId }
  | { name: 'viewer'; id: string };

export interface AppContextValue {
  info: AppInfo | null;
  go(view: View): void;
}

export const AppContext = createContext<AppContextValue>({ info: null, go: () => undefined });

export function useApp(): AppContextValue {
  return useContext(AppContext);
}
