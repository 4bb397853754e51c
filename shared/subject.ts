/**
 * Types shared by the field rules (shared/fields.ts), the CA profiles (shared/profiles.ts),
 * the CSR builder (electron/core/csr.ts) and the renderer.
 *
 * The rules turn what a person typed (a SubjectForm) into a NormalizedSubject: exactly what goes
 * into the CSR, each value with its ASN.1 string type, plus the form shown to people (U-labels
 * for Chinese domain names). The renderer runs the same rules as the user types; main runs them
 * again before building anything.
 */
import type { KeyAlgorithm } from './ipc';

/** Attribute types Certwiz puts in a subject, in the order they are encoded (C first). */
export type RdnType = 'C' | 'ST' | 'L' | 'O' | 'OU' | 'CN' | 'E';
/** X.520 DirectoryString choice (RFC 5280 §4.1.2.6; PrintableString where a CA requires it). */
export type StringEncoding = 'printable' | 'utf8' | 'ia5';

export interface NormalizedRdn {
  type: RdnType;
  /** As encoded (IDNs as A-labels). */
  value: string;
  /** As shown to people (IDNs as U-labels). */
  display: string;
  encoding: StringEncoding;
}

export interface NormalizedSan {
  type: 'dns' | 'email';
  value: string;
  display: string;
}

export interface NormalizedSubject {
  rdns: NormalizedRdn[];
  sans: NormalizedSan[];
  /** OIDs of the extended key usages to request (serverAuth, emailProtection...). */
  extendedKeyUsage: string[];
}

/** One problem with one field, with a rule id that every catalogue translates. */
export interface FieldIssue {
  /** Form field: 'cn', 'o', 'ou', 'l', 'st', 'c', 'email', 'sans.3', 'keyAlgorithm', 'password'. */
  field: string;
  /** Stable rule id, e.g. 'cn.wildcardNotLeftmost'; catalogue key `rule.<id>`. */
  rule: string;
  /** English text, for the CLI and logs. */
  message: string;
  /** Where the rule comes from ("Guide 004 B 3", "RFC 5280 §4.1.2.6"). */
  source: string;
  params?: Record<string, string | number>;
}

export interface ValidationResult {
  ok: boolean;
  issues: FieldIssue[];
  /** Present when ok. */
  normalized?: NormalizedSubject;
}

export interface ProfileField {
  id: 'cn' | 'o' | 'ou' | 'l' | 'st' | 'c' | 'email' | 'sans';
  required: boolean;
  /** Value used when the user leaves it empty (HK Post: "Hong Kong"). */
  defaultValue?: string;
  /** Fixed value the CA requires (HK Post: C=HK); the UI shows it read-only. */
  fixed?: string;
  maxLength: number;
  encoding: StringEncoding;
}

export interface CaProfile {
  id: string;
  /** Catalogue key of the name, and an English fallback. */
  nameKey: string;
  name: string;
  kind: 'server' | 'email';
  fields: ProfileField[];
  keyAlgorithms: KeyAlgorithm[];
  defaultKeyAlgorithm: KeyAlgorithm;
  /** Wildcards allowed only in the left-most label. */
  allowWildcard: boolean;
  /** Chinese (IDN) domain names accepted and encoded as A-labels. */
  allowIdn: boolean;
  /**
   * Whether the form asks for more names. HK Post: the CN is the "server name used as subject
   * name" and extra domains go on the CA's web form, so SANs are optional there.
   */
  sansRequired: boolean;
  extendedKeyUsage: string[];
  /** Where the rules come from. */
  sources: string[];
}
