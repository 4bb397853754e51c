/**
 * Putting an existing key and its certificate onto a card (issue 5: "Import a PFX onto a card
 * (key + certificate), where the token accepts it"; Certum's PFX generator in reverse).
 *
 * The key is written with C_CreateObject as a sensitive, non-extractable, private token object;
 * from then on the card treats it like one it generated (except CKA_LOCAL, which stays false, as
 * the spec requires). CKA_ID is the RFC 5280 §4.2.1.2 method-1 key identifier, so importing the
 * same key twice is noticed and refused instead of leaving two copies. Cards that refuse
 * imported keys answer CKR_TEMPLATE_INCONSISTENT or similar, reported as MECHANISM_NOT_SUPPORTED.
 * The key's numbers pass through Buffers that are zeroed after use (the JWK strings Node returns
 * cannot be, and are dropped at once).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import * as graphene from 'graphene-pk11';
import { CertwizError } from '../../../shared/errors';
import { parseCertificate, createCertificateObject, samePublicKey, writeChain } from './certificate';
import { mapPkcs11Error } from './errors';
import { CURVES, ecPointAttribute, type CurveName } from './keyinfo';
import { checkLabel, destroyCreated, findById } from './objects';
import { withTokenSession } from './session';
import type { TokenTarget } from './types';

export interface ImportToTokenOptions extends TokenTarget {
  privateKey: KeyObject;
  certificateDer: Uint8Array;
  chainDer?: Uint8Array[];
  label: string;
}

export interface ImportToTokenResult {
  ckaId: string;
  caCertificatesWritten: number;
}

type Templates = { priv: graphene.ITemplate; pub: graphene.ITemplate; secrets: Buffer[] };

function templatesFor(key: KeyObject, id: Buffer, label: string): Templates {
  const common = { token: true, id, label };
  const jwk = key.export({ format: 'jwk' });
  const b = (v: string | undefined) => Buffer.from(v ?? '', 'base64url');
  if (key.asymmetricKeyType === 'rsa' && jwk.kty === 'RSA') {
    const secrets = [b(jwk.d), b(jwk.p), b(jwk.q), b(jwk.dp), b(jwk.dq), b(jwk.qi)];
    const [d, p, q, dp, dq, qi] = secrets;
    const n = b(jwk.n);
    const e = b(jwk.e);
    return {
      secrets,
      priv: {
        ...common,
        class: graphene.ObjectClass.PRIVATE_KEY,
        keyType: graphene.KeyType.RSA,
        private: true,
        sensitive: true,
        extractable: false,
        sign: true,
        decrypt: true,
        modulus: n,
        publicExponent: e,
        privateExponent: d,
        prime1: p,
        prime2: q,
        exp1: dp,
        exp2: dq,
        coefficient: qi,
      },
      pub: {
        ...common,
        class: graphene.ObjectClass.PUBLIC_KEY,
        keyType: graphene.KeyType.RSA,
        private: false,
        verify: true,
        encrypt: true,
        modulus: n,
        publicExponent: e,
      },
    };
  }
  if (key.asymmetricKeyType === 'ec' && jwk.kty === 'EC' && (jwk.crv === 'P-256' || jwk.crv === 'P-384')) {
    const curve = CURVES[jwk.crv as CurveName];
    const d = b(jwk.d);
    const point = Buffer.concat([Buffer.from([4]), b(jwk.x), b(jwk.y)]);
    return {
      secrets: [d],
      priv: {
        ...common,
        class: graphene.ObjectClass.PRIVATE_KEY,
        keyType: graphene.KeyType.EC,
        private: true,
        sensitive: true,
        extractable: false,
        sign: true,
        derive: true,
        paramsEC: curve.oidDer,
        value: d,
      },
      pub: {
        ...common,
        class: graphene.ObjectClass.PUBLIC_KEY,
        keyType: graphene.KeyType.EC,
        private: false,
        verify: true,
        paramsEC: curve.oidDer,
        pointEC: ecPointAttribute(point),
      },
    };
  }
  throw new CertwizError('MECHANISM_NOT_SUPPORTED', 'Only RSA and EC P-256 / P-384 keys can be put on a card.', {
    keyType: String(key.asymmetricKeyType),
  });
}

export async function importKeyToToken(opts: ImportToTokenOptions): Promise<ImportToTokenResult> {
  const label = checkLabel(opts.label);
  if (opts.privateKey?.type !== 'private') {
    throw new CertwizError('INVALID_INPUT', 'A private key is needed to put a key on the card.', {});
  }
  const cert = parseCertificate(opts.certificateDer);
  for (const der of opts.chainDer ?? []) parseCertificate(der);
  const keySpki = createPublicKey(opts.privateKey).export({ type: 'spki', format: 'der' });
  if (!samePublicKey(keySpki, cert.spki)) {
    throw new CertwizError('INVALID_INPUT', 'The certificate does not belong to this key.', { reason: 'key-mismatch' });
  }
  const id = cert.keyId;
  return withTokenSession(opts, (s) => {
    if (findById(s.session, id, graphene.ObjectClass.PRIVATE_KEY).length > 0) {
      throw new CertwizError('FILE_EXISTS', 'This key is already on the card; nothing was changed.', {
        token: s.info.label,
        ckaId: id.toString('hex'),
      });
    }
    const t = templatesFor(opts.privateKey, id, label);
    const created: graphene.SessionObject[] = [];
    try {
      created.push(s.session.create(t.priv));
      created.push(s.session.create(t.pub));
      const sameCert = findById(s.session, id, graphene.ObjectClass.CERTIFICATE).some((o) =>
        (o.getAttribute({ value: null }).value as Buffer).equals(cert.der),
      );
      if (!sameCert) created.push(createCertificateObject(s.session, cert, id, label));
      const caCertificatesWritten = writeChain(s.session, opts.chainDer, created);
      return { ckaId: id.toString('hex'), caCertificatesWritten };
    } catch (err) {
      destroyCreated(created);
      throw mapPkcs11Error(err, { token: s.info.label });
    } finally {
      for (const sec of t.secrets) sec.fill(0);
    }
  });
}
