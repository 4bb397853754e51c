/**
 * The channel names of the IPC contract, without zod, and the bridge type the preload exposes.
 *
 * Electron's sandboxed preload can only `require('electron')`, so it is bundled on its own and
 * must not pull zod (or anything else) in: it needs the names and nothing more. The type-level
 * check below fails the build if this list and `contract` in ./ipc.ts ever disagree, and
 * test/electron/preload.test.ts checks the runtime arrays are equal.
 */
import type { Channel, Envelope, Request, Response } from './ipc';

export const CHANNEL_NAMES = [
  'app:info',
  'csr:create',
  'csr:save',
  'certs:list',
  'request:complete',
  'request:delete',
  'practiceCa:sign',
  'practiceCa:info',
  'key:backup',
  'key:setSecurityLevel',
  'pfx:inspect',
  'pfx:export',
  'pfx:import',
  'file:open',
  'file:upload',
  'certs:export',
  'pem:export',
  'token:list',
  'token:modules',
  'flow:save',
  'flow:load',
  'flow:clear',
  'flow:list',
  'certs:details',
  'stores:list',
  'stores:entries',
  'stores:analyse',
  'stores:install',
  'chain:show',
  'report:get',
  'dcv:instructions',
  'dcv:check',
] as const;

type Listed = (typeof CHANNEL_NAMES)[number];
/** Both must be `never`: a channel in the contract but not here, or here but not in the contract. */
type MissingHere = Exclude<Channel, Listed>;
type NotInContract = Exclude<Listed, Channel>;
const exhaustive: [MissingHere, NotInContract] extends [never, never] ? true : never = true;
void exhaustive;

/**
 * What `window.certwiz` is in Electron: one async function per channel, resolving to the
 * envelope main returned (never rejecting: a failure is `{ ok: false, error }`).
 */
export type CertwizBridge = {
  [C in Channel]: (req?: Request<C>) => Promise<Envelope<Response<C>>>;
};
