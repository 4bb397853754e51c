/**
 * The single entry point for every request from a renderer, whichever shell carried it.
 *
 * Electron's ipcMain wrapper and the browser shell's HTTP bridge both call `dispatch`, so the
 * same checks run everywhere: the channel must be in the contract, the sender must be trusted
 * (VS Code's ValidatedIpcMain idea: our own origin, main frame only), and the payload must parse
 * with the contract's schema before the core sees it. Failures come back as an envelope with a
 * stable code, never as a thrown object (which Electron would serialise with its stack).
 */
import { CertwizError, toCertwizError } from '../../shared/errors';
import { contract, isChannel, type CertwizApi, type Envelope } from '../../shared/ipc';
import { errorLog } from '../core/error-log';

export interface SenderInfo {
  /** The URL or origin of the frame that sent the request. */
  origin: string;
  /** False for iframes: only the top frame may call main. */
  isMainFrame: boolean;
}

export type SenderCheck = (sender: SenderInfo) => boolean;

export interface Dispatcher {
  (channel: unknown, payload: unknown, sender: SenderInfo): Promise<Envelope<unknown>>;
}

/** Logged per request: channel and outcome code only; payloads may hold passwords. */
export type DispatchLog = (entry: { channel: string; ok: boolean; code?: string }) => void;

export function createDispatcher(api: CertwizApi, isTrusted: SenderCheck, log?: DispatchLog): Dispatcher {
  return async (channel, payload, sender) => {
    const name = typeof channel === 'string' ? channel.slice(0, 64) : String(typeof channel);
    try {
      if (!sender.isMainFrame || !isTrusted(sender)) {
        throw new CertwizError('IPC_FORBIDDEN', 'This request did not come from Certwiz’s own window.');
      }
      if (!isChannel(channel)) {
        throw new CertwizError('IPC_UNKNOWN_CHANNEL', 'Unknown request.', { channel: name });
      }
      const parsed = contract[channel].safeParse(payload ?? {});
      if (!parsed.success) {
        const field = parsed.error.issues[0]?.path.join('.') || '(request)';
        throw new CertwizError('IPC_INVALID_PAYLOAD', 'The request was not in the expected form.', { field });
      }
      const handler = api[channel] as (req: unknown) => Promise<unknown>;
      const value = await handler(parsed.data);
      log?.({ channel: name, ok: true });
      return { ok: true, value };
    } catch (err) {
      const e = toCertwizError(err);
      log?.({ channel: name, ok: false, code: e.code });
      // For the helpdesk report (issue 6): channel and code only, never the payload; a name
      // that is not a channel is the caller's text, so it is not kept either.
      errorLog.record(isChannel(channel) ? name : 'unknown-channel', e.code);
      return { ok: false, error: e.toInfo() };
    }
  };
}
