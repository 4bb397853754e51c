/**
 * What every CLI command gets: the core (created once, for the data dir), output helpers that
 * honour --json (exactly one JSON object on stdout), and password lookup.
 */
import { CertwizError, toCertwizError } from '../../shared/errors';
import type { Core } from '../core/service';
import { createFallbackProtector } from '../core/medium';
import { defaultDataDir } from '../core/paths';
import { getPassword, type PasswordKind } from './password';
import type { Invocation } from './spec';
import { version } from '../../package.json';

export interface CliContext {
  inv: Invocation;
  core(): Core;
  /** A string option's value. */
  opt(name: string): string | undefined;
  /** Human text (stdout) unless --json. */
  say(text: string): void;
  /** The one JSON object, with --json. */
  emit(json: unknown): void;
  /** Notes for people (stderr), never with secrets. */
  note(text: string): void;
  password(kind: PasswordKind, prompt: string, confirm?: boolean): Promise<string>;
  /** True once emit() wrote the JSON object: an error after it must not print a second one. */
  readonly emitted?: boolean;
}

export function createContext(inv: Invocation): CliContext {
  let core: Core | undefined;
  let emitted = false;
  return {
    inv,
    get emitted() {
      return emitted;
    },
    core() {
      if (!core) {
        // Required here, not imported at the top: esbuild then initialises the core (x509, zod,
        // the key store) only for commands that use it, not for usage errors or `profiles`.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { createCore } = require('../core/service') as typeof import('../core/service');
        const dataDir = defaultDataDir();
        core = createCore({ dataDir, medium: createFallbackProtector(dataDir), shell: 'cli', version });
      }
      return core;
    },
    opt(name) {
      const v = inv.values[name];
      return typeof v === 'string' ? v : undefined;
    },
    say(text) {
      if (!inv.json) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
    },
    emit(json) {
      if (inv.json && !emitted) process.stdout.write(JSON.stringify(json, null, 2) + '\n');
      emitted = true;
    },
    note(text) {
      if (!inv.json) process.stderr.write(text + '\n');
    },
    password(kind, prompt, confirm) {
      const file = typeof inv.values['key-password-file'] === 'string' ? (inv.values['key-password-file'] as string) : undefined;
      return getPassword(kind, prompt, { file }, confirm);
    },
  };
}

/** Prints an error the documented way and returns the exit code. */
export function reportError(err: unknown, json: boolean): number {
  const e: CertwizError = toCertwizError(err);
  const detail = e.code === 'FIELD_INVALID' && e.params.field ? ` (field ${e.params.field}, rule ${e.params.rule})` : '';
  process.stderr.write(`certwiz: ${e.code}: ${e.message}${detail}\n`);
  if (json) process.stdout.write(JSON.stringify({ error: { code: e.code, message: e.message, params: e.params } }) + '\n');
  return e.exitCode;
}
