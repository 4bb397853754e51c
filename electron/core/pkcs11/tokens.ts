/**
 * The readers and cards a PKCS#11 library sees, and finding one by label or serial.
 *
 * What we show follows the Certum guide's "New key pair generation" dialog ("Reader name",
 * "Card number"): slot description and token serial, plus label, manufacturer and model. Key
 * types are offered only when the token's mechanism list has both the key-pair generation and a
 * signing mechanism for them in the size range it declares (PKCS#11 v2.40 §5.5 C_GetMechanismInfo,
 * ulMinKeySize/ulMaxKeySize in bits for RSA and EC).
 */
import * as graphene from 'graphene-pk11';
import { CertwizError } from '../../../shared/errors';
import { KEY_ALGORITHMS, type KeyAlgorithm } from '../../../shared/constants';
import { mapPkcs11Error } from './errors';
import { loadModule } from './library';
import type { PinInfo, TokenInfo, TokenRef } from './types';

/** PKCS#11 mechanism and flag values (pkcs11t.h). */
const CKM = {
  RSA_PKCS_KEY_PAIR_GEN: 0x0,
  RSA_PKCS: 0x1,
  SHA256_RSA_PKCS: 0x40,
  SHA384_RSA_PKCS: 0x41,
  EC_KEY_PAIR_GEN: 0x1040,
  ECDSA: 0x1041,
  ECDSA_SHA256: 0x1044,
  ECDSA_SHA384: 0x1045,
} as const;
const CKF_SIGN = 0x800;
const CKF_GENERATE_KEY_PAIR = 0x10000;

const TF = graphene.TokenFlag;

export interface MechanismFacts {
  type: number;
  flags: number;
  minKeySize: number;
  maxKeySize: number;
}

/** Bits for the algorithms we offer; EC sizes are the curve's field size. */
const ALG_BITS: Record<KeyAlgorithm, { kind: 'rsa' | 'ec'; bits: number }> = {
  'rsa-2048': { kind: 'rsa', bits: 2048 },
  'rsa-3072': { kind: 'rsa', bits: 3072 },
  'rsa-4096': { kind: 'rsa', bits: 4096 },
  'ec-p256': { kind: 'ec', bits: 256 },
  'ec-p384': { kind: 'ec', bits: 384 },
};

function inRange(m: MechanismFacts, bits: number): boolean {
  // 0 means "not reported"; some EC tokens report bytes, so accept a byte-sized range too.
  if (m.maxKeySize === 0) return true;
  if (bits >= m.minKeySize && bits <= m.maxKeySize) return true;
  const bytes = Math.ceil(bits / 8);
  return m.maxKeySize < 100 && bytes >= m.minKeySize && bytes <= m.maxKeySize;
}

/**
 * The key algorithms a mechanism list allows: generation in range, and some way to sign.
 *
 * Signing may be hashed on the card (CKM_SHA256_RSA_PKCS, CKM_ECDSA_SHA256) or raw (CKM_RSA_PKCS,
 * CKM_ECDSA) with the hash done by node-webcrypto-p11 on the host; either serves a CSR.
 */
export function keyAlgorithmsFromMechanisms(mechs: MechanismFacts[]): KeyAlgorithm[] {
  const by = (t: number) => mechs.find((m) => m.type === t);
  const canSign = (...types: number[]) =>
    types.some((t) => {
      const m = by(t);
      return m !== undefined && (m.flags === 0 || (m.flags & CKF_SIGN) !== 0);
    });
  const gen = (t: number) => {
    const m = by(t);
    return m && (m.flags === 0 || (m.flags & CKF_GENERATE_KEY_PAIR) !== 0) ? m : undefined;
  };
  const rsaGen = gen(CKM.RSA_PKCS_KEY_PAIR_GEN);
  const ecGen = gen(CKM.EC_KEY_PAIR_GEN);
  const rsaSign = canSign(CKM.SHA256_RSA_PKCS, CKM.RSA_PKCS);
  const ecSign256 = canSign(CKM.ECDSA_SHA256, CKM.ECDSA);
  const ecSign384 = canSign(CKM.ECDSA_SHA384, CKM.ECDSA);
  return KEY_ALGORITHMS.filter((alg) => {
    const { kind, bits } = ALG_BITS[alg];
    if (kind === 'rsa') return !!rsaGen && rsaSign && inRange(rsaGen, bits);
    return !!ecGen && (bits === 384 ? ecSign384 : ecSign256) && inRange(ecGen, bits);
  });
}

export function pinInfoFromToken(token: { flags: number; minPinLen: number; maxPinLen: number }): PinInfo {
  const f = token.flags;
  return {
    countLow: (f & TF.USER_PIN_COUNT_LOW) !== 0,
    finalTry: (f & TF.USER_PIN_FINAL_TRY) !== 0,
    locked: (f & TF.USER_PIN_LOCKED) !== 0,
    toBeChanged: (f & TF.USER_PIN_TO_BE_CHANGED) !== 0,
    initialized: (f & TF.USER_PIN_INITIALIZED) !== 0,
    pinPad: (f & TF.PROTECTED_AUTHENTICATION_PATH) !== 0,
    minLength: token.minPinLen,
    maxLength: token.maxPinLen,
  };
}

/** CK_SLOT_ID is a CK_ULONG: 8 bytes on LP64 (Linux, macOS), 4 on Windows. */
export function slotIdOf(slot: graphene.Slot): number {
  const h = slot.handle;
  return h.length >= 8 ? Number(h.readBigUInt64LE(0)) : h.readUInt32LE(0);
}

/** CK_UNAVAILABLE_INFORMATION is ~0 in a CK_ULONG; graphene hands it over as a number or bigint. */
function memory(value: unknown): number | undefined {
  const n = typeof value === 'bigint' ? value : typeof value === 'number' ? BigInt(Math.trunc(value)) : undefined;
  if (n === undefined || n < 0n || n >= 0xffffffffn) return undefined;
  return Number(n);
}

function mechanismsOf(slot: graphene.Slot): MechanismFacts[] {
  const out: MechanismFacts[] = [];
  const list = slot.getMechanisms();
  for (let i = 0; i < list.length; i++) {
    const m = list.tryGetItem(i);
    if (m) out.push({ type: m.type, flags: m.flags, minKeySize: m.minKeySize, maxKeySize: m.maxKeySize });
  }
  return out;
}

export function describeToken(slot: graphene.Slot, modulePath: string): TokenInfo {
  const t = slot.getToken();
  const flags = t.flags;
  return {
    slotId: slotIdOf(slot),
    slotDescription: slot.slotDescription.trim(),
    label: t.label.trim(),
    manufacturer: t.manufacturerID.trim(),
    model: t.model.trim(),
    serial: t.serialNumber.trim(),
    flags,
    initialized: (flags & TF.TOKEN_INITIALIZED) !== 0,
    writeProtected: (flags & TF.WRITE_PROTECTED) !== 0,
    pinInfo: pinInfoFromToken(t),
    freeSpace: memory(t.freePublicMemory),
    keyGenMechanisms: keyAlgorithmsFromMechanisms(mechanismsOf(slot)),
    module: modulePath,
  };
}

/** Every slot with a token present, as public facts. */
export function listTokens(modulePath?: string): TokenInfo[] {
  const { module, path } = loadModule(modulePath);
  try {
    const slots = module.getSlots(true);
    const out: TokenInfo[] = [];
    for (let i = 0; i < slots.length; i++) {
      const slot = slots.items(i);
      try {
        out.push(describeToken(slot, path));
      } catch {
        // A card pulled between C_GetSlotList and C_GetTokenInfo: it is simply not listed.
      }
    }
    return out;
  } catch (err) {
    throw mapPkcs11Error(err);
  }
}

export interface FoundToken {
  slot: graphene.Slot;
  info: TokenInfo;
  modulePath: string;
  /** The library file with symlinks resolved (see library.ts). */
  libraryPath: string;
  module: graphene.Module;
}

/**
 * The slot holding the token with this label or serial.
 *
 * Serial wins over label (labels repeat: two cards both labelled "Common profile"); a label two
 * present cards share is refused rather than guessed. No match is
 * TOKEN_NOT_PRESENT, also when another card is in the reader ("wrong card inserted", issue 5); the
 * labels that are present go in params so the message can name them.
 */
export function findToken(ref: TokenRef, modulePath?: string): FoundToken {
  const { module, path, realPath } = loadModule(modulePath);
  const want = ref.trim();
  if (!want) throw new CertwizError('INVALID_INPUT', 'Name the card by its label or serial number.');
  let slots: graphene.SlotCollection;
  try {
    slots = module.getSlots(true);
  } catch (err) {
    throw mapPkcs11Error(err, { token: want });
  }
  const seen: FoundToken[] = [];
  for (let i = 0; i < slots.length; i++) {
    const slot = slots.items(i);
    try {
      seen.push({ slot, info: describeToken(slot, path), modulePath: path, libraryPath: realPath, module });
    } catch {
      /* removed meanwhile */
    }
  }
  const bySerial = seen.find((s) => s.info.serial === want);
  if (bySerial) return bySerial;
  const byLabel = seen.filter((s) => s.info.label === want && s.info.initialized);
  if (byLabel.length > 1) {
    // Never guess between two cards: the key would land on whichever the library lists first.
    throw new CertwizError('INVALID_INPUT', 'Two cards in the readers have this label. Choose the card by its serial number.', {
      token: want,
      serials: byLabel.map((s) => s.info.serial).join(', '),
    });
  }
  if (byLabel.length === 1) return byLabel[0];
  const present = seen.filter((s) => s.info.initialized).map((s) => s.info.label || s.info.serial);
  throw new CertwizError(
    'TOKEN_NOT_PRESENT',
    present.length
      ? 'The card you chose is not in a reader; another card is. Insert the right card and try again.'
      : 'No card is in a reader. Insert the card and try again.',
    { token: want, present: present.join(', ') },
  );
}

/** Stable fingerprint of what a user sees in the card list; changes on insert, removal, PIN state. */
function listKey(tokens: TokenInfo[]): string {
  return JSON.stringify(tokens.map((t) => [t.slotId, t.serial, t.label, t.flags]));
}

/**
 * Calls `onChange` with the new list whenever a card is inserted, removed or changes state
 * (issue 5: the list is "updated when a card is inserted or removed").
 *
 * Polls C_GetSlotList rather than blocking in C_WaitForSlotEvent, which many libraries do not
 * implement (CKR_FUNCTION_NOT_SUPPORTED) and which cannot be interrupted once it blocks. Errors
 * while polling (reader unplugged mid-call) are skipped; the next poll tries again. Returns stop().
 */
export function watchTokens(
  modulePath: string | undefined,
  onChange: (tokens: TokenInfo[]) => void,
  opts: { intervalMs?: number } = {},
): () => void {
  let last: string | undefined;
  const poll = () => {
    try {
      const tokens = listTokens(modulePath);
      const key = listKey(tokens);
      if (key !== last) {
        last = key;
        onChange(tokens);
      }
    } catch {
      /* try again on the next tick */
    }
  };
  poll();
  const timer = setInterval(poll, opts.intervalMs ?? 1500);
  timer.unref?.();
  return () => clearInterval(timer);
}
