/**
 * Shapes of the issue 6 helpdesk channels (report:get, dcv:instructions, dcv:check), without zod
 * so the renderer can import them freely. The schemas are in ./ipc.ts.
 *
 * Domain control validation follows guide 004 section C step 4 (Hongkong Post e-Cert (Server)):
 * A "Website Change" (fileauth.txt under /.well-known/pki-validation/), B "DNS Change" (a TXT
 * record holding the Validation Code), C "Constructed E-mail" (one of the designated addresses).
 */

export const DCV_METHODS = ['http', 'dns', 'email'] as const;
export type DcvMethod = (typeof DCV_METHODS)[number];

/** The name of the validation file, as the CA's page offers it for download (guide 004 C 4 A). */
export const DCV_FILE_NAME = 'fileauth.txt';

export interface DcvInstruction {
  /** The domain as typed (may hold U-labels or a wildcard). */
  domain: string;
  /** The same in A-labels (what the CA and DNS see). */
  asciiDomain: string;
  /** http: both URLs the CA may fetch, http first. */
  urls?: string[];
  fileName?: typeof DCV_FILE_NAME;
  /** http: the exact file content (the code, as given). */
  fileContent?: string;
  /** dns: the owner name of the TXT record (A-labels; a wildcard's base name). */
  txtName?: string;
  /** dns: the TXT value (the code). */
  txtValue?: string;
  /** email: the designated addresses (CA/B Forum BR 3.2.2.4.4). */
  addresses?: string[];
}

export type DcvCheckStatus = 'match' | 'mismatch' | 'notFound' | 'unreachable' | 'timeout';

export interface DcvCheck {
  /** The URL fetched, or the DNS name queried. */
  where: string;
  status: DcvCheckStatus;
  /** HTTP status of the last response, when there was one. */
  httpStatus?: number;
}

export interface DcvCheckResult {
  /** At least one place holds the code (the CA accepts "either of the following URLs"). */
  found: boolean;
  checks: DcvCheck[];
}
