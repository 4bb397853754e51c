/**
 * Generating a key pair on the card (issue 5; Certum guide, "Generating key pair on the
 * cryptographic card").
 *
 * Both keys are token objects with one random CKA_ID and the user's label; the private key is
 * CKA_PRIVATE, CKA_SENSITIVE and not CKA_EXTRACTABLE, so it never leaves the card. C_GenerateKeyPair
 * runs through pkcs11js's asynchronous form (libuv thread pool): a card may take minutes ("may take
 * up to a few minutes"), and the main process keeps answering meanwhile. A failure or a cancel
 * removes whatever the token had created under that CKA_ID.
 */
import * as graphene from 'graphene-pk11';
import { CertwizError } from '../../../shared/errors';
import type { KeyAlgorithm } from '../../../shared/ipc';
import { mapPkcs11Error } from './errors';
import { CURVES, publicKeyFacts } from './keyinfo';
import { checkLabel, destroyById, newCkaId } from './objects';
import { withTokenSession } from './session';
import { findToken } from './tokens';
import type { GeneratedTokenKey, TokenTarget } from './types';

export type KeygenPhase = 'login' | 'generating' | 'reading-public-key' | 'done';

export interface GenerateOnTokenOptions extends TokenTarget {
  alg: KeyAlgorithm;
  /** CKA_LABEL, e.g. "Certum S/MIME jan@example.com 2026-11": what the user sees in card tools. */
  label: string;
  /** Phases for the progress page ("Do not remove the card from the reader"). */
  onProgress?: (phase: KeygenPhase) => void;
  /** Cancelling cannot stop C_GenerateKeyPair; the keys it made are destroyed when it returns. */
  signal?: AbortSignal;
}

const RSA_BITS: Partial<Record<KeyAlgorithm, number>> = { 'rsa-2048': 2048, 'rsa-3072': 3072, 'rsa-4096': 4096 };

/** Templates for C_GenerateKeyPair (PKCS#11 v2.40 §2.1.4 RSA, §2.3.6 EC). */
export function keyPairTemplates(alg: KeyAlgorithm, id: Buffer, label: string) {
  const common = { token: true, id, label };
  const priv: graphene.ITemplate = {
    ...common,
    class: graphene.ObjectClass.PRIVATE_KEY,
    private: true,
    sensitive: true,
    extractable: false,
    sign: true,
  };
  const pub: graphene.ITemplate = { ...common, class: graphene.ObjectClass.PUBLIC_KEY, private: false, verify: true };
  const bits = RSA_BITS[alg];
  if (bits) {
    // S/MIME keys also decrypt (Certum's Mailbox certificate carries keyEncipherment).
    // NSS decrypts S/MIME key transport with C_UnwrapKey, hence unwrap / wrap too.
    Object.assign(priv, { keyType: graphene.KeyType.RSA, decrypt: true, unwrap: true });
    Object.assign(pub, {
      keyType: graphene.KeyType.RSA,
      encrypt: true,
      wrap: true,
      modulusBits: bits,
      publicExponent: Buffer.from([1, 0, 1]),
    });
    return { mechanism: graphene.KeyGenMechanism.RSA, pub, priv };
  }
  const curve = alg === 'ec-p256' ? CURVES['P-256'] : alg === 'ec-p384' ? CURVES['P-384'] : undefined;
  if (!curve) throw new CertwizError('KEY_ALGORITHM_NOT_ALLOWED', 'This key type is not known.', { alg });
  Object.assign(priv, { keyType: graphene.KeyType.EC, derive: true });
  // Explicit: SoftHSM otherwise marks an EC public key for encrypt and wrap, which EC cannot do.
  Object.assign(pub, { keyType: graphene.KeyType.EC, paramsEC: curve.oidDer, encrypt: false, wrap: false });
  return { mechanism: graphene.KeyGenMechanism.EC, pub, priv };
}

function generateAsync(session: graphene.Session, t: ReturnType<typeof keyPairTemplates>): Promise<graphene.IKeyPair> {
  return new Promise((resolve, reject) => {
    session.generateKeyPair(t.mechanism, t.pub, t.priv, (err, keys) => (err || !keys ? reject(err ?? new Error("no keys")) : resolve(keys)));
  });
}

const cancelled = () => new CertwizError('CANCELLED', 'Key generation was cancelled; nothing was left on the card.');

/** Generates the key pair on the card and returns its CKA_ID and public key. */
export async function generateKeyOnToken(opts: GenerateOnTokenOptions): Promise<GeneratedTokenKey> {
  const label = checkLabel(opts.label);
  if (opts.signal?.aborted) throw cancelled();
  // Checked before login: an unsupported type should not cost the user a PIN entry.
  const { info } = findToken(opts.token, opts.module);
  if (!info.keyGenMechanisms.includes(opts.alg)) {
    throw new CertwizError(
      'MECHANISM_NOT_SUPPORTED',
      'This card cannot generate this key type. Choose one of those offered for this card.',
      { token: info.label, alg: opts.alg, offered: info.keyGenMechanisms.join(', ') },
    );
  }
  opts.onProgress?.('login');
  return withTokenSession(opts, async (s) => {
    const id = newCkaId(s.session);
    const templates = keyPairTemplates(opts.alg, id, label);
    opts.onProgress?.('generating');
    let keys: graphene.IKeyPair;
    try {
      keys = await generateAsync(s.session, templates);
    } catch (err) {
      // Some tokens leave the public key behind when the private one fails (card full).
      destroyById(s.session, id);
      throw mapPkcs11Error(err, { token: s.info.label });
    }
    try {
      if (opts.signal?.aborted) throw cancelled();
      opts.onProgress?.('reading-public-key');
      const facts = publicKeyFacts(keys.publicKey);
      if (opts.signal?.aborted) throw cancelled();
      opts.onProgress?.('done');
      return {
        ckaId: id.toString('hex'),
        publicKeySpki: new Uint8Array(facts.spki),
        label,
        tokenSerial: s.info.serial,
        tokenLabel: s.info.label,
      };
    } catch (err) {
      destroyById(s.session, id);
      throw mapPkcs11Error(err, { token: s.info.label });
    }
  });
}
