import type { CommandSpec } from '../spec';

export const specs: CommandSpec[] = [
  {
    group: 'key',
    name: 'security-level',
    positionals: ['ID|THUMBPRINT', 'LEVEL'],
    options: {},
    summary: 'set a stored key’s security level to high or medium',
    details: [
      'The current password (High keys) comes from CERTWIZ_KEY_PASSWORD or --key-password-file;',
      'the new one (to High) from CERTWIZ_NEW_KEY_PASSWORD or a prompt.',
    ],
  },
  {
    group: 'key',
    name: 'backup',
    positionals: ['ID|THUMBPRINT'],
    options: { out: { type: 'string', value: 'FILE', help: 'where to write the encrypted PKCS #8 PEM (openssl pkey opens it)' } },
    summary: 'back up a key as encrypted PKCS #8 (High: under its password; Medium: under a new backup password)',
    details: ['A Medium key’s backup password comes from CERTWIZ_BACKUP_PASSWORD or a prompt.'],
  },
];
