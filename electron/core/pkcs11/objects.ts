/**
 * Finding and removing the objects that belong together by CKA_ID.
 *
 * PKCS#11 ties a private key, its public key and its certificate only by an equal CKA_ID (v2.40
 * §4.4; the convention OpenSC, NSS and Windows' minidrivers follow). Every operation that creates
 * objects records what it made and calls `destroyCreated` on failure, so a pulled card or a full
 * token does not leave half a key pair behind (issue 5).
 */
import { randomBytes } from 'node:crypto';
import * as graphene from 'graphene-pk11';
import { CertwizError } from '../../../shared/errors';
import { mapPkcs11Error } from './errors';
import { withTokenSession } from './session';
import { findToken } from './tokens';
import type { TokenTarget } from './types';

/** A CKA_ID given as hex: even length, 1..64 bytes. */
export function parseCkaId(hex: string): Buffer {
  if (typeof hex !== 'string' || !/^(?:[0-9a-fA-F]{2}){1,64}$/.test(hex)) {
    throw new CertwizError('INVALID_INPUT', 'The key identifier on the card is not valid.', { ckaId: String(hex).slice(0, 130) });
  }
  return Buffer.from(hex, 'hex');
}

/** A user-recognisable CKA_LABEL: trimmed, no control characters, at most 64 characters. */
export function checkLabel(label: string): string {
  const l = typeof label === 'string' ? label.trim() : '';
  // eslint-disable-next-line no-control-regex
  if (!l || l.length > 64 || /[\u0000-\u001f\u007f]/.test(l)) {
    throw new CertwizError('INVALID_INPUT', 'Give the key a name of 1 to 64 characters without control characters.', {});
  }
  return l;
}

export function findById(session: graphene.Session, id: Buffer, cls?: graphene.ObjectClass): graphene.SessionObject[] {
  const tpl: graphene.ITemplate = { id, token: true };
  if (cls !== undefined) tpl.class = cls;
  const out: graphene.SessionObject[] = [];
  const found = session.find(tpl);
  for (let i = 0; i < found.length; i++) out.push(found.items(i));
  return out;
}

/** A fresh random CKA_ID (20 bytes, the size of the SHA-1 ids other tools use) unused on the token. */
export function newCkaId(session: graphene.Session): Buffer {
  for (;;) {
    const id = randomBytes(20);
    if (findById(session, id).length === 0) return id;
  }
}

/** Best effort: destroys what one operation created; a card already gone keeps nothing anyway. */
export function destroyCreated(objects: (graphene.SessionObject | undefined | null)[]): number {
  let n = 0;
  for (const o of objects) {
    if (!o) continue;
    try {
      o.destroy();
      n++;
    } catch {
      /* removed card or object already gone */
    }
  }
  return n;
}

/** Destroys every token object with this CKA_ID (a key generation the library half-finished). */
export function destroyById(session: graphene.Session, id: Buffer): number {
  try {
    return destroyCreated(findById(session, id));
  } catch {
    return 0;
  }
}

/**
 * Removes a key pair and its certificates from the card: deleting a pending request that was
 * generated on a token, or undoing an enrollment the user abandoned.
 */
export async function deleteTokenObjects(target: TokenTarget & { ckaId: string }): Promise<{ deleted: number }> {
  const id = parseCkaId(target.ckaId);
  return withTokenSession(target, (s) => ({ deleted: destroyCreated(findById(s.session, id)) }));
}

/** Objects with this CKA_ID on the token, by class name, for status checks and tests. */
export async function describeTokenObjects(
  target: TokenTarget & { ckaId: string },
): Promise<{ class: string; label: string }[]> {
  const id = parseCkaId(target.ckaId);
  return withTokenSession(target, (s) =>
    findById(s.session, id).map((o) => ({
      class: graphene.ObjectClass[o.class] ?? String(o.class),
      label: String(o.getAttribute({ label: null }).label ?? ''),
    })),
  );
}

/**
 * Whether the card holds the public key with this CKA_ID, asked without a PIN (public objects
 * are readable in a public session, PKCS#11 v2.40 §4.1). `complete` uses it to tell "insert the
 * card this request was made on" before asking for the PIN; TOKEN_NOT_PRESENT when the card is
 * not in a reader at all.
 */
export function tokenHasKey(target: Omit<TokenTarget, 'pin'> & { ckaId: string }): boolean {
  const id = parseCkaId(target.ckaId);
  const found = findToken(target.token, target.module);
  let session: graphene.Session | undefined;
  try {
    session = found.slot.open(graphene.SessionFlag.SERIAL_SESSION);
    return findById(session, id, graphene.ObjectClass.PUBLIC_KEY).length > 0;
  } catch (err) {
    throw mapPkcs11Error(err, { token: found.info.label });
  } finally {
    try {
      session?.close();
    } catch {
      /* card gone */
    }
  }
}
