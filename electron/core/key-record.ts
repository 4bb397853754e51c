/**
 * The on-disk shape of one key store entry (<dataDir>/keys/<id>.json), and its parser.
 *
 * One file per key, so a pending request is complete the moment its file exists (one atomic
 * rename writes key + CSR together, issue 2 "Nothing lost"). The private key is only ever
 * encrypted PKCS#8 PEM (PBES2, AES-256-CBC, PBKDF2-HMAC-SHA256: what `openssl pkey` opens),
 * ARCHITECTURE.md "Where things are kept". Files are parsed as untrusted input: a hand-edited or
 * truncated file becomes KEY_STORE_CORRUPT, never a crash.
 */
import { z } from 'zod';
import { CertwizError } from '../../shared/errors';
import { subjectFormSchema, type SecurityLevel, type SubjectForm } from '../../shared/ipc';
import type { NormalizedSubject } from '../../shared/subject';

/** Where a key lives on a PKCS#11 card (issue 5); such keys have no encryptedKeyPem. */
export interface TokenRef {
  module: string;
  serial: string;
  label: string;
  /** CKA_ID, hex. */
  ckaId: string;
}

/**
 * How the private key is protected: the user's password (High), the OS keyring or the labelled
 * fallback file (Medium, see medium.ts), or a card.
 */
export type Protection = 'password' | 'os-keyring' | 'fallback-file' | 'token';

export interface KeyRecord {
  version: 1;
  id: string;
  status: 'pending' | 'installed';
  profileId: string;
  /** 'rsa-2048' ... 'ec-p384' for keys made here; imported keys may be e.g. 'rsa-1024'. */
  keyAlgorithm: string;
  securityLevel: SecurityLevel;
  protection: Protection;
  createdAt: string;
  installedAt?: string;
  subjectForm: SubjectForm;
  normalized?: NormalizedSubject;
  csrPem?: string;
  /** SHA-256 hex of the DER SubjectPublicKeyInfo: matches certificates to this key. */
  spkiSha256: string;
  friendlyName?: string;
  /** SHA-256 thumbprint of the certificate this request renews. */
  renewOf?: string;
  exportable: boolean;
  encryptedKeyPem?: string;
  /** base64 of the Medium secret as wrapped by the MediumProtector. */
  wrappedSecret?: string;
  certificatePem?: string;
  chainPem?: string[];
  /** Thumbprints of certificatePem, hex, kept for lookup by thumbprint. */
  certSha1?: string;
  certSha256?: string;
  /** Issued by the built-in practice CA (shown as such). */
  practice?: boolean;
  token?: TokenRef;
}

const recordSchema = z
  .object({
    version: z.literal(1),
    id: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/),
    status: z.enum(['pending', 'installed']),
    profileId: z.string(),
    keyAlgorithm: z.string(),
    securityLevel: z.enum(['high', 'medium']),
    protection: z.enum(['password', 'os-keyring', 'fallback-file', 'token']),
    createdAt: z.string(),
    installedAt: z.string().optional(),
    subjectForm: subjectFormSchema,
    normalized: z.any().optional(),
    csrPem: z.string().optional(),
    spkiSha256: z.string().regex(/^[0-9a-f]{64}$/),
    friendlyName: z.string().optional(),
    renewOf: z.string().optional(),
    exportable: z.boolean(),
    encryptedKeyPem: z.string().optional(),
    wrappedSecret: z.string().optional(),
    certificatePem: z.string().optional(),
    chainPem: z.array(z.string()).optional(),
    certSha1: z.string().optional(),
    certSha256: z.string().optional(),
    practice: z.boolean().optional(),
    token: z.object({ module: z.string(), serial: z.string(), label: z.string(), ckaId: z.string() }).optional(),
  })
  .passthrough();

export function parseRecord(text: string, id: string): KeyRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw corrupt(id);
  }
  const parsed = recordSchema.safeParse(json);
  if (!parsed.success) throw corrupt(id);
  const rec = parsed.data as KeyRecord;
  if (rec.id !== id) throw corrupt(id);
  if (!rec.token && !rec.encryptedKeyPem) throw corrupt(id);
  if (rec.securityLevel === 'medium' && !rec.token && !rec.wrappedSecret) throw corrupt(id);
  return rec;
}

export function corrupt(id: string): CertwizError {
  return new CertwizError('KEY_STORE_CORRUPT', 'A file in the key store is damaged and cannot be read.', { id });
}
