/**
 * Request schemas of the store channels (issue 4), spread into `contract` in ./ipc.ts; the
 * response types are in ./stores.ts. Kept here so the store work touches ipc.ts by two lines.
 *
 * Files arrive as {fileName, dataBase64}: certificates, CRLs and .p7b are public. At most 20
 * files of 10 MB each (a CA sends four or five small ones). The store is one of the specs the UI
 * offers (no free `nss:DIR` path from a page); a locked NSS DB's password crosses once, bounded.
 */
import { z } from 'zod';
import { STORE_SPECS } from './stores';

const file = z.object({ fileName: z.string().max(512), dataBase64: z.string().max(14_000_000) }).strict();
const files = z.array(file).max(20);
const store = z.enum(STORE_SPECS).optional();
const storePassword = z.string().max(1024).optional();
const sha256 = z.string().regex(/^[0-9a-fA-F]{64}$/);

export const storesContract = {
  'stores:list': z.object({}).strict(),
  'stores:entries': z.object({ store, storePassword }).strict(),
  'stores:analyse': z.object({ files: files.min(1), store, storePassword }).strict(),
  'stores:install': z
    .object({
      files: files.min(1),
      store,
      storePassword,
      /** SHA-256 of the roots the user confirmed after seeing subject and fingerprint. */
      confirmedRoots: z.array(sha256).max(20).default([]),
      /** Remove the old Sub CAs found by stores:analyse first (guides, 1 May 2025). */
      removeOld: z.boolean().default(false),
      /** "Place all certificates in the following store"; absent = automatic. */
      manual: z.enum(['personal', 'intermediate', 'root']).optional(),
      rootTrust: z.enum(['tls', 'all']).default('tls'),
    })
    .strict(),
  'chain:show': z
    .object({
      /** An entry of My certificates… */
      id: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/).optional(),
      /** …or a certificate in the store (SHA-1 or SHA-256)… */
      thumbprint: z.string().regex(/^[0-9a-fA-F:\s]{40,95}$/).optional(),
      /** …or the first certificate of the first file; the other files are candidates. */
      files: files.optional(),
      store,
      storePassword,
    })
    .strict(),
} as const;
