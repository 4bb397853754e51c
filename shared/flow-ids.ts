/**
 * The guided flows' names and choices, without zod, so the renderer can import them (the
 * renderer bundle holds no zod: test/web/renderer-bundle.test.ts). The schema that whitelists
 * what a flow may save is in ./flow-state.ts.
 */

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
