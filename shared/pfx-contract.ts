/**
 * Request schemas of the file-handle and PFX import/export channels (issue 3), spread into
 * `contract` in ./ipc.ts; response types below and in ./pfx.ts.
 *
 * Files cross as handles (electron/core/file-handles.ts): in Electron `file:open` shows main's
 * native dialog and main keeps the bytes; in the browser shell the page's file input is the only
 * way in, so `file:upload` sends the file once. Either way pfx:inspect / pfx:import then name the
 * file by `fileId` and the renderer never holds PFX bytes in Electron.
 */
import { z } from 'zod';
import { STORE_SPECS } from './stores';

const secret = z.string().max(1024);
const id = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/);
const fileId = z.string().regex(/^f-[0-9a-f]{32}$/);

/** What a file is opened for: decides the dialog's filters. */
export const FILE_PURPOSES = ['pfx', 'certificate'] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];

/** Extensions of a certificate-only file ("Import certificate", guides' section D). */
export const CERTIFICATE_EXTENSIONS = ['cer', 'crt', 'der', 'pem', 'p7b', 'p7c'] as const;
export const PFX_EXTENSIONS = ['pfx', 'p12'] as const;

export const CERT_EXPORT_FORMATS = ['der', 'base64', 'p7b'] as const;
export type CertExportFormat = (typeof CERT_EXPORT_FORMATS)[number];

export const pfxContract = {
  'file:open': z.object({ purpose: z.enum(FILE_PURPOSES) }).strict(),
  'file:upload': z
    .object({
      fileName: z.string().max(512),
      /** base64; 10 MB decoded at most. */
      dataBase64: z.string().max(14_000_000),
    })
    .strict(),
  // `password` is the PFX file's password (may be empty; ignored for certificate-only files).
  'pfx:inspect': z.object({ fileId, password: secret }).strict(),
  'pfx:import': z
    .object({
      fileId,
      password: secret,
      exportable: z.boolean().default(false),
      securityLevel: z.enum(['high', 'medium']),
      /** New key password for High. */
      newPassword: secret.optional(),
      includeExtendedProperties: z.boolean().default(true),
      /**
       * Issue 4 "pfx import FILE --store SPEC": an OS store (the stores-contract specs) instead of
       * Certwiz's own (absent). Placement there is automatic (key + certificate -> Personal, CA
       * certificates -> Intermediate); a self-signed root only when its SHA-256 is in
       * `confirmedRoots` (the page showed its subject and fingerprint), else it is held.
       */
      store: z.enum(STORE_SPECS).optional(),
      confirmedRoots: z.array(z.string().regex(/^[0-9a-fA-F]{64}$/)).max(20).default([]),
      /** A password-protected NSS DB's password, asked once the store said it is locked. */
      storePassword: secret.optional(),
    })
    .strict(),
  /** "No, do not export the private key": the certificate as .cer (DER or Base-64) or .p7b. */
  'certs:export': z
    .object({ id, format: z.enum(CERT_EXPORT_FORMATS), includeChain: z.boolean().default(true) })
    .strict(),
  /** Key, certificate and chain in one PEM file for nginx / Apache; key encrypted unless `plainKey`. */
  'pem:export': z
    .object({
      id,
      keyPassword: secret.optional(),
      /** Password for the encrypted key in the file (required unless plainKey). */
      pemPassword: secret.optional(),
      plainKey: z.boolean().default(false),
      includeChain: z.boolean().default(true),
    })
    .strict(),
} as const;

/** A file main holds for the renderer. */
export interface OpenedFile {
  fileId: string;
  fileName: string;
  size: number;
  /** What the file looks like: a PFX, or certificates alone. */
  kind: 'pfx' | 'certificate';
}
