/**
 * Where the CLI gets passwords: never from arguments (they end up in shell history and `ps`).
 *
 * Order: an explicit file (--key-password-file), the environment (CERTWIZ_KEY_PASSWORD,
 * CERTWIZ_NEW_KEY_PASSWORD, CERTWIZ_BACKUP_PASSWORD), then a prompt without echo on a terminal.
 * With no terminal and no password: PASSWORD_REQUIRED (exit 3), so scripts fail fast instead of
 * hanging on a prompt nobody sees.
 */
import { readFileSync } from 'node:fs';
import { CertwizError } from '../../shared/errors';

export type PasswordKind = 'key' | 'new' | 'backup';

const ENV: Record<PasswordKind, string> = {
  key: 'CERTWIZ_KEY_PASSWORD',
  new: 'CERTWIZ_NEW_KEY_PASSWORD',
  backup: 'CERTWIZ_BACKUP_PASSWORD',
};

export interface PasswordSource {
  file?: string;
  env?: NodeJS.ProcessEnv;
}

export async function getPassword(kind: PasswordKind, prompt: string, src: PasswordSource, confirm = false): Promise<string> {
  if (kind === 'key' && src.file) return readSecretFile(src.file, '--key-password-file', 'password');
  const env = (src.env ?? process.env)[ENV[kind]];
  if (env) return env;
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new CertwizError('PASSWORD_REQUIRED', `A password is needed: set ${ENV[kind]}${kind === 'key' ? ' or use --key-password-file' : ''}, or run on a terminal.`, { variable: ENV[kind] });
  }
  const first = await promptHidden(`${prompt}: `);
  if (!first) throw new CertwizError('PASSWORD_REQUIRED', 'No password was entered.');
  if (confirm) {
    const again = await promptHidden('Confirm password: ');
    if (again !== first) throw new CertwizError('PASSWORD_MISMATCH', 'The two passwords are not the same.');
  }
  return first;
}

/**
 * The first line of a secret file (--key-password-file, --pfx-password-file, --pin-file). One
 * reader, so every option treats a missing file (FILE_NOT_FOUND, exit 3) and an empty first line
 * the same way; `allowEmpty` is for PFX passwords, where the empty password is a real one
 * (issue 3 CLI contract).
 */
export function readSecretFile(file: string, option: string, what: 'password' | 'PIN', allowEmpty = false): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CertwizError('FILE_NOT_FOUND', `The ${what} file cannot be read.`, { option });
  }
  const first = text.split(/\r?\n/)[0];
  if (!first && !allowEmpty) throw new CertwizError('PASSWORD_REQUIRED', `The ${what} file is empty.`, { option });
  return first;
}

export const PFX_PASSWORD_ENV = 'CERTWIZ_PFX_PASSWORD';

/**
 * A PFX file's password (issue 3 CLI contract): --pfx-password-file (first line, may be empty),
 * then CERTWIZ_PFX_PASSWORD where set at all (the empty string is the empty password), then a
 * hidden prompt on a terminal, else PASSWORD_REQUIRED. `pfx export/inspect/import` and the PFX
 * files of `store import` all ask through this.
 */
export async function getPfxPassword(prompt: string, src: PasswordSource, confirm = false): Promise<string> {
  if (src.file !== undefined) return readSecretFile(src.file, '--pfx-password-file', 'password', true);
  const env = (src.env ?? process.env)[PFX_PASSWORD_ENV];
  if (env !== undefined) return env;
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new CertwizError('PASSWORD_REQUIRED', `A PFX password is needed: set ${PFX_PASSWORD_ENV} or use --pfx-password-file, or run on a terminal.`, {
      variable: PFX_PASSWORD_ENV,
    });
  }
  // The shared prompt (echo off); an empty env map so only the terminal is asked.
  return getPassword('backup', prompt, { env: {} }, confirm);
}

/** Reads one line from the terminal with echo off (raw mode), Backspace and Ctrl-C handled. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    // Echo off before the prompt appears, so nothing typed right after it is echoed.
    stdin.setRawMode(true);
    process.stderr.write(question);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CertwizError('CANCELLED', 'Cancelled.'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
