/**
 * Finds the old Sub CA that must go before the new one is installed.
 *
 * Guide 001 section D (and 004): "Starting from 1 May 2025, new Sub CA certificates will be used
 * to issue e-Cert (Server) … please first remove the old Sub CA certificate, if applicable, and
 * then install the new Sub CA certificate." The old and new Sub CA carry the same subject
 * ("Hongkong Post e-Cert SSL CA 3 - 17") but different keys, so a server that still has the old
 * one may send the wrong intermediate. "Old" here = an installed, non-self-signed CA certificate
 * with the same subject as a CA certificate being installed and another public key. A
 * cross-certificate shares its root's key and is therefore never reported.
 */
import { certFacts, type CertFacts } from './classify';
import type { StoreCertificate } from './types';

export interface OldSubCa {
  /** The installed certificate to remove. */
  installed: StoreCertificate;
  /** The new certificate (from the files) that replaces it. */
  replacedBy: { subject: string; sha256: string; notAfter: string };
}

export async function findOldSubCas(incoming: readonly CertFacts[], installed: readonly StoreCertificate[]): Promise<OldSubCa[]> {
  const newCas = incoming.filter((c) => c.isCA && !c.selfSigned);
  if (newCas.length === 0) return [];
  const incomingSha = new Set(incoming.map((c) => c.sha256));
  const out: OldSubCa[] = [];
  for (const s of installed) {
    if (!s.isCA || s.selfSigned || incomingSha.has(s.sha256)) continue;
    const match = newCas.find((n) => n.subject === s.subject);
    if (!match) continue;
    const facts = await certFacts(s.der);
    if (facts.spkiSha256 === match.spkiSha256) continue; // same key: a re-issue, not an old Sub CA
    out.push({
      installed: s,
      replacedBy: { subject: match.subject, sha256: match.sha256, notAfter: match.notAfter.toISOString() },
    });
  }
  return out;
}
