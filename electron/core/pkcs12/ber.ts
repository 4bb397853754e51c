/**
 * A light BER/DER walker for the PFX reader: tag, length and content offsets, nothing decoded
 * until asked.
 *
 * Why by hand: asn1js (under asn1-schema) parses every OCTET STRING's content speculatively as
 * more ASN.1, so each level of a PFX (authSafe → ContentInfo → SafeContents → bag → certificate)
 * was parsed again at every level above it, and the schema parser then walked it once more.
 * Profiled: about 60 % of `inspectPfx` at 2048 iterations (issue 3 bench: inspect ≤ 1.2×
 * `openssl pkcs12`). The reader needs only a few fields, so it walks the bytes itself.
 *
 * Supports what PFX producers write (RFC 7292 §4 allows BER): definite and indefinite lengths
 * (X.690 §8.1.3), constructed OCTET STRINGs in chunks (§8.7.3), high tag numbers (§8.1.2.4).
 * Every malformed input is PFX_CORRUPT; lengths are checked against the enclosing bounds and
 * nesting is bounded, so crafted bytes cannot read out of range or recurse without end.
 */
import { corrupt } from './asn1';

export interface BerNode {
  readonly buf: Uint8Array;
  /** 0 universal, 1 application, 2 context-specific, 3 private. */
  readonly cls: number;
  readonly tag: number;
  readonly constructed: boolean;
  /** Offset of the identifier octet. */
  readonly start: number;
  /** Offset of the first content octet. */
  readonly contentStart: number;
  /** Offset just past the content (before the end-of-contents octets of an indefinite length). */
  readonly contentEnd: number;
  /** Offset just past the whole element (after end-of-contents, if any). */
  readonly end: number;
}

const MAX_DEPTH = 32;

/** The element at `offset`, which must end by `limit`. */
export function readNode(buf: Uint8Array, offset: number, limit: number, what: string, depth = 0): BerNode {
  if (depth > MAX_DEPTH) throw corrupt(what);
  let p = offset;
  if (p >= limit) throw corrupt(what);
  const id = buf[p++];
  const cls = id >> 6;
  const constructed = (id & 0x20) !== 0;
  let tag = id & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    for (let n = 0; ; n++) {
      if (p >= limit || n > 3) throw corrupt(what);
      const b = buf[p++];
      tag = tag * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  if (p >= limit) throw corrupt(what);
  const first = buf[p++];
  if (first < 0x80) {
    const end = p + first;
    if (end > limit) throw corrupt(what);
    return { buf, cls, tag, constructed, start: offset, contentStart: p, contentEnd: end, end };
  }
  if (first === 0x80) {
    // Indefinite length: constructed only; children until the 00 00 end-of-contents.
    if (!constructed) throw corrupt(what);
    let q = p;
    for (;;) {
      if (q + 2 > limit) throw corrupt(what);
      if (buf[q] === 0 && buf[q + 1] === 0) break;
      q = readNode(buf, q, limit, what, depth + 1).end;
    }
    return { buf, cls, tag, constructed, start: offset, contentStart: p, contentEnd: q, end: q + 2 };
  }
  const n = first & 0x7f;
  if (n > 4 || p + n > limit) throw corrupt(what);
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + buf[p++];
  const end = p + len;
  if (end > limit) throw corrupt(what);
  return { buf, cls, tag, constructed, start: offset, contentStart: p, contentEnd: end, end };
}

/** The single element filling `bytes` exactly (trailing bytes are corruption). */
export function parseWhole(bytes: Uint8Array, what: string): BerNode {
  const node = readNode(bytes, 0, bytes.length, what);
  if (node.end !== bytes.length) throw corrupt(what);
  return node;
}

/** Children of a constructed element, else PFX_CORRUPT. */
export function kids(node: BerNode, what: string): BerNode[] {
  if (!node.constructed) throw corrupt(what);
  const out: BerNode[] = [];
  for (let p = node.contentStart; p < node.contentEnd; ) {
    const c = readNode(node.buf, p, node.contentEnd, what);
    out.push(c);
    p = c.end;
  }
  return out;
}

/** The content octets of a primitive element. */
export function contentOf(node: BerNode, what: string): Uint8Array {
  if (node.constructed) throw corrupt(what);
  return node.buf.subarray(node.contentStart, node.contentEnd);
}

/** The whole element's bytes (identifier, length, content). */
export function rawOf(node: BerNode): Uint8Array {
  return node.buf.subarray(node.start, node.end);
}

/** The single element inside an EXPLICIT tag ([0] EXPLICIT ANY). */
export function explicitInner(node: BerNode, what: string): BerNode {
  const k = kids(node, what);
  if (k.length !== 1) throw corrupt(what);
  return k[0];
}

/**
 * Content of an OCTET STRING, primitive or constructed (chunks concatenated), also under an
 * IMPLICIT tag: universal tags other than 4 are corruption.
 */
export function octets(node: BerNode, what: string, depth = 0): Uint8Array {
  if (depth > 8) throw corrupt(what);
  if (node.cls === 0 && node.tag !== 4) throw corrupt(what);
  if (!node.constructed) return node.buf.subarray(node.contentStart, node.contentEnd);
  return Buffer.concat(kids(node, what).map((c) => octets(c, what, depth + 1)));
}

/** An OBJECT IDENTIFIER's dotted form (X.690 §8.19). */
export function oid(node: BerNode | undefined, what: string): string {
  if (!node || node.cls !== 0 || node.tag !== 6 || node.constructed) throw corrupt(what);
  const c = node.buf.subarray(node.contentStart, node.contentEnd);
  if (c.length === 0 || c.length > 64 || (c[c.length - 1] & 0x80) !== 0) throw corrupt(what);
  const arcs: number[] = [];
  let v = 0;
  for (let i = 0; i < c.length; i++) {
    if (v === 0 && c[i] === 0x80) throw corrupt(what); // non-minimal arc
    v = v * 128 + (c[i] & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER) throw corrupt(what);
    if ((c[i] & 0x80) === 0) {
      if (arcs.length === 0) arcs.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else arcs.push(v);
      v = 0;
    }
  }
  return arcs.join('.');
}

/** Universal tag check. */
export function isUniversal(node: BerNode | undefined, tag: number): boolean {
  return !!node && node.cls === 0 && node.tag === tag;
}

/** A string attribute value: BMPString (UTF-16BE), UTF8String, or another universal string type. */
export function stringOf(node: BerNode): string | null {
  if (node.cls !== 0 || node.constructed) return null;
  const c = Buffer.from(node.buf.buffer, node.buf.byteOffset + node.contentStart, node.contentEnd - node.contentStart);
  if (node.tag === 30) {
    if (c.length % 2) return null;
    const sw = Buffer.from(c); // copy: swap16 works in place
    return sw.swap16().toString('utf16le');
  }
  if (node.tag === 12) return c.toString('utf8');
  if ([19, 20, 22, 26].includes(node.tag)) return c.toString('latin1');
  return null;
}
