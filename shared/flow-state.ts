/**
 * What a guided flow may remember between sessions (issue 6: "the flow can be left and resumed
 * later where it stopped (state saved; secrets never)").
 *
 * A whitelist, not a filter: the schema is strict, so a field that is not named here (a PIN, a
 * password, the DCV validation code, a PFX) is refused by the contract before the core sees it,
 * and the core writes back only these fields. Shared by shared/ipc.ts (the contract),
 * electron/core/flow-state.ts (the file) and renderer/flows (the screens); no node: imports.
 */
import { z } from 'zod';

/** The guided flows on the start page, one per guide family (seeds README). */
export const FLOW_IDS = ['hkpost-server', 'esigntrust-email', 'certum-smime', 'generic'] as const;
export type FlowId = (typeof FLOW_IDS)[number];

/** Where the HK Post server certificate goes (guides 001 Exchange 2010, 002 IIS 5/6, 004 IIS 10). */
export const SERVER_TARGETS = ['iis10', 'iis56', 'exchange2010', 'apache-nginx', 'other'] as const;
export type ServerTarget = (typeof SERVER_TARGETS)[number];

export const DCV_METHODS = ['http', 'dns', 'email'] as const;
export type DcvMethod = (typeof DCV_METHODS)[number];

/** Certum guide 003 section 2: "CSR" or "Generating key pair on card". */
export const KEY_METHODS = ['csr', 'card'] as const;
export type KeyMethod = (typeof KEY_METHODS)[number];

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
