/**
 * The "Certification Path" view: every path from a certificate up to a root (issue 4).
 *
 * Issuers are looked up among the store's certificates and the files the user gave, by subject
 * name and then by signature (RFC 5280 §6.1: name chaining plus a verified signature), so an
 * old Sub CA with the same name but another key is never taken for the new one. A
 * cross-certificate (guide 001: "Hongkong Post Root CA 3" issued by "GlobalSign Root CA - R3")
 * has the root's name and key, so it opens a second path next to the self-signed root. Each link
 * gets its validity, and revocation is checked against the CRLs we know (installed or given) that
 * the issuing CA signed. What is missing becomes a plain sentence, in the guide's words.
 */
import 'reflect-metadata';
import type { CertFacts, CrlFacts } from './classify';
import { commonName } from './classify';
import type { LogicalStore } from './types';

/** A CRL the store already verified and holds (NSS `crlutil -L`): issuer name and revoked serials. */
export interface InstalledRevocations {
  issuer: string;
  nextUpdate?: Date;
  revoked: ReadonlyMap<string, Date | undefined>;
}

export type ChainSource =
  | { kind: 'target' }
  | { kind: 'store'; location: LogicalStore; trusted: boolean }
  | { kind: 'file'; fileName: string };

export interface ChainCandidate extends CertFacts {
  source: ChainSource;
}

export type Revocation = 'good' | 'revoked' | 'no-crl' | 'crl-expired' | 'not-applicable';

export interface ChainLink {
  subject: string;
  issuer: string;
  sha256: string;
  notAfter: string;
  source: ChainSource;
  validity: 'valid' | 'expired' | 'not-yet-valid';
  revocation: Revocation;
  revokedAt?: string;
}

export type ProblemKind =
  | 'not-installed'
  | 'missing-issuer'
  | 'expired'
  | 'not-yet-valid'
  | 'revoked'
  | 'root-not-trusted'
  | 'crl-expired';

/** A problem for the UI: `kind` + params to translate, `message` in English for the CLI. */
export interface ChainProblem {
  kind: ProblemKind;
  subject: string;
  fileName?: string;
  date?: string;
  message: string;
}

export interface ChainPath {
  links: ChainLink[];
  /** Ends at a self-signed certificate. */
  complete: boolean;
  /** Complete, and the root is a trust anchor in the store, every link valid and not revoked. */
  trusted: boolean;
  problems: ChainProblem[];
}

export interface ChainReport {
  paths: ChainPath[];
  /** Problems of the best path (trusted first, then fewest problems), for the one-line summary. */
  problems: ChainProblem[];
}

const MAX_DEPTH = 8;

export async function buildChains(
  target: CertFacts,
  pool: readonly ChainCandidate[],
  crls: readonly CrlFacts[],
  now: Date = new Date(),
  installed: readonly InstalledRevocations[] = [],
): Promise<ChainReport> {
  // One candidate per certificate; an installed copy wins over a file copy.
  const bySha = new Map<string, ChainCandidate>();
  for (const c of pool) {
    const prev = bySha.get(c.sha256);
    if (!prev || (prev.source.kind === 'file' && c.source.kind === 'store')) bySha.set(c.sha256, c);
  }
  const candidates = [...bySha.values()];
  const paths: ChainCandidate[][] = [];

  const walk = async (path: ChainCandidate[]): Promise<void> => {
    const last = path[path.length - 1];
    if (last.selfSigned || path.length >= MAX_DEPTH) {
      paths.push(path);
      return;
    }
    const issuers: ChainCandidate[] = [];
    for (const c of candidates) {
      if (c.subject !== last.issuer) continue;
      if (path.some((p) => p.sha256 === c.sha256)) continue;
      // A cross-certificate and its root share name and key: do not step from one to the other.
      if (path.some((p) => p.spkiSha256 === c.spkiSha256 && p.subject === c.subject)) continue;
      if (await signedBy(last, c)) issuers.push(c);
    }
    if (issuers.length === 0) {
      paths.push(path);
      return;
    }
    for (const i of issuers) await walk([...path, i]);
  };
  await walk([{ ...target, source: { kind: 'target' } }]);

  // A root shown by itself (store page → its path) is trusted when the store holds it as one.
  const anchored = candidates.some((c) => c.sha256 === target.sha256 && c.source.kind === 'store' && c.source.trusted);
  const built: ChainPath[] = [];
  for (const p of paths) built.push(await describe(p, crls, now, installed, anchored));
  built.sort((a, b) => Number(b.trusted) - Number(a.trusted) || Number(b.complete) - Number(a.complete) || a.problems.length - b.problems.length);
  return { paths: built, problems: built[0]?.problems ?? [] };
}

async function signedBy(child: CertFacts, issuer: CertFacts): Promise<boolean> {
  return child.cert.verify({ publicKey: issuer.cert.publicKey, signatureOnly: true }).catch(() => false);
}

async function describe(
  path: ChainCandidate[],
  crls: readonly CrlFacts[],
  now: Date,
  installed: readonly InstalledRevocations[],
  targetAnchored = false,
): Promise<ChainPath> {
  const problems: ChainProblem[] = [];
  const links: ChainLink[] = [];
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    const issuer = path[i + 1];
    const validity = now < c.notBefore ? 'not-yet-valid' : now > c.notAfter ? 'expired' : 'valid';
    let revocation: Revocation = 'not-applicable';
    let revokedAt: string | undefined;
    if (issuer) {
      const r = await revocationOf(c, issuer, crls, now, installed);
      revocation = r.status;
      revokedAt = r.date;
    }
    links.push({
      subject: c.subject,
      issuer: c.issuer,
      sha256: c.sha256,
      notAfter: c.notAfter.toISOString(),
      source: c.source,
      validity,
      revocation,
      revokedAt,
    });
    const name = commonName(c.subject);
    if (validity === 'expired') problems.push(problem('expired', name, `"${name}" expired on ${day(c.notAfter)}.`, { date: day(c.notAfter) }));
    if (validity === 'not-yet-valid') {
      problems.push(problem('not-yet-valid', name, `"${name}" is not valid before ${day(c.notBefore)}.`, { date: day(c.notBefore) }));
    }
    if (revocation === 'revoked') {
      problems.push(problem('revoked', name, `"${name}" has been revoked by its CA${revokedAt ? ` (on ${revokedAt.slice(0, 10)})` : ''}.`));
    }
    if (revocation === 'crl-expired') {
      problems.push(problem('crl-expired', name, `The revocation list for "${name}" is out of date; download the current one from the CA.`));
    }
    if (c.source.kind === 'file') problems.push(notInstalled(c, c.source.fileName, i === path.length - 1));
    if (c.source.kind === 'store' && c.selfSigned && !c.source.trusted) {
      problems.push(problem('root-not-trusted', name, `The root "${name}" is installed but not trusted; put it in Trusted Root Certification Authorities.`));
    }
  }
  const top = path[path.length - 1];
  const complete = top.selfSigned;
  if (!complete) {
    const missing = commonName(top.issuer);
    problems.push(
      problem(
        'missing-issuer',
        missing,
        `The CA "${missing}" that issued "${commonName(top.subject)}" is not installed and not among the files you gave; download it from the CA's web site.`,
      ),
    );
  }
  const trusted =
    complete &&
    ((top.source.kind === 'store' && top.source.trusted) || (path.length === 1 && targetAnchored)) &&
    links.every((l) => l.validity === 'valid' && l.revocation !== 'revoked');
  return { links, complete, trusted, problems };
}

function notInstalled(c: CertFacts, fileName: string, isTop: boolean): ChainProblem {
  const name = commonName(c.subject);
  const what = c.selfSigned ? 'root' : c.isCA ? (isTop ? 'CA' : 'Sub CA') : 'certificate';
  // fileName '' = the chain Certwiz kept with the certificate (shared/stores.ts ChainSourceView).
  const where = fileName ? `it is in the file you downloaded from the CA as "${fileName}"` : 'Certwiz kept it with the certificate';
  const message = c.selfSigned
    ? `The root "${name}" is not trusted yet; ${where}. Install it in Trusted Root Certification Authorities (you will be asked to confirm).`
    : `The ${what} "${name}" is not installed; ${where}.`;
  return problem('not-installed', name, message, { fileName });
}

async function revocationOf(
  c: CertFacts,
  issuer: CertFacts,
  crls: readonly CrlFacts[],
  now: Date,
  installed: readonly InstalledRevocations[] = [],
): Promise<{ status: Revocation; date?: string }> {
  let sawExpired = false;
  const serial = c.serialNumber.toLowerCase().replace(/^0+(?=.)/, '');
  // NSS prints the issuer wrapped (nss-parse.ts), so names are compared without whitespace.
  const flat = (dn: string) => dn.replace(/\s+/g, '');
  for (const inst of installed) {
    if (flat(inst.issuer) !== flat(c.issuer)) continue;
    if (inst.revoked.has(serial)) return { status: 'revoked', date: inst.revoked.get(serial)?.toISOString() };
    if (inst.nextUpdate && inst.nextUpdate < now) sawExpired = true;
    else return { status: 'good' };
  }
  for (const crl of crls) {
    if (crl.issuer !== c.issuer) continue;
    const ok = await crl.crl.verify({ publicKey: issuer.cert.publicKey }).catch(() => false);
    if (!ok) continue;
    const entry = crl.crl.findRevoked(c.serialNumber);
    if (entry) return { status: 'revoked', date: entry.revocationDate.toISOString() };
    if (crl.nextUpdate && crl.nextUpdate < now) sawExpired = true;
    else return { status: 'good' };
  }
  return { status: sawExpired ? 'crl-expired' : 'no-crl' };
}

/** An expired or revoked CA certificate among the files (issue 4: "are flagged"). */
export async function caStatus(c: CertFacts, issuer: CertFacts | undefined, crls: readonly CrlFacts[], now = new Date()) {
  if (now > c.notAfter) return 'expired' as const;
  if (issuer && (await revocationOf(c, issuer, crls, now)).status === 'revoked') return 'revoked' as const;
  return null;
}

function problem(kind: ProblemKind, subject: string, message: string, extra: Partial<ChainProblem> = {}): ChainProblem {
  return { kind, subject, message, ...extra };
}

function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}
