/**
 * How a CLI command is described: data only, so `certwiz --help` and argument parsing never
 * load the core (cold start stays close to a bare `node`, issue 2 "certwiz --help cold start").
 *
 * Each command group has `commands/<group>.spec.ts` (this shape, no imports beyond types) and
 * `commands/<group>.ts` (the work); both are registered once, in ./specs.ts and
 * ./commands/index.ts.
 */
export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** Placeholder shown in help, e.g. FILE. */
  value?: string;
  help: string;
}

export interface CommandSpec {
  /** First word: `csr`, `key`, `practice-ca`... */
  group: string;
  /** Second word for groups with sub-commands (`key backup`), else undefined. */
  name?: string;
  /** Positional arguments in order; `?` suffix = optional. */
  positionals: string[];
  options: Record<string, OptionSpec>;
  summary: string;
  /** Extra help lines (environment variables, examples). */
  details?: string[];
}

/** Options every command accepts. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  json: { type: 'boolean', help: 'print one JSON object (errors too: {"error":{"code","message"}})' },
  help: { type: 'boolean', short: 'h', help: 'show help' },
  'key-password-file': { type: 'string', value: 'FILE', help: 'read the key password from the first line of FILE' },
};

export interface Invocation {
  spec: CommandSpec;
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  json: boolean;
}
