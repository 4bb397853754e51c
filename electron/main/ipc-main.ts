/**
 * The only module that touches `ipcMain`: one `handle` per contract channel, each through the
 * shared dispatcher with the sender check in front.
 *
 * GitHub Desktop wraps raw ipcMain in exactly one module; VS Code's ValidatedIpcMain accepts a
 * message only from its own origin and the main frame. Here the frame that sent the request
 * must be the top frame of a window, not detached, with a URL on app://certwiz — an iframe, a
 * file:// page or any other origin gets IPC_FORBIDDEN before its payload is even parsed. Main
 * passes `electron.ipcMain` in; nothing else in the app imports or calls it.
 */
import { CHANNEL_NAMES } from '../../shared/channels';
import type { Dispatcher, SenderInfo } from '../ipc/dispatch';

/** The parts of an IpcMainInvokeEvent the sender check reads. */
export interface InvokeEventLike {
  senderFrame: { url: string; parent: unknown | null; detached?: boolean } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: any, ...args: any[]) => Promise<unknown> | unknown): void;
  removeHandler(channel: string): void;
}

/** What the dispatcher's sender check sees: the sending frame's URL and whether it is a top frame. */
export function senderInfoOf(event: InvokeEventLike): SenderInfo {
  const frame = event?.senderFrame;
  if (!frame || frame.detached === true) return { origin: '', isMainFrame: false };
  return { origin: typeof frame.url === 'string' ? frame.url : '', isMainFrame: frame.parent === null };
}

/**
 * Registers every channel; returns a function that removes them again (used on quit and in
 * tests). Only the first argument after the event is the payload; extra arguments are ignored.
 */
export function registerIpcHandlers(ipcMain: IpcMainLike, dispatch: Dispatcher): () => void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, (event: InvokeEventLike, payload: unknown) => dispatch(channel, payload, senderInfoOf(event)));
  }
  return () => {
    for (const channel of CHANNEL_NAMES) ipcMain.removeHandler(channel);
  };
}
