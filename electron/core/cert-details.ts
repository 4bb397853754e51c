/**
 * `certs:details`: the certificate viewer's data (issue 6 "Certificate
 * viewer", modelled on Windows' certificate dialog: General, Details, Certification Path; guide
 * 000 "Download Certificate" steps 4-5 use its Details tab and "Copy to file").
 *
 * Parsing is @peculiar/x509's; only the turning of each known extension into one display line is
 * written here (no library renders extensions as text). An extension we do not know, or one that
 * fails to decode, is shown as hex, never dropped: "every field and extension".
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { CertDetailsView, CertExtensionView } from '../../shared/cert-details';
import { parseCertificates, rfc4514, summarize, thumbprint, type Certificate } from './certs';
import type { KeyStore } from './keystore';
import type { KeyRecord } from './key-record';

const EKU_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'ocspSigning',
  '1.3.6.1.4.1.311.10.3.12': 'documentSigning',
  '1.3.6.1.4.1.311.20.2.2': 'smartcardLogon',
};

const EXT_NAMES: Record<string, string> = {
  '2.5.29.19': 'basicConstraints',
  '2.5.29.15': 'keyUsage',
  '2.5.29.37': 'extKeyUsage',
  '2.5.29.17': 'subjectAltName',
  '2.5.29.14': 'subjectKeyIdentifier',
  '2.5.29.35': 'authorityKeyIdentifier',
  '2.5.29.31': 'crlDistributionPoints',
  '1.3.6.1.5.5.7.1.1': 'authorityInfoAccess',
  '2.5.29.32': 'certificatePolicies',
  '2.5.29.30': 'nameConstraints',
  '1.3.6.1.4.1.11129.2.4.2': 'sctList',
};

const KEY_USAGE_BITS: [number, string][] = [
  [x509.KeyUsageFlags.digitalSignature, 'Digital Signature'],
  [x509.KeyUsageFlags.nonRepudiation, 'Non-Repudiation'],
  [x509.KeyUsageFlags.keyEncipherment, 'Key Encipherment'],
  [x509.KeyUsageFlags.dataEncipherment, 'Data Encipherment'],
  [x509.KeyUsageFlags.keyAgreement, 'Key Agreement'],
  [x509.KeyUsageFlags.keyCertSign, 'Certificate Signing'],
  [x509.KeyUsageFlags.cRLSign, 'CRL Signing'],
  [x509.KeyUsageFlags.encipherOnly, 'Encipher Only'],
  [x509.KeyUsageFlags.decipherOnly, 'Decipher Only'],
];

function hex(buf: ArrayBuffer | Uint8Array): string {
  return Buffer.from(buf instanceof Uint8Array ? buf : new Uint8Array(buf)).toString('hex');
}

function generalNames(names: { toJSON(): { type: string; value: string }[] } | undefined): string {
  return (names?.toJSON() ?? []).map((n) => `${n.type.toUpperCase()}: ${n.value}`).join(', ');
}

/** One extension as a display line, or hex when it is unknown or does not decode. */
export function extensionView(ext: x509.Extension): CertExtensionView {
  const name = EXT_NAMES[ext.type] ?? ext.type;
  let value: string | undefined;
  try {
    if (ext instanceof x509.BasicConstraintsExtension) {
      value = `CA: ${ext.ca ? 'TRUE' : 'FALSE'}${ext.pathLength !== undefined ? `, pathlen: ${ext.pathLength}` : ''}`;
    } else if (ext instanceof x509.KeyUsagesExtension) {
      value = KEY_USAGE_BITS.filter(([bit]) => (ext.usages & bit) !== 0).map(([, n]) => n).join(', ');
    } else if (ext instanceof x509.ExtendedKeyUsageExtension) {
      value = Array.from(ext.usages, (u) => `${EKU_NAMES[String(u)] ?? ''} (${String(u)})`.trim()).join(', ');
    } else if (ext instanceof x509.SubjectAlternativeNameExtension) {
      value = generalNames(ext.names);
    } else if (ext instanceof x509.SubjectKeyIdentifierExtension) {
      value = ext.keyId;
    } else if (ext instanceof x509.AuthorityKeyIdentifierExtension) {
      value = ext.keyId ?? '';
    } else if (ext instanceof x509.CertificatePolicyExtension) {
      value = ext.policies.join(', ');
    } else if (ext instanceof x509.CRLDistributionPointsExtension) {
      value = ext.distributionPoints
        .flatMap((dp) => dp.distributionPoint?.fullName ?? [])
        .map((gn) => gn.uniformResourceIdentifier ?? '')
        .filter(Boolean)
        .map((u) => `URL=${u}`)
        .join(', ');
    } else if (ext instanceof x509.AuthorityInfoAccessExtension) {
      value = [
        ...ext.ocsp.map((g) => `OCSP: ${g.value}`),
        ...ext.caIssuers.map((g) => `CA Issuers: ${g.value}`),
      ].join(', ');
    }
  } catch {
    value = undefined;
  }
  return { oid: ext.type, name, critical: ext.critical, value: value || hex(ext.value) };
}

function publicKeyText(cert: Certificate): string {
  const alg = cert.publicKey.algorithm as { name: string; modulusLength?: number; namedCurve?: string };
  if (alg.name === 'RSASSA-PKCS1-v1_5' || alg.name === 'RSA-PSS' || alg.modulusLength) return `RSA (${alg.modulusLength ?? '?'} Bits)`;
  if (alg.namedCurve) return `ECC (${alg.namedCurve})`;
  return alg.name;
}

/** The viewer's data for one parsed certificate (exported for tests). */
export function certificateView(cert: Certificate): NonNullable<CertDetailsView['certificate']> {
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
  // @peculiar/x509 gives the signature algorithm as WebCrypto params: name it as Windows does.
  const sig = cert.signatureAlgorithm as { name: string; hash?: { name: string } };
  const sigName = sig.hash ? `${sig.hash.name.replace('-', '').toLowerCase()}${sig.name === 'ECDSA' ? 'ECDSA' : sig.name === 'RSA-PSS' ? 'RSASSA-PSS' : 'RSA'}` : sig.name;
  return {
    issuedTo: cert.subjectName.getField('CN')[0] ?? rfc4514(cert.subjectName),
    issuedBy: cert.issuerName.getField('CN')[0] ?? rfc4514(cert.issuerName),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    purposes: eku ? Array.from(eku.usages, (u) => EKU_NAMES[String(u)] ?? String(u)) : [],
    version: 3,
    serialNumber: cert.serialNumber.toLowerCase(),
    signatureAlgorithm: sigName,
    subject: rfc4514(cert.subjectName),
    issuer: rfc4514(cert.issuerName),
    publicKey: publicKeyText(cert),
    extensions: cert.extensions.map(extensionView),
    sha1: thumbprint(cert, 'sha1'),
    sha256: thumbprint(cert, 'sha256'),
  };
}

export function detailsOf(rec: KeyRecord): CertDetailsView {
  const view: CertDetailsView = {
    id: rec.id,
    status: rec.status,
    hasPrivateKey: true,
    keyLocation: rec.token ? 'token' : 'file',
    chain: (rec.chainPem ?? []).flatMap((p) => parseCertificates(Buffer.from(p), 'chain')).map(summarize),
  };
  if (rec.certificatePem) view.certificate = certificateView(parseCertificates(Buffer.from(rec.certificatePem), 'certificate')[0]);
  return view;
}

export function createCertDetailsService(deps: { keystore: KeyStore }) {
  return {
    async 'certs:details'(req: { id: string }): Promise<CertDetailsView> {
      return detailsOf(await deps.keystore.get(req.id));
    },
  };
}
