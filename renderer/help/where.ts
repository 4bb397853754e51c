/**
 * Where the user is, for "Get help" (issue 6 "Helpdesk": the report names the current flow and
 * step). A guided flow sets it as its step changes and clears it when left; the header's Get help
 * reads it. A tiny external store (useSyncExternalStore) so no page has to pass it down.
 */
import { useSyncExternalStore } from 'react';

export interface Where {
  flow?: string;
  /** The step id plus its guide reference, e.g. "c-dcv (C 4)". */
  step?: string;
}

let current: Where = {};
const listeners = new Set<() => void>();

export function setWhere(w: Where): void {
  if (w.flow === current.flow && w.step === current.step) return;
  current = { ...w };
  for (const l of listeners) l();
}

export function getWhere(): Where {
  return current;
}

export function useWhere(): Where {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => current,
  );
}
