/**
 * Work limits for reading untrusted PFX files.
 *
 * Iteration counts come from the file, so a crafted file could ask for 2^31 rounds of the KDF and
 * hang the app. Each count is checked against `maxIterations` before its KDF starts, and all KDF
 * rounds of one read share a budget (a file may hold thousands of encrypted bags). Real files
 * stay far below: NSS pk12util and GnuTLS certtool write 600000 (interop-vectors README).
 */
import { CertwizError } from '../../../shared/errors';

export const MAX_PFX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_ITERATIONS = 10_000_000;

export class WorkBudget {
  private remaining: number;

  constructor(
    readonly maxIterations: number = DEFAULT_MAX_ITERATIONS,
    total: number = maxIterations * 4,
  ) {
    this.remaining = total;
  }

  /** Reserves `iterations` KDF rounds, or throws PFX_ITERATIONS_TOO_HIGH before any work. */
  spend(iterations: number): void {
    if (!Number.isFinite(iterations) || iterations > this.maxIterations) {
      throw new CertwizError(
        'PFX_ITERATIONS_TOO_HIGH',
        'This file asks for more password iterations than Certwiz allows; it was not opened.',
        { limit: this.maxIterations },
      );
    }
    if (iterations > this.remaining) {
      throw new CertwizError(
        'PFX_ITERATIONS_TOO_HIGH',
        'This file asks for more password work in total than Certwiz allows; it was not opened.',
        { limit: this.maxIterations },
      );
    }
    this.remaining -= iterations;
  }
}
