/**
 * "Install CA certificates" (guide section D as one page) and `certwiz store import`.
 *
 * The files the CA sent (issued certificate, Sub CA, cross-certificate, root, ARL/CRL, .p7b,
 * PFX) are read, classified and checked first; nothing is written if any file cannot be read.
 * Then, in the guides' order: remove the old Sub CA (only when asked, `--remove-old`), install
 * the certificates in one all-or-nothing batch, then the CRLs (their CA must be in the store
 * first, as NSS insists), then PFX files. A self-signed root is held back unless confirmed:
 * the rest is still installed and the report lists the held roots, so the caller can ask
 * (UI) or exit with ROOT_NEEDS_CONFIRMATION (CLI) saying exactly what was placed.
 */
import { CertwizError, toCertwizError, type ErrorInfo } from '../../../shared/errors';
import { caStatus } from './chain';
import { certFacts, classifyAll, commonName, parseInput, type CertFacts, type ClassifiedCert, type CrlFacts } from './classify';
import { findOldSubCas, type OldSubCa } from './old-sub-ca';
import { placeAutomatically, placeManually, rootConfirmation, type PlacementPlan, type RootConfirmation } from './placement';
import { readPfx } from '../pkcs12';
import type { CertRole, CertStore, LogicalStore, PfxImportOptions, Placed, RootTrust } from './types';

export interface InstallFile {
  name: string;
  bytes: Uint8Array;
}

export interface Flagged {
  subject: string;
  sha256: string;
  status: 'expired' | 'revoked';
}

/** What the page shows before anything is written. */
export interface Analysis {
  certificates: (ClassifiedCert & { fileName: string })[];
  crls: (CrlFacts & { fileName: string })[];
  pfxFiles: InstallFile[];
  oldSubCas: OldSubCa[];
  flagged: Flagged[];
}

export interface InstallOptions {
  /** `true` = every root (CLI --trust-root); a set = the SHA-256 of the roots the user confirmed. */
  trustRoot?: boolean | ReadonlySet<string>;
  rootTrust?: RootTrust;
  removeOld?: boolean;
  /** "Place all certificates in the following store"; default automatic. */
  manual?: LogicalStore;
  /** Asked once per PFX file. */
  pfxPassword?: (fileName: string) => Promise<string>;
  pfx?: Omit<PfxImportOptions, 'trustRoot'>;
}

export interface FileOutcome {
  file: string;
  items: { role: CertRole | 'crl' | 'pfx'; subject: string; sha256: string; location?: LogicalStore | 'crl'; held?: boolean }[];
  error?: ErrorInfo;
}

export interface InstallReport {
  files: FileOutcome[];
  placed: Placed[];
  needsConfirmation: RootConfirmation[];
  removedOld: OldSubCa[];
  oldSubCas: OldSubCa[];
  flagged: Flagged[];
}

export function looksLikePfx(file: InstallFile): boolean {
  return /\.(pfx|p12)$/i.test(file.name);
}

/** Reads and classifies everything; throws the first unreadable file's error, writes nothing. */
export async function analyseFiles(files: readonly InstallFile[], store: CertStore, now = new Date()): Promise<Analysis> {
  const certificates: (CertFacts & { fileName: string })[] = [];
  const crls: (CrlFacts & { fileName: string })[] = [];
  const pfxFiles: InstallFile[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    if (looksLikePfx(f)) {
      pfxFiles.push(f);
      continue;
    }
    const parsed = await parseInput(f.bytes, f.name);
    for (const c of parsed.certificates) {
      if (seen.has(c.sha256)) continue; // the same Sub CA in a .crt and in a .p7b
      seen.add(c.sha256);
      certificates.push({ ...c, fileName: f.name });
    }
    for (const c of parsed.crls) crls.push({ ...c, fileName: f.name });
  }
  const installed = await store.list();
  const known = await Promise.all(installed.map((i) => certFacts(i.der)));
  const classified = classifyAll(certificates, known).map((c, i) => ({ ...c, fileName: certificates[i].fileName }));
  const flagged: Flagged[] = [];
  const pool = [...certificates, ...known];
  for (const c of classified) {
    if (!c.isCA) continue;
    const issuer = pool.find((p) => p.subject === c.issuer && p.sha256 !== c.sha256);
    const status = await caStatus(c, issuer, crls, now);
    if (status) flagged.push({ subject: c.subject, sha256: c.sha256, status });
  }
  const oldSubCas = await findOldSubCas(certificates, installed);
  return { certificates: classified, crls, pfxFiles, oldSubCas, flagged };
}

export async function installFiles(files: readonly InstallFile[], store: CertStore, options: InstallOptions = {}): Promise<InstallReport> {
  const a = await analyseFiles(files, store);
  // Ask for every PFX password before the first write, so a wrong one changes nothing.
  const pfxPasswords = new Map<string, string>();
  for (const f of a.pfxFiles) {
    if (!options.pfxPassword) throw new CertwizError('PASSWORD_REQUIRED', `"${f.name}" is a PFX file; its password is needed.`, { file: f.name });
    pfxPasswords.set(f.name, await options.pfxPassword(f.name));
  }
  const confirmed = options.trustRoot === true ? true : options.trustRoot || new Set<string>();
  const plan: PlacementPlan = options.manual
    ? placeManually(a.certificates, options.manual, confirmed)
    : placeAutomatically(a.certificates, new Set(), confirmed);
  // Open every PFX now (pkcs12/read.ts): a wrong password fails before anything is written, and
  // a root inside a PFX is held back like a root file unless it was confirmed.
  const pfxTrust = new Map<string, boolean>();
  const pfxHeld: RootConfirmation[] = [];
  for (const f of a.pfxFiles) {
    const contents = readPfx(f.bytes, pfxPasswords.get(f.name)!);
    let trust = false;
    for (const c of contents.certificates) {
      const facts = await certFacts(c.der);
      if (!facts.selfSigned || !facts.isCA) continue;
      if (confirmed === true || confirmed.has(facts.sha256)) trust = true;
      else if (![...plan.needsConfirmation, ...pfxHeld].some((r) => r.sha256 === facts.sha256)) pfxHeld.push(rootConfirmation({ ...facts, role: 'root' }));
    }
    pfxTrust.set(f.name, trust);
  }

  const report: InstallReport = {
    files: files.map((f) => ({ file: f.name, items: [] })),
    placed: [],
    needsConfirmation: [...plan.needsConfirmation, ...pfxHeld],
    removedOld: [],
    oldSubCas: a.oldSubCas,
    flagged: a.flagged,
  };
  const outcome = (name: string) => report.files.find((o) => o.file === name)!;

  if (options.removeOld) {
    for (const old of a.oldSubCas) {
      await store.remove(old.installed.sha256);
      report.removedOld.push(old);
    }
  }
  if (plan.placements.length > 0) {
    const placed = await store.importCertificates(
      plan.placements.map((p) => ({ der: p.cert.der, options: { location: p.location, rootTrust: options.rootTrust } })),
    );
    report.placed.push(...placed);
  }
  for (const c of a.certificates) {
    const held = plan.needsConfirmation.some((r) => r.sha256 === c.sha256);
    const where = plan.placements.find((p) => p.cert.sha256 === c.sha256)?.location;
    outcome(c.fileName).items.push({ role: c.role, subject: c.subject, sha256: c.sha256, location: where, held: held || undefined });
  }
  for (const crl of a.crls) {
    const o = outcome(crl.fileName);
    try {
      report.placed.push(await store.importCrl(crl.der));
      o.items.push({ role: 'crl', subject: crl.issuer, sha256: '', location: 'crl' });
    } catch (e) {
      o.error = toCertwizError(e).toInfo();
    }
  }
  for (const f of a.pfxFiles) {
    const o = outcome(f.name);
    try {
      const placed = await store.importPfx(f.bytes, pfxPasswords.get(f.name)!, { ...options.pfx, trustRoot: pfxTrust.get(f.name) === true });
      report.placed.push(...placed);
      for (const p of placed) o.items.push({ role: 'pfx', subject: p.subject, sha256: p.sha256, location: p.location === 'crl' ? undefined : p.location });
    } catch (e) {
      o.error = toCertwizError(e).toInfo();
    }
  }
  return report;
}

/** One line per file for the CLI / the page's summary. */
export function describeOutcome(o: FileOutcome): string {
  if (o.error) return `${o.file}: not installed: ${o.error.message}`;
  const parts = o.items.map((i) => {
    const name = commonName(i.subject);
    if (i.held) return `root "${name}" held back (needs confirmation)`;
    return `${i.role} "${name}" → ${i.location === 'crl' ? 'revocation lists' : STORE_NAMES[i.location ?? 'personal']}`;
  });
  return `${o.file}: ${parts.join('; ') || 'nothing to install'}`;
}

export const STORE_NAMES: Record<LogicalStore, string> = {
  personal: 'Personal',
  intermediate: 'Intermediate Certification Authorities',
  root: 'Trusted Root Certification Authorities',
};
