/**
 * Small helpers to ask the real OpenSSL CLI what it sees in a CSR.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function openssl(args: string[], input?: string | Buffer): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('openssl', args, { input, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function writeCsr(dir: string, name: string, pem: string): string {
  const file = join(dir, name);
  writeFileSync(file, pem);
  return file;
}

/** `openssl req -verify -noout`: exit 0 and "verify OK". */
export function verifies(file: string): boolean {
  const r = openssl(['req', '-in', file, '-verify', '-noout']);
  return r.code === 0 && /verify OK/.test(r.stdout + r.stderr);
}

/** The subject as OpenSSL prints it in RFC 2253 order, UTF-8 left unescaped. */
export function subjectOf(file: string): string {
  const r = openssl(['req', '-in', file, '-noout', '-subject', '-nameopt', 'RFC2253,-esc_msb']);
  return r.stdout.replace(/^subject=/, '').trim();
}

/** One extension's value lines from `-text` (OpenSSL 3.0's `req` has no `-ext`). */
export function extensionText(file: string, title: string): string | null {
  const text = openssl(['req', '-in', file, '-noout', '-text']).stdout;
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.trim().startsWith(`${title}:`));
  return i < 0 ? null : lines[i + 1].trim();
}

export function sansOf(file: string): string[] {
  const v = extensionText(file, 'X509v3 Subject Alternative Name');
  return v === null ? [] : v.split(', ');
}

export function textOf(file: string): string {
  return openssl(['req', '-in', file, '-noout', '-text']).stdout;
}

/** Subject attributes with their ASN.1 string types, from `openssl asn1parse`. */
export function subjectStringTypes(file: string): Array<[string, string, string]> {
  const lines = openssl(['asn1parse', '-in', file]).stdout.split('\n');
  const out: Array<[string, string, string]> = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const obj = /prim: OBJECT\s+:(\S+)/.exec(lines[i]);
    const str = /prim: (PRINTABLESTRING|UTF8STRING|IA5STRING|T61STRING|BMPSTRING)\s+:(.*)$/.exec(lines[i + 1]);
    if (obj && str) out.push([obj[1], str[1], str[2]]);
  }
  return out;
}

/** SHA-256 of the DER SubjectPublicKeyInfo, computed by OpenSSL. */
export function spkiSha256(file: string): string {
  const pub = openssl(['req', '-in', file, '-noout', '-pubkey']).stdout;
  const der = spawnSync('openssl', ['pkey', '-pubin', '-outform', 'DER'], { input: pub });
  const dgst = spawnSync('openssl', ['dgst', '-sha256', '-r'], { input: der.stdout, encoding: 'utf8' });
  return dgst.stdout.split(' ')[0];
}
