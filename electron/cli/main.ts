/**
 * The CLI's commands, loaded lazily by entry.ts once the arguments parsed (dist/cli-core.js).
 */
import { HANDLERS } from './commands/index';
import { createContext, reportError } from './context';
import type { Invocation } from './spec';

export async function run(inv: Invocation): Promise<number> {
  const key = [inv.spec.group, inv.spec.name].filter(Boolean).join(' ');
  const handler = HANDLERS[key];
  try {
    if (!handler) throw new Error(`no handler for ${key}`);
    await handler(createContext(inv));
    return 0;
  } catch (err) {
    return reportError(err, inv.json);
  }
}
