/**
 * What every page may need from the shell: app:info (shell kind, how Medium keys are protected
 * here, the data folder) and navigation between the start page, wizards and My certificates.
 */
import { createContext, useContext } from 'react';
import type { AppInfo } from '../../shared/ipc';
import type { FlowId } from '../../shared/flow-state';

export type View =
  | { name: 'home' }
  | { name: 'enroll'; renewOf?: string }
  | { name: 'complete' }
  | { name: 'level'; id?: string }
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
