/**
 * Runs `token list` (and a PIN check the way `csr --token` will) through the CLI's own context
 * and error reporting, without the command registry: what `certwiz token ...` does once the
 * group is registered in electron/cli/specs.ts and commands/index.ts.
 */
import { parseArgs } from 'node:util';
import { createContext, reportError } from '../../electron/cli/context';
import { GLOBAL_OPTIONS, type Invocation } from '../../electron/cli/spec';
import { specs, TOKEN_OPTIONS } from '../../electron/cli/commands/token.spec';
import { readTokenPin, tokenList } from '../../electron/cli/commands/token';
import { openUserSession } from '../../electron/core/pkcs11/session';
import { finalizeAll } from '../../electron/core/pkcs11/library';

const [mode, ...rest] = process.argv.slice(2);
const options = Object.fromEntries(
  Object.entries({ ...TOKEN_OPTIONS, token: { type: 'string' as const }, ...GLOBAL_OPTIONS }).map(([n, o]) => [n, { type: o.type }]),
);
const parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
const inv: Invocation = { spec: specs[0], values: parsed.values as Invocation['values'], positionals: [], json: Boolean(parsed.values.json) };
const ctx = createContext(inv);

async function main(): Promise<void> {
  if (mode === 'list') return tokenList(ctx);
  const token = String(parsed.values.token);
  const pin = await readTokenPin(ctx, token);
  (await openUserSession({ module: ctx.opt('module'), token, pin })).close();
  ctx.say('PIN accepted');
}

main().then(
  () => {
    finalizeAll();
    process.exitCode = 0;
  },
  (err) => {
    finalizeAll();
    process.exitCode = reportError(err, inv.json);
  },
);
