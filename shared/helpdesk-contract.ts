/**
 * Request schemas of the helpdesk channels (issue 6), spread into `contract` in ./ipc.ts; the
 * response types are in ./helpdesk.ts.
 *
 * - `report:get` {flow?, step?, locale?} -> {text}: the renderer says where the user is and which UI
 *   language they chose (a BCP 47 tag, so the helpdesk knows which words the user sees); nothing
 *   else crosses (the report is built in main from public facts).
 * - `dcv:instructions` {method, domains (<= 100), code (<= 512; may be empty for e-mail)}.
 * - `dcv:check` {method: http|dns, domain, code}: the code is public once published, but it is
 *   still never logged or echoed in an error.
 */
import { z } from 'zod';
import { DCV_METHODS } from './helpdesk';

const domain = z.string().max(1024);
const code = z.string().max(512);

export const helpdeskContract = {
  'report:get': z
    .object({
      flow: z.string().max(64).optional(),
      step: z.string().max(64).optional(),
      locale: z.string().regex(/^[A-Za-z0-9-]{1,35}$/).optional(),
    })
    .strict(),
  'dcv:instructions': z.object({ method: z.enum(DCV_METHODS), domains: z.array(domain).max(100), code }).strict(),
  'dcv:check': z.object({ method: z.enum(['http', 'dns']), domain, code }).strict(),
} as const;
