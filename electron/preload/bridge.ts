/**
 * Builds `window.certwiz`: one named async function per IPC channel, nothing else.
 *
 * Electron's guidance (context isolation, "do not expose ipcRenderer") and GitHub Desktop's
 * single IPC module: the page gets functions bound to fixed channel names, never a way to send
 * on an arbitrary channel or to listen. Each resolves to the envelope main returns; if the IPC
 * layer itself fails (main gone, handler missing) it still resolves, with an error envelope,
 * so the renderer has one code path. Kept free of 'electron' so it is testable in plain Node.
 */
import { CHANNEL_NAMES, type CertwizBridge } from '../../shared/channels';

export type Invoke = (channel: string, payload: unknown) => Promise<unknown>;

export function buildBridge(invoke: Invoke): CertwizBridge {
  const api: Record<string, (req?: unknown) => Promise<unknown>> = {};
  for (const channel of CHANNEL_NAMES) {
    api[channel] = async (req?: unknown) => {
      try {
        return await invoke(channel, req ?? {});
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: 'Certwiz could not reach its main process.' } };
      }
    };
  }
  return Object.freeze(api) as unknown as CertwizBridge;
}
