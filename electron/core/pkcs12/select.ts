/**
 * Picks what an import restores from a read PFX: each key with its certificate and chain.
 *
 * The bad-input cases live here: a certificate-only file asked to restore a key is
 * PFX_NO_KEY; a key whose certificate is not in the file is PFX_KEY_WITHOUT_CERTIFICATE (the
 * app's store keeps a key only with its certificate). Chain order: certs.ts `orderChain`.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { KeyObject } from 'node:crypto';
import { CertwizError } from '../../../shared/errors';
import { orderChain, toPem } from '../certs';
import type { PfxCertificate, PfxContents } from './types';

export interface PfxEntry {
  key: KeyObject;
  certificate: PfxCertificate;
  certificatePem: string;
  /** Other certificates of the file, issuer of the leaf first (PEM). */
  chainPem: string[];
  friendlyName: string | null;
}

export function keyEntries(contents: PfxContents): PfxEntry[] {
  if (contents.keys.length === 0) {
    throw new CertwizError('PFX_NO_KEY', 'This file holds certificates only, no private key to restore.', {
      certificates: contents.certificates.length,
    });
  }
  const unpaired = contents.keys.filter((k) => k.certificateIndex === null);
  if (unpaired.length > 0) {
    throw new CertwizError('PFX_KEY_WITHOUT_CERTIFICATE', 'This file holds a private key without its certificate.', {
      keys: unpaired.length,
    });
  }
  const all = contents.certificates.map((c) => new x509.X509Certificate(Buffer.from(c.der)));
  // Java writes each entry's chain again (a two-key keystore holds the CA certificates twice).
  const firstOfSha1 = new Map<string, number>();
  contents.certificates.forEach((c, j) => firstOfSha1.has(c.sha1) || firstOfSha1.set(c.sha1, j));
  const leafKeyed = new Set(contents.keys.map((x) => x.certificateIndex));
  return contents.keys.map((k) => {
    const i = k.certificateIndex!;
    const leaf = all[i];
    const others = all.filter((_, j) => j !== i && !leafKeyed.has(j) && firstOfSha1.get(contents.certificates[j].sha1) === j);
    const chain = orderChain(leaf, others);
    return {
      key: k.keyObject,
      certificate: contents.certificates[i],
      certificatePem: toPem(leaf),
      chainPem: chain.map(toPem),
      friendlyName: contents.certificates[i].friendlyName ?? k.friendlyName,
    };
  });
}
