import type { CommandSpec } from '../spec';
import { TOKEN_OPTIONS, TOKEN_PIN_HELP } from './token.spec';

/** csr, list, complete, practice-ca: the enrollment flow of issue 2. */
export const specs: CommandSpec[] = [
  {
    group: 'csr',
    positionals: [],
    summary: 'make a key and a certificate request (CSR); the key is saved as a pending request first',
    options: {
      profile: { type: 'string', value: 'ID', help: 'CA profile (see `certwiz profiles`)' },
      cn: { type: 'string', value: 'NAME', help: 'Common name' },
      san: { type: 'string', multiple: true, value: 'NAME', help: 'another DNS name (repeatable)' },
      email: { type: 'string', value: 'ADDR', help: 'E-mail' },
      o: { type: 'string', value: 'ORG', help: 'Organization' },
      ou: { type: 'string', value: 'UNIT', help: 'Organizational unit' },
      l: { type: 'string', value: 'CITY', help: 'City/locality' },
      st: { type: 'string', value: 'STATE', help: 'State/province' },
      c: { type: 'string', value: 'CC', help: 'Country/region (two letters)' },
      key: { type: 'string', value: 'ALG', help: 'rsa-2048|rsa-3072|rsa-4096|ec-p256|ec-p384 (default: the profile’s)' },
      'security-level': { type: 'string', value: 'LEVEL', help: 'high (password on every use, default) or medium (no password)' },
      renew: { type: 'string', value: 'THUMBPRINT', help: 'renew this installed certificate: same subject and names, new key' },
      'friendly-name': { type: 'string', value: 'NAME', help: 'a name to recognise the key by' },
      out: { type: 'string', value: 'FILE', help: 'write the CSR (PEM) to FILE instead of stdout' },
      token: { type: 'string', value: 'LABEL|SERIAL', help: 'generate the key on this smart card or token (see `certwiz token list`); the card signs the CSR' },
      'key-label': { type: 'string', value: 'NAME', help: 'with --token: the key’s name on the card (default: profile, name and month)' },
      ...TOKEN_OPTIONS,
    },
    details: ['High: the new key password comes from CERTWIZ_KEY_PASSWORD, --key-password-file, or a prompt.', `With --token the card’s PIN protects the key (no security level). ${TOKEN_PIN_HELP}`],
  },
  {
    group: 'list',
    positionals: [],
    options: { expiring: { type: 'string', value: 'DAYS', help: 'only installed certificates that expire within DAYS days (or have expired)' } },
    summary: 'pending requests and installed certificates, with SHA-1 and SHA-256 thumbprints',
  },
  {
    group: 'complete',
    positionals: ['FILE'],
    options: {
      ...TOKEN_OPTIONS,
      'chain-to-card': { type: 'boolean', help: 'when the key is on a card: also store the CA certificates of the chain on the card' },
    },
    summary: 'install an issued certificate (PEM, DER or PKCS #7 .p7b/.p7c) with its pending key',
    details: [`When the key is on a card, the certificate is written onto the card next to it. ${TOKEN_PIN_HELP}`],
  },
  {
    group: 'practice-ca',
    name: 'sign',
    positionals: ['CSR_FILE'],
    options: {
      out: { type: 'string', value: 'CERT_FILE', help: 'where to write the issued certificate (PEM)' },
      'chain-out': { type: 'string', value: 'FILE', help: 'where to write the Sub CA and root (PEM)' },
      profile: { type: 'string', value: 'ID', help: 'issue as for this profile (default: the pending request’s, else from the CSR)' },
    },
    summary: 'issue a certificate from the offline practice CA (not trusted anywhere)',
  },
  { group: 'practice-ca', name: 'info', positionals: [], options: {}, summary: 'show the practice CA hierarchy and where its files are' },
];
