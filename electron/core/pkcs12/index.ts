/**
 * PKCS #12 (PFX) for Certwiz: read any producer's file, write the two export profiles,
 * inspect, verify after write, pick what an import restores. See read.ts / write.ts for sources.
 */
export { readPfx } from './read';
export { writePfx, certificateDer, PFX_PROFILES, DEFAULT_PFX_ITERATIONS } from './write';
export type { WritePfxOptions, CertificateInput, PfxProfile } from './write';
export { inspectPfx, describePfx, describeKey } from './inspect';
export type { PfxInspection, PfxInspectCertificate, PfxInspectKey } from './inspect';
export { verifyPfx } from './verify';
export type { VerifyExpectations, VerifyResult, VerifyCheck } from './verify';
export { keyEntries } from './select';
export type { PfxEntry } from './select';
export { MAX_PFX_BYTES, DEFAULT_MAX_ITERATIONS } from './limits';
export type { PfxContents, PfxCertificate, PfxKey, PfxProtection, ReadPfxOptions } from './types';
