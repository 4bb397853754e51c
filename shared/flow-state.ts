/**
 * What a guided flow may remember between sessions (issue 6: "the flow can be left and resumed
 * later where it stopped (state saved; secrets never)").
 *
 * A whitelist, not a filter: the schema is strict, so a field that is not named here (a PIN, a
 * password, the DCV validation code, a PFX) is refused by the contract before the core sees it,
 * and the core writes back only these fields. Shared by shared/ipc.ts (the contract),
 * electron/core/flow-state.ts (the file); the renderer imports types only (names in ./flow-ids.ts).
 */
import { z } from 'zod';
import { DCV_METHODS, FLOW_IDS, KEY_METHODS, SERVER_TARGETS, type FlowId } from './flow-ids';

export { DCV_METHODS, FLOW_IDS, KEY_METHODS, SERVER_TARGETS };
export type { DcvMethod, FlowId, KeyMethod, ServerTarget } from './flow-ids';

const stepId = z.string().regex(/^[a-z0-9-]{1,40}$/);
const entryId = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/);
/** A domain as typed (U-labels allowed); no spaces or control characters. */
const domain = z.string().min(1).max(253).regex(/^[^\s\u0000-\u001f\u007f]+$/u);

export const flowStateSchema = z
  .object({
    /** The step the user was on. */
    step: stepId,
    /** Steps already done, in order. */
    done: z.array(stepId).max(40).default([]),
    target: z.enum(SERVER_TARGETS).optional(),
    keyMethod: z.enum(KEY_METHODS).optional(),
    dcvMethod: z.enum(DCV_METHODS).optional(),
    /** Domains to validate (public facts: they are in the CSR). */
    domains: z.array(domain).max(100).optional(),
    /** The key store entry this flow made or works on (pending request or installed certificate). */
    entryId: entryId.optional(),
    renewal: z.boolean().optional(),
  })
  .strict();

export type FlowState = z.output<typeof flowStateSchema>;
export type FlowStateInput = z.input<typeof flowStateSchema>;

export interface SavedFlow {
  flowId: FlowId;
  state: FlowState;
  savedAt: string;
}
