import type { CommandSpec, OptionSpec } from '../spec';

import { TOKEN_OPTIONS, TOKEN_PIN_HELP } from './token.spec';

const pfxPasswordFile: OptionSpec = { type: 'string', value: 'FILE', help: 'read the PFX password from the first line of FILE' };
const PFX_PASSWORD_HELP = 'The PFX password comes from CERTWIZ_PFX_PASSWORD (set it to "" for an empty password) or --pfx-password-file, else a prompt.';

export const specs: CommandSpec[] = [
  {
    group: 'pfx',
    name: 'export',
    positionals: ['ID|THUMBPRINT'],
    options: {
      out: { type: 'string', value: 'FILE', help: 'the .pfx/.p12 to write (never overwritten)' },
      encryption: { type: 'string', value: 'PROFILE', help: 'aes256-sha256 (default; Windows 10 1709+, OpenSSL 1.1.1+, current Java) or 3des-sha1 (Windows 7 / Server 2012-2016, older macOS)' },
      'no-chain': { type: 'boolean', help: 'leave out the certification path (default: included)' },
      'no-privacy': { type: 'boolean', help: 'do not encrypt the certificates (default: encrypted)' },
      'friendly-name': { type: 'string', value: 'NAME', help: 'friendly name on the certificate (default: the stored one)' },
      'delete-key': { type: 'boolean', help: 'delete the key from Certwiz once the written file is verified' },
      'pfx-password-file': pfxPasswordFile,
    },
    summary: 'back up a certificate and its key as a PFX; the written file is re-opened and verified',
    details: [PFX_PASSWORD_HELP, 'A High key’s own password: CERTWIZ_KEY_PASSWORD or --key-password-file.'],
  },
  {
    group: 'pfx',
    name: 'inspect',
    positionals: ['FILE'],
    options: { 'pfx-password-file': pfxPasswordFile },
    summary: 'show the certificates and keys a PFX holds and how it is protected',
    details: [PFX_PASSWORD_HELP],
  },
  {
    group: 'pfx',
    name: 'import',
    positionals: ['FILE'],
    options: {
      exportable: { type: 'boolean', help: 'allow the key to be exported again (default: not exportable)' },
      'security-level': { type: 'string', value: 'LEVEL', help: 'high (default: a new password on every use) or medium' },
      'pfx-password-file': pfxPasswordFile,
      store: { type: 'string', value: 'SPEC', help: 'app (default: Certwiz’s own store), nss, nss:DIR, firefox, windows:CurrentUser, windows:LocalMachine, macos:login, macos:system, token:LABEL (a smart card or token, by label or serial)' },
      ...TOKEN_OPTIONS,
      'trust-root': { type: 'boolean', help: 'with --store: make a self-signed root inside the PFX a trusted root (check its SHA-256 with the CA first)' },
    },
    summary: 'restore a certificate and its key from a PFX into Certwiz’s store, or into an OS store with --store',
    details: [
      PFX_PASSWORD_HELP,
      'The new key password (High) comes from CERTWIZ_NEW_KEY_PASSWORD, else CERTWIZ_KEY_PASSWORD or --key-password-file, else a prompt.',
      'With --store (not app): the key and certificates go straight into that store; NSS has no per-key level, so use --security-level medium there.',
      `With --store token:LABEL the key is written onto the card, not extractable. ${TOKEN_PIN_HELP}`,
    ],
  },
  {
    group: 'pem',
    name: 'export',
    positionals: ['ID|THUMBPRINT'],
    options: {
      'out-dir': { type: 'string', value: 'DIR', help: 'where to write key.pem, cert.pem, chain.pem and fullchain.pem (nginx, Apache)' },
      'plain-key': { type: 'boolean', help: 'write the key unencrypted (default: encrypted PKCS #8)' },
    },
    summary: 'export a certificate, its chain and its key as PEM files for servers',
    details: ['The key file’s password comes from CERTWIZ_BACKUP_PASSWORD or a prompt (not with --plain-key).'],
  },
];
