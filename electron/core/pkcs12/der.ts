/**
 * A minimal DER writer (X.690 §8, §10: definite lengths, minimal encodings) for the PFX writer.
 *
 * Written by hand because profiling `writePfx` showed @peculiar/asn1-schema's AsnSerializer taking
 * about a third of an export: every ANY field (bag values, content, AlgorithmIdentifier
 * parameters) is parsed again with asn1js before it is encoded, so the certificates and the
 * encrypted key were parsed and re-encoded several times. The PFX structures are a handful of
 * SEQUENCEs of bytes we already hold, so plain TLV concatenation is enough. Reading still uses
 * the schema library (read.ts), which also checks what this writes (write-peers tests).
 */

/** Tag | length | value with the shortest definite length (X.690 §8.1.3, §10.1). */
export function tlv(tag: number, ...parts: Uint8Array[]): Buffer {
  const body = Buffer.concat(parts);
  const n = body.length;
  let len: number[];
  if (n < 0x80) len = [n];
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    len = [0x80 | bytes.length, ...bytes];
  }
  return Buffer.concat([Buffer.from([tag, ...len]), body]);
}

export const seq = (...parts: Uint8Array[]) => tlv(0x30, ...parts);
export const octets = (bytes: Uint8Array) => tlv(0x04, bytes);
export const NULL = Buffer.from([0x05, 0x00]);
/** [n] EXPLICIT (constructed, context-specific). */
export const explicit = (n: number, ...parts: Uint8Array[]) => tlv(0xa0 | n, ...parts);
/** [n] IMPLICIT primitive, e.g. EncryptedContentInfo.encryptedContent (RFC 5652 §6.1). */
export const implicitPrimitive = (n: number, bytes: Uint8Array) => tlv(0x80 | n, bytes);

/** SET OF with its elements sorted by their encodings (X.690 §11.6). */
export function setOf(...elements: Uint8Array[]): Buffer {
  return tlv(0x31, ...[...elements].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
}

/** A non-negative INTEGER, minimal two's complement (X.690 §8.3). */
export function integer(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('integer');
  const bytes: number[] = [];
  let v = value;
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  if (bytes[0] & 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
}

/** OBJECT IDENTIFIER from dotted form (X.690 §8.19). */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((a) => !Number.isSafeInteger(a) || a < 0)) throw new RangeError('oid');
  const out: number[] = [];
  const push = (v: number) => {
    const b: number[] = [v & 0x7f];
    for (v = Math.floor(v / 128); v > 0; v = Math.floor(v / 128)) b.unshift(0x80 | (v & 0x7f));
    out.push(...b);
  };
  push(arcs[0] * 40 + arcs[1]);
  for (const a of arcs.slice(2)) push(a);
  return tlv(0x06, Buffer.from(out));
}

/** BMPString (UCS-2 big-endian), as PKCS #9 friendlyName is written (RFC 2985 §5.5.1). */
export function bmpString(s: string): Buffer {
  const b = Buffer.alloc(s.length * 2);
  for (let i = 0; i < s.length; i++) b.writeUInt16BE(s.charCodeAt(i), i * 2);
  return tlv(0x1e, b);
}
