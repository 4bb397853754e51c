/**
 * Every CLI command, as data (see ./spec.ts). Another command group registers its
 * `commands/<group>.spec.ts` here and its handlers in ./commands/index.ts.
 */
import type { CommandSpec } from './spec';
import { specs as profiles } from './commands/profiles.spec';
import { specs as enroll } from './commands/enroll.spec';
import { specs as key } from './commands/key.spec';
import { specs as pfx } from './commands/pfx.spec';
import { specs as store } from './commands/store.spec';
import { specs as helpdesk } from './commands/helpdesk.spec';
import { specs as token } from './commands/token.spec';

export const SPECS: CommandSpec[] = [...profiles, ...enroll, ...key, ...pfx, ...store, ...token, ...helpdesk];
