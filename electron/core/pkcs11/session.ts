/**
 * A logged-in session on one token, with the PIN checks that save a try.
 *
 * The PIN length is checked against the token's own ulMinPinLen/ulMaxPinLen before C_Login, so
 * a typo that cannot be right does not count as a wrong try on a card that locks after three
 * (Certum: common-profile PIN of 4 to 32 characters). After a failed login the token flags are
 * read again, so the error can say "one more wrong PIN locks the card" (CKF_USER_PIN_FINAL_TRY).
 *
 * C_Login runs on a worker thread (login-worker.ts): a PIN-pad reader holds it until the user has
 * typed the PIN, which must not freeze the main process.
 *
 * We never call C_Logout: login state belongs to the token, not the session (PKCS#11 v2.40 §5.6),
 * so logging out here would log out another operation's session too; closing the last session
 * returns the token to the public state anyway.
 */
import * as graphene from 'graphene-pk11';
import { CertwizError } from '../../../shared/errors';
import { ckrName, mapPkcs11Error } from './errors';
import { loginOffThread } from './login-worker';
import { findToken, pinInfoFromToken, type FoundToken } from './tokens';
import type { TokenTarget } from './types';

export interface TokenSession extends FoundToken {
  session: graphene.Session;
  /** Closes the session; safe to call twice and after the card was pulled. */
  close(): void;
}

/** Rejects a PIN the token could never accept, without spending a try. */
export function checkPinShape(pin: string | undefined, found: Pick<FoundToken, 'info'>): void {
  const { pinInfo, label } = found.info;
  if (pinInfo.pinPad && (pin === undefined || pin === '')) return;
  if (typeof pin !== 'string' || pin.length === 0) {
    throw new CertwizError('PIN_INVALID', 'Enter the PIN of the card.', { token: label });
  }
  const min = pinInfo.minLength > 0 && pinInfo.minLength < 0xffff ? pinInfo.minLength : 1;
  const max = pinInfo.maxLength > 0 && pinInfo.maxLength < 0xffff ? pinInfo.maxLength : 0;
  // Length in bytes: PKCS#11 PINs are UTF-8 strings and the limits count bytes.
  const len = Buffer.byteLength(pin, 'utf8');
  if (len < min || (max > 0 && len > max)) {
    throw new CertwizError(
      'PIN_INVALID',
      max > 0
        ? `The PIN of this card has ${min} to ${max} characters.`
        : `The PIN of this card has at least ${min} characters.`,
      { token: label, min, max },
    );
  }
}

/**
 * Opens a read-write session on the token named in `target` and logs the user in.
 *
 * A locked PIN is reported without trying (the card would only say so again). The caller must
 * call close(), normally through withTokenSession.
 */
export async function openUserSession(target: TokenTarget, opts: { readWrite?: boolean } = {}): Promise<TokenSession> {
  const found = findToken(target.token, target.module);
  const ctx = { token: found.info.label || found.info.serial };
  const { pinInfo } = found.info;
  if (pinInfo.locked) {
    throw mapPkcs11Error({ code: 0xa4 }, { ...ctx, pinInfo });
  }
  if (!pinInfo.initialized) {
    throw mapPkcs11Error({ code: 0x102 }, ctx);
  }
  checkPinShape(target.pin, found);

  let session: graphene.Session;
  try {
    let flags = graphene.SessionFlag.SERIAL_SESSION;
    if (opts.readWrite !== false) flags |= graphene.SessionFlag.RW_SESSION;
    session = found.slot.open(flags);
  } catch (err) {
    throw mapPkcs11Error(err, ctx);
  }
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    try {
      session.close();
    } catch {
      /* the card may be gone; the library drops the session with it */
    }
  };
  try {
    await loginOffThread(found.libraryPath, session, target.pin ?? '', graphene.UserType.USER);
  } catch (err) {
    if (ckrName(err) !== 'USER_ALREADY_LOGGED_IN') {
      let after = pinInfo;
      try {
        after = pinInfoFromToken(found.slot.getToken());
      } catch {
        /* card pulled: keep what we knew */
      }
      close();
      throw mapPkcs11Error(err, { ...ctx, pinInfo: after });
    }
  }
  return { ...found, session, close };
}

/** Runs `fn` in a logged-in session and always closes it; PKCS#11 errors become CertwizErrors. */
export async function withTokenSession<T>(
  target: TokenTarget,
  fn: (s: TokenSession) => Promise<T> | T,
): Promise<T> {
  const s = await openUserSession(target);
  try {
    return await fn(s);
  } catch (err) {
    throw mapPkcs11Error(err, { token: s.info.label || s.info.serial });
  } finally {
    s.close();
  }
}
