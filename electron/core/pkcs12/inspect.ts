/**
 * What a PFX holds, in the shape of `certwiz pfx inspect --json` (issue 3, CLI contract).
 *
 * Shown before an import ("Show what the file holds before importing") and by the CLI. Only
 * public facts: no key material leaves this function.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { KeyObject } from 'node:crypto';
import { summarize } from '../certs';
import { readPfx } from './read';
import { summarizeCertDer } from './cert-summary';
import type { PfxContents, ReadPfxOptions } from './types';
import type { PfxInspectCertificate, PfxInspectKey, PfxInspection } from '../../../shared/pfx';

export type { PfxInspectCertificate, PfxInspectKey, PfxInspection };

const CURVES: Record<string, { name: string; bits: number }> = {
  prime256v1: { name: 'P-256', bits: 256 },
  secp384r1: { name: 'P-384', bits: 384 },
  secp521r1: { name: 'P-521', bits: 521 },
  secp256k1: { name: 'secp256k1', bits: 256 },
};

/** Algorithm, size and curve of a key as people name them (RSA 2048, EC P-256). */
export function describeKey(key: KeyObject): { algorithm: string; bits: number | null; curve: string | null } {
  const type = key.asymmetricKeyType ?? 'unknown';
  const d = key.asymmetricKeyDetails ?? {};
  if (type === 'rsa' || type === 'rsa-pss') return { algorithm: type.toUpperCase(), bits: d.modulusLength ?? null, curve: null };
  if (type === 'ec') {
    const c = d.namedCurve ? CURVES[d.namedCurve] : undefined;
    return { algorithm: 'EC', bits: c?.bits ?? null, curve: c?.name ?? d.namedCurve ?? null };
  }
  if (type === 'ed25519' || type === 'x25519') return { algorithm: type === 'ed25519' ? 'Ed25519' : 'X25519', bits: 256, curve: null };
  if (type === 'ed448' || type === 'x448') return { algorithm: type === 'ed448' ? 'Ed448' : 'X448', bits: 448, curve: null };
  return { algorithm: type.toUpperCase(), bits: null, curve: null };
}

export function describePfx(contents: PfxContents): PfxInspection {
  const withKey = new Set(contents.keys.map((k) => k.certificateIndex).filter((i): i is number => i !== null));
  return {
    certificates: contents.certificates.map((c, i) => {
      // The light DER read (cert-summary.ts); the full @peculiar/x509 parse only if it is unsure.
      const s = summarizeCertDer(c.der) ?? summarize(new x509.X509Certificate(Buffer.from(c.der)));
      return {
        subject: s.subject,
        issuer: s.issuer,
        serialNumber: s.serialNumber,
        sha1: s.sha1,
        sha256: s.sha256,
        notBefore: s.notBefore,
        notAfter: s.notAfter,
        isCA: s.isCA,
        friendlyName: c.friendlyName,
        localKeyId: c.localKeyId,
        hasPrivateKey: withKey.has(i),
      };
    }),
    keys: contents.keys.map((k) => ({
      ...describeKey(k.keyObject),
      friendlyName: k.friendlyName,
      localKeyId: k.localKeyId,
      certificateSha1: k.certificateIndex === null ? null : contents.certificates[k.certificateIndex].sha1,
    })),
    protection: {
      keys: contents.protection.keys,
      certificates: contents.protection.certificates,
      mac: contents.protection.mac,
      macIterations: contents.protection.macIterations,
    },
  };
}

/** Reads and describes; the same errors as readPfx. */
export function inspectPfx(bytes: Uint8Array, password: string, opts?: ReadPfxOptions): PfxInspection {
  return describePfx(readPfx(bytes, password, opts));
}
