import type { CommandSpec } from '../spec';

const store = {
  type: 'string' as const,
  value: 'SPEC',
  help: 'app, nss (= ~/.pki/nssdb), nss:DIR, firefox, windows:CurrentUser, windows:LocalMachine, macos:login, macos:system (default: this OS’s user store)',
};

const passwordNote = 'A password-protected NSS database is opened with CERTWIZ_STORE_PASSWORD.';

export const specs: CommandSpec[] = [
  {
    group: 'store',
    name: 'list',
    positionals: [],
    options: { store },
    summary: 'list a certificate store with SHA-1 and SHA-256 thumbprints, trust and keys',
    details: [passwordNote],
  },
  {
    group: 'store',
    name: 'import',
    positionals: ['FILE...'],
    options: {
      store,
      'trust-root': { type: 'boolean', help: 'allow a self-signed root into Trusted Root (check its SHA-256 with the CA first)' },
      'root-trust': { type: 'string', value: 'tls|all', help: 'NSS: trust a root for TLS only (C,,, default) or also e-mail and code (CT,C,C)' },
      'remove-old': { type: 'boolean', help: 'remove an old Sub CA with the same name but another key first' },
      exportable: { type: 'boolean', help: 'PFX: mark the key exportable (Windows, macOS)' },
      'security-level': { type: 'string', value: 'high|medium', help: 'PFX: Windows strong private key protection (high)' },
      'pfx-password-file': { type: 'string', value: 'FILE', help: 'PFX: read the password from the first line of FILE (may be empty)' },
    },
    summary: 'install certificates, CRLs, .p7b and PFX files, each in its store (guide section D)',
    details: [
      'A self-signed root is refused without --trust-root (code ROOT_NEEDS_CONFIRMATION, exit 5);',
      'the other files are still installed and listed.',
      'PFX passwords come from --pfx-password-file or CERTWIZ_PFX_PASSWORD ("" = empty password), else CERTWIZ_KEY_PASSWORD / --key-password-file, else a prompt.',
      passwordNote,
    ],
  },
  {
    group: 'store',
    name: 'remove',
    positionals: ['THUMBPRINT'],
    options: { store },
    summary: 'remove one certificate (SHA-1 or SHA-256 thumbprint) from a store',
    details: [passwordNote],
  },
  {
    group: 'chain',
    name: 'show',
    positionals: ['THUMBPRINT|FILE', 'MORE_FILES...?'],
    options: { store },
    summary: 'show every certification path of a certificate, with what is missing',
    details: ['Give the files the CA sent after the certificate: they are used as the Sub CA / cross / root / CRL candidates.'],
  },
];
