import type { CommandSpec, OptionSpec } from '../spec';

/**
 * Options shared by every command that talks to a card (issue 5, "CLI contract"): `token list`,
 * and `csr --token`, `complete`, `pfx import --store token:` once they call the token core.
 */
export const TOKEN_OPTIONS: Record<string, OptionSpec> = {
  module: { type: 'string', value: 'PATH', help: 'PKCS#11 library (default: CERTWIZ_PKCS11_MODULE, else the one added in the app, else the first one found: OpenSC, SoftHSM2, YubiKey, SafeNet)' },
  'pin-file': { type: 'string', value: 'FILE', help: 'read the card PIN from the first line of FILE' },
};

export const TOKEN_PIN_HELP = 'The card PIN comes from CERTWIZ_PIN or --pin-file, else a prompt; never from an argument.';

export const specs: CommandSpec[] = [
  {
    group: 'token',
    name: 'list',
    positionals: [],
    options: { module: TOKEN_OPTIONS.module },
    summary: 'smart cards and tokens in the readers: reader, label, serial (card number), key types each can generate',
    details: ['CERTWIZ_PKCS11_MODULE sets the default library.'],
  },
];
