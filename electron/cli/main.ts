/**
 * The CLI's commands, loaded lazily by entry.ts once the arguments parsed (dist/cli-core.js).
 */
import { HANDLERS } from './commands/index';
import { createContext, reportError } from './context';
import type { Invocation } from './spec';
import { recordCliError } from '../core/error-log';

export async function run(inv: Invocation): Promise<number> {
  const key = [inv.spec.group, inv.spec.name].filter(Boolean).join(' ');
  const load = HANDLERS[key];
  const ctx = createContext(inv);
  try {
    if (!load) throw new Error(`no handler for ${key}`);
    const handler = await load();
    await handler(ctx);
    return 0;
  } catch (err) {
    // The helpdesk report lists the last error codes (issue 6); each CLI run is its own process.
    await recordCliError(key, err);
    // A handler that already emitted its JSON (with an `error` member) keeps stdout to one object.
    return reportError(err, inv.json && !ctx.emitted);
  }
}
