/**
 * How the renderer reaches the core: `window.certwiz` in Electron (the preload's typed
 * functions), else the browser shell's loopback API with the per-run token from the URL fragment.
 *
 * Both return the same Envelope; `call` turns a failure into a thrown ApiError so a wizard page
 * can show `code` and the translated message. The token is read once and the fragment cleared, so
 * it does not linger in the address bar or the history shown to a screen-sharing helpdesk.
 */
import type { Channel, Envelope, Request, Response } from '../shared/ipc';
import type { CertwizBridge } from '../shared/channels';
import type { ErrorInfo } from '../shared/errors';

declare global {
  interface Window {
    certwiz?: CertwizBridge;
  }
}

export class ApiError extends Error {
  readonly info: ErrorInfo;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.info = info;
  }
}

const TOKEN_KEY = 'certwiz.token';

function readToken(): string {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (m) {
    // Per tab only: survives a reload of this tab, gone when it closes.
    sessionStorage.setItem(TOKEN_KEY, m[1]);
    history.replaceState(null, '', location.pathname + location.search);
    return m[1];
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

let token: string | undefined;

async function viaHttp<C extends Channel>(channel: C, req: Request<C>): Promise<Envelope<Response<C>>> {
  token ??= readToken();
  try {
    const res = await fetch(`/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Certwiz-Token': token },
      body: JSON.stringify(req ?? {}),
      cache: 'no-store',
      credentials: 'omit',
    });
    const env = (await res.json()) as Envelope<Response<C>>;
    if (!env.ok && res.status === 403 && token === '') env.error.params = { ...(env.error.params ?? {}), noToken: 1 };
    return env;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'unreachable', params: { unreachable: 1 } } };
  }
}

export async function call<C extends Channel>(channel: C, req: Request<C>): Promise<Response<C>> {
  const bridge = typeof window !== 'undefined' ? window.certwiz : undefined;
  const env = bridge
    ? ((await (bridge[channel] as (r: Request<C>) => Promise<Envelope<Response<C>>>)(req)) as Envelope<Response<C>>)
    : await viaHttp(channel, req);
  if (!env.ok) throw new ApiError(env.error);
  return env.value;
}

/** Any thrown value as ErrorInfo, for the alert. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof ApiError) return err.info;
  return { code: 'INTERNAL', message: 'Something went wrong inside Certwiz.' };
}

/** Reads a File as base64 for request:complete (the bytes are parsed in main, never here). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function textToBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}
