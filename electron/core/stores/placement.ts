/**
 * Automatic store selection, as the Windows import wizard's "Certificate Store" page does it.
 *
 * Issue 4 "Store selection": the end-entity certificate with its key → Personal; CA
 * certificates → Intermediate; a self-signed root → Trusted Root only after an explicit
 * confirmation showing its subject and SHA-256 fingerprint (a root is trust for every site).
 * Manual: "Place all certificates in the following store", refused (WRONG_STORE) where it would
 * be wrong: a non-CA certificate in a CA store, a non-self-signed certificate as a trust anchor.
 */
import { CertwizError } from '../../../shared/errors';
import { commonName, type ClassifiedCert } from './classify';
import type { LogicalStore } from './types';

export interface Placement {
  cert: ClassifiedCert;
  location: LogicalStore;
}

/** What the confirmation dialog (and `ROOT_NEEDS_CONFIRMATION`) shows. */
export interface RootConfirmation {
  subject: string;
  /** Uppercase hex pairs joined by ':' (the form certmgr and browsers show). */
  sha256Fingerprint: string;
  sha256: string;
}

export interface PlacementPlan {
  placements: Placement[];
  /** Roots held back until confirmed; they are not in `placements`. */
  needsConfirmation: RootConfirmation[];
}

export function fingerprint(hex: string): string {
  return hex.toUpperCase().match(/../g)?.join(':') ?? '';
}

export function rootConfirmation(c: ClassifiedCert): RootConfirmation {
  return { subject: c.subject, sha256Fingerprint: fingerprint(c.sha256), sha256: c.sha256 };
}

/**
 * @param withKey SHA-256 of the certificates whose private key comes along (PFX) or is already held.
 * @param confirmedRoots SHA-256 of roots the user confirmed; `true` = all (CLI `--trust-root`).
 */
export function placeAutomatically(
  certs: readonly ClassifiedCert[],
  withKey: ReadonlySet<string>,
  confirmedRoots: ReadonlySet<string> | true = new Set(),
): PlacementPlan {
  const plan: PlacementPlan = { placements: [], needsConfirmation: [] };
  for (const c of certs) {
    if (withKey.has(c.sha256) || c.role === 'end-entity') {
      plan.placements.push({ cert: c, location: 'personal' });
    } else if (c.role === 'root') {
      if (confirmedRoots === true || confirmedRoots.has(c.sha256)) plan.placements.push({ cert: c, location: 'root' });
      else plan.needsConfirmation.push(rootConfirmation(c));
    } else {
      plan.placements.push({ cert: c, location: 'intermediate' }); // Sub CA and cross-certificate
    }
  }
  return plan;
}

/** "Place all certificates in the following store". */
export function placeManually(
  certs: readonly ClassifiedCert[],
  target: LogicalStore,
  confirmedRoots: ReadonlySet<string> | true = new Set(),
): PlacementPlan {
  const plan: PlacementPlan = { placements: [], needsConfirmation: [] };
  for (const c of certs) {
    const name = commonName(c.subject);
    if (target !== 'personal' && !c.isCA) {
      throw new CertwizError(
        'WRONG_STORE',
        `"${name}" is not a CA certificate, so it does not belong in ${target === 'root' ? 'Trusted Root' : 'Intermediate'} Certification Authorities; choose Personal or automatic placement.`,
        { subject: name, store: target },
      );
    }
    if (target === 'root' && !c.selfSigned) {
      throw new CertwizError(
        'WRONG_STORE',
        `"${name}" is not a root (it was issued by "${commonName(c.issuer)}"); put it in Intermediate Certification Authorities.`,
        { subject: name, store: target },
      );
    }
    if (target === 'root' && !(confirmedRoots === true || confirmedRoots.has(c.sha256))) {
      plan.needsConfirmation.push(rootConfirmation(c));
      continue;
    }
    plan.placements.push({ cert: c, location: target });
  }
  return plan;
}

export function rootNeedsConfirmationError(roots: readonly RootConfirmation[]): CertwizError {
  const r = roots[0];
  return new CertwizError(
    'ROOT_NEEDS_CONFIRMATION',
    `"${commonName(r.subject)}" is a root certificate: trusting it means trusting every site it vouches for. ` +
      `Check its SHA-256 fingerprint ${r.sha256Fingerprint} with the CA, then confirm (CLI: --trust-root).`,
    { subject: r.subject, sha256: r.sha256Fingerprint, count: roots.length },
  );
}
