/**
 * One "Certification Path" request (issue 4 chain view), for the app's chain:show
 * (../store-service.ts) and `certwiz chain show` (cli/commands/store.ts): which certificate, and
 * which candidates — the store's certificates, the chain Certwiz kept with a certificate, the
 * files the CA sent — then buildChains. Both callers used to assemble this themselves.
 */
import { CertwizError } from '../../../shared/errors';
import { parseCertificates } from '../certs';
import type { KeyStore } from '../keystore';
import { buildChains, type ChainCandidate, type ChainReport } from './chain';
import { certFacts, parseInput, type CertFacts, type CrlFacts } from './classify';
import type { InstallFile } from './install';
import { NssStore } from './nss';
import type { CertStore, StoreCertificate } from './types';

export interface ChainRequest {
  store: CertStore;
  /** store.list(), or [] for a store that does not exist yet. */
  installed: readonly StoreCertificate[];
  storeMissing?: boolean;
  keystore?: Pick<KeyStore, 'get'>;
  /** A certificate kept in Certwiz (id or thumbprint, as KeyStore.get takes them). */
  id?: string;
  /** A certificate in the store (SHA-1 or SHA-256); else one kept in Certwiz with it. */
  thumbprint?: string;
  /** Files from the CA: without id/thumbprint the first certificate is the target; the rest are candidates. */
  files?: readonly InstallFile[];
  now?: Date;
}

export async function chainFor(r: ChainRequest): Promise<{ target: CertFacts; report: ChainReport }> {
  const pool: ChainCandidate[] = [];
  for (const e of r.installed) {
    pool.push({ ...(await certFacts(e.der)), source: { kind: 'store', location: e.location, trusted: e.location === 'root' } });
  }
  let target: CertFacts | undefined;
  if (r.id !== undefined) {
    target = await kept(r, r.id, pool, true);
  } else if (r.thumbprint !== undefined) {
    const t = r.thumbprint.toLowerCase().replace(/[^0-9a-f]/g, '');
    target = pool.find((p) => p.sha1 === t || p.sha256 === t) ?? (r.keystore ? await kept(r, t, pool, false) : undefined);
    if (!target) throw new CertwizError('NOT_FOUND', `No certificate with thumbprint ${t} is in ${r.store.label}${r.keystore ? ' or in Certwiz' : ''}.`, { thumbprint: t });
  }
  const crls: CrlFacts[] = [];
  for (const f of r.files ?? []) {
    const parsed = await parseInput(f.bytes, f.name);
    crls.push(...parsed.crls);
    for (const c of parsed.certificates) {
      if (!target) target = c;
      else pool.push({ ...c, source: { kind: 'file', fileName: f.name } });
    }
  }
  if (!target) {
    if (r.files?.length) throw new CertwizError('FILE_NOT_CERTIFICATE', `"${r.files[0].name}" holds no certificate.`, { file: r.files[0].name });
    throw new CertwizError('INVALID_INPUT', 'Choose a certificate: an entry, a thumbprint or a file.', { reason: 'noTarget' });
  }
  const installedCrls = r.store instanceof NssStore && !r.storeMissing ? await r.store.installedCrls() : [];
  return { target, report: await buildChains(target, pool, crls, r.now ?? new Date(), installedCrls) };
}

/**
 * A certificate kept in Certwiz; its kept chain joins the candidates as fileName '' (shared/stores.ts
 * ChainSourceView). `must`: an id that is not there (or has no certificate yet) is an error;
 * otherwise a thumbprint that is not in Certwiz either gives undefined.
 */
async function kept(r: ChainRequest, idOrThumb: string, pool: ChainCandidate[], must: boolean): Promise<CertFacts | undefined> {
  if (!r.keystore) return undefined;
  let rec: { id: string; certificatePem?: string; chainPem?: string[] };
  try {
    rec = await r.keystore.get(idOrThumb);
  } catch (e) {
    if (!must && e instanceof CertwizError && e.code === 'NOT_FOUND') return undefined;
    throw e;
  }
  if (!rec.certificatePem) {
    if (!must) return undefined;
    throw new CertwizError('NOT_FOUND', 'This entry has no certificate yet; complete the request first.', { id: rec.id });
  }
  for (const pem of rec.chainPem ?? []) {
    for (const c of parseCertificates(Buffer.from(pem), 'chain')) pool.push({ ...(await certFacts(new Uint8Array(c.rawData))), source: { kind: 'file', fileName: '' } });
  }
  return certFacts(new Uint8Array(parseCertificates(Buffer.from(rec.certificatePem), 'certificate')[0].rawData));
}
