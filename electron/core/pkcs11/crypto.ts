/**
 * A WebCrypto `Crypto` whose private key lives on the card, for @peculiar/x509 to sign with.
 *
 * node-webcrypto-p11 wraps our own logged-in graphene session (`new Crypto({ session })`), so the
 * library is loaded once (library.ts) and the provider never calls C_Initialize / C_Finalize
 * itself. Its sign goes through pkcs11js's asynchronous C_Sign, off the main thread. The CSR
 * generator takes the provider as an argument (STYLE.md §8: "inject the crypto provider"), so
 * electron/core/csr.ts signs on the card with no card-specific code:
 *
 *   const t = await getTokenCrypto({ module, token, pin, ckaId });
 *   try { await buildCsr(normalized, t.keys, t.signingAlgorithm, t.crypto); } finally { t.close(); }
 */
import 'reflect-metadata';
import * as graphene from 'graphene-pk11';
import { Crypto, CryptoKey as P11CryptoKey } from 'node-webcrypto-p11';
import { CertwizError } from '../../../shared/errors';
import type { KeyAlgorithm } from '../../../shared/ipc';
import { mapPkcs11Error } from './errors';
import { publicKeyFacts, type TokenKeyFacts } from './keyinfo';
import { findById, parseCkaId } from './objects';
import { openUserSession } from './session';
import type { TokenTarget } from './types';

export interface TokenCrypto {
  /** WebCrypto provider bound to the card session; pass it to @peculiar/x509 generators. */
  crypto: globalThis.Crypto;
  /** The card's key pair as WebCrypto keys (the private one is a handle, not key material). */
  keys: CryptoKeyPair;
  /** RSASSA-PKCS1-v1_5/SHA-256, or ECDSA with SHA-256 (P-256) / SHA-384 (P-384). */
  signingAlgorithm: TokenKeyFacts['signing'];
  keyAlgorithm: KeyAlgorithm | 'rsa-other';
  /** DER SubjectPublicKeyInfo read from the card. */
  publicKeySpki: Uint8Array;
  tokenSerial: string;
  tokenLabel: string;
  /** Ends the card session. Call it in a finally block. */
  close(): void;
}

/** Opens a session on the token and exposes the key pair with this CKA_ID to WebCrypto. */
export async function getTokenCrypto(target: TokenTarget & { ckaId: string }): Promise<TokenCrypto> {
  const id = parseCkaId(target.ckaId);
  const s = await openUserSession(target, { readWrite: false });
  try {
    const priv = findById(s.session, id, graphene.ObjectClass.PRIVATE_KEY)[0];
    const pub = findById(s.session, id, graphene.ObjectClass.PUBLIC_KEY)[0];
    if (!priv || !pub) {
      throw new CertwizError(
        'NO_PENDING_KEY',
        'The key for this request is not on this card. Insert the card the request was made with.',
        { token: s.info.label, ckaId: target.ckaId },
      );
    }
    const facts = publicKeyFacts(pub);
    const provider = new Crypto({ session: s.session } as unknown as ConstructorParameters<typeof Crypto>[0]);
    // Keys marked CKA_ALWAYS_AUTHENTICATE (e.g. a PIV signature slot) need the PIN per signature.
    (provider as unknown as { onAlwaysAuthenticate?: () => string | undefined }).onAlwaysAuthenticate = () => target.pin;
    const alg = facts.signing;
    const privateKey = (await provider.keyStorage.getItem(P11CryptoKey.getID(priv.toType()), alg, false, ['sign'])) as CryptoKey;
    const publicKey = (await provider.keyStorage.getItem(P11CryptoKey.getID(pub.toType()), alg, true, ['verify'])) as CryptoKey;
    return {
      crypto: provider as unknown as globalThis.Crypto,
      keys: { privateKey, publicKey },
      signingAlgorithm: alg,
      keyAlgorithm: facts.alg,
      publicKeySpki: new Uint8Array(facts.spki),
      tokenSerial: s.info.serial,
      tokenLabel: s.info.label,
      close: s.close,
    };
  } catch (err) {
    s.close();
    throw mapPkcs11Error(err, { token: s.info.label });
  }
}

/** Runs `fn` with the card's crypto and always closes the session. */
export async function withTokenCrypto<T>(target: TokenTarget & { ckaId: string }, fn: (t: TokenCrypto) => Promise<T>): Promise<T> {
  const t = await getTokenCrypto(target);
  try {
    return await fn(t);
  } catch (err) {
    throw mapPkcs11Error(err, { token: t.tokenLabel });
  } finally {
    t.close();
  }
}
