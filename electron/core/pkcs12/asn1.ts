/**
 * Small BER helpers on asn1js for what the @peculiar schemas do not cover.
 *
 * PKCS #12 files may be BER (RFC 7292 §4: NSS pk12util writes indefinite lengths and
 * constructed OCTET STRINGs, chopped into chunks). asn1-schema's OctetString converter reads only
 * the primitive form, so every OCTET STRING whose content we need goes through `octetsOf`, which
 * concatenates the chunks (X.690 §8.7.3). Every failure here is PFX_CORRUPT: the bytes came from a
 * file and are untrusted.
 */
import * as asn1js from 'asn1js';
import { CertwizError } from '../../../shared/errors';

export function corrupt(detail: string): CertwizError {
  return new CertwizError('PFX_CORRUPT', 'This file is damaged or is not a PFX/P12 file.', { detail });
}

export function toU8(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** An ArrayBuffer holding exactly these bytes (asn1js and asn1-schema want whole buffers). */
export function toAb(data: Uint8Array): ArrayBuffer {
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}

export function parseBer(data: ArrayBuffer | Uint8Array, what: string): asn1js.AsnType {
  const ab = data instanceof Uint8Array ? toAb(data) : data;
  let parsed: ReturnType<typeof asn1js.fromBER>;
  try {
    parsed = asn1js.fromBER(ab);
  } catch {
    throw corrupt(what);
  }
  if (parsed.offset === -1 || parsed.result.error) throw corrupt(what);
  return parsed.result;
}

type Node = asn1js.AsnType & {
  idBlock: { tagClass: number; tagNumber: number; isConstructed: boolean };
  valueBlock: { value?: unknown[]; valueHexView?: Uint8Array; isConstructed?: boolean };
};

/** Children of a constructed node (SEQUENCE, SET or a context tag), else PFX_CORRUPT. */
export function childrenOf(node: asn1js.AsnType, what: string): asn1js.AsnType[] {
  const n = node as Node;
  if (!n.idBlock?.isConstructed || !Array.isArray(n.valueBlock?.value)) throw corrupt(what);
  return n.valueBlock.value as asn1js.AsnType[];
}

/**
 * Content of an OCTET STRING, primitive or constructed, also under an IMPLICIT tag.
 *
 * Depth is bounded so a crafted file cannot recurse without end.
 */
export function octetsOf(node: asn1js.AsnType, what: string, depth = 0): Uint8Array {
  const n = node as Node;
  if (depth > 8 || !n.idBlock) throw corrupt(what);
  const universal = n.idBlock.tagClass === 1;
  if (universal && n.idBlock.tagNumber !== 4) throw corrupt(what);
  if (!n.idBlock.isConstructed) {
    const v = n.valueBlock.valueHexView;
    if (!(v instanceof Uint8Array)) throw corrupt(what);
    return v;
  }
  const parts = (n.valueBlock.value ?? []) as asn1js.AsnType[];
  const chunks = parts.map((p) => octetsOf(p, what, depth + 1));
  return Buffer.concat(chunks);
}

/** The value of an OBJECT IDENTIFIER node. */
export function oidOf(node: asn1js.AsnType | undefined, what: string): string {
  if (!(node instanceof asn1js.ObjectIdentifier)) throw corrupt(what);
  const s = node.valueBlock.toString();
  if (!/^\d+(\.\d+)+$/.test(s)) throw corrupt(what);
  return s;
}

/**
 * A non-negative INTEGER as a number; values beyond 2^53 come back as Infinity.
 *
 * Used for iteration counts and key lengths: the caller compares with its cap before any work,
 * so an absurd value must not wrap around into a small one.
 */
export function countOf(node: asn1js.AsnType | undefined, what: string): number {
  if (!(node instanceof asn1js.Integer)) throw corrupt(what);
  return countFromBytes(node.valueBlock.valueHexView, what);
}

export function countFromBytes(bytes: Uint8Array, what: string): number {
  if (bytes.length === 0 || (bytes[0] & 0x80) !== 0) throw corrupt(what);
  let v = 0;
  for (const b of bytes) {
    v = v * 256 + b;
    if (v > Number.MAX_SAFE_INTEGER) return Infinity;
  }
  return v;
}

/** asn1-schema's Integer converter gives a number, or a decimal string from 4 bytes up. */
export function countFromSchema(value: unknown, what: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(n)) {
    if (typeof value === 'string' && /^\d+$/.test(value)) return Infinity;
    throw corrupt(what);
  }
  if (n < 0 || !Number.isInteger(n)) throw corrupt(what);
  return n;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
