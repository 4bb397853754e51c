/**
 * `certwiz`: argument parsing and help, nothing else. The core (crypto, x509, zod) lives in
 * cli-core.js and is required only once a command is known to be valid, so `certwiz --help`
 * and usage errors start as fast as Node itself (issue 2: cold start ≤ 1.5× `node -e 0`).
 * Exit codes: 0 ok, 1 other, 2 usage, 3 bad input or file, 4 wrong password or PIN,
 * 5 not found / no pending key (shared/errors.ts).
 */
import { parseArgs } from 'node:util';
import { SPECS } from './specs';
import { GLOBAL_OPTIONS, type CommandSpec, type Invocation, type OptionSpec } from './spec';
import { version } from '../../package.json';

const argv = process.argv.slice(2);
const wantsJson = argv.includes('--json');

function usageError(message: string): never {
  process.stderr.write(`certwiz: USAGE: ${message}\n`);
  if (wantsJson) process.stdout.write(JSON.stringify({ error: { code: 'USAGE', message } }) + '\n');
  process.exit(2);
}

function optionUsage(name: string, o: OptionSpec): string {
  return `--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}${o.multiple ? '...' : ''}`;
}

function commandLine(s: CommandSpec): string {
  const words = [s.group, s.name, ...s.positionals].filter(Boolean).join(' ');
  const opts = Object.entries(s.options).map(([n, o]) => `[${optionUsage(n, o)}]`);
  return `certwiz ${words} ${[...opts, '[--json]'].join(' ')}`;
}

function mainHelp(): string {
  const width = Math.max(...SPECS.map((s) => [s.group, s.name].filter(Boolean).join(' ').length)) + 2;
  const lines = SPECS.map((s) => `  ${[s.group, s.name].filter(Boolean).join(' ').padEnd(width)}${s.summary}`);
  return [
    `certwiz ${version}: certificate requests, the practice CA and your stored keys, from the command line.`,
    '',
    'Usage: certwiz <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Data: $CERTWIZ_HOME, else the platform’s user data dir (Linux: $XDG_DATA_HOME/certwiz).',
    'Passwords are never arguments: CERTWIZ_KEY_PASSWORD (or --key-password-file FILE),',
    'CERTWIZ_NEW_KEY_PASSWORD, CERTWIZ_BACKUP_PASSWORD, else a prompt on a terminal.',
    'Exit codes: 0 ok, 1 other error, 2 usage, 3 bad input or file, 4 wrong password or PIN,',
    '5 not found / no pending key. Errors print "certwiz: CODE: text" on stderr.',
    '',
    'Run `certwiz <command> --help` for a command’s options.',
  ].join('\n');
}

function commandHelp(s: CommandSpec): string {
  const all = { ...s.options, ...GLOBAL_OPTIONS };
  const rows = Object.entries(all).map(([n, o]) => [optionUsage(n, o), o.help]);
  const width = Math.max(...rows.map((r) => r[0].length)) + 2;
  return [
    `Usage: ${commandLine(s)}`,
    '',
    s.summary,
    '',
    'Options:',
    ...rows.map(([u, h]) => `  ${u.padEnd(width)}${h}`),
    ...(s.details ? ['', ...s.details] : []),
  ].join('\n');
}

function findSpec(): { spec: CommandSpec; rest: string[] } | null {
  const words = argv.filter((a) => !a.startsWith('-'));
  const group = words[0];
  const inGroup = SPECS.filter((s) => s.group === group);
  if (inGroup.length === 0) return null;
  if (inGroup.length === 1 && !inGroup[0].name) {
    const i = argv.indexOf(group);
    return { spec: inGroup[0], rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  const name = words[1];
  const spec = inGroup.find((s) => s.name === name);
  if (!spec) {
    const names = inGroup.map((s) => s.name).join(', ');
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(inGroup.map(commandHelp).join('\n\n') + '\n');
      process.exit(0);
    }
    usageError(name ? `unknown sub-command "${group} ${name}" (one of: ${names})` : `"${group}" needs a sub-command: ${names}`);
  }
  const gi = argv.indexOf(group);
  const ni = argv.indexOf(name, gi + 1);
  return { spec, rest: argv.filter((_, k) => k !== gi && k !== ni) };
}

function parse(): Invocation | null {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(mainHelp() + '\n');
    process.exit(argv.length === 0 ? 2 : 0);
  }
  if (argv[0] === '--version' || argv[0] === '-v') {
    process.stdout.write(`${version}\n`);
    process.exit(0);
  }
  const found = findSpec();
  if (!found) usageError(`unknown command "${argv.find((a) => !a.startsWith('-')) ?? argv[0]}"; see certwiz --help`);
  const { spec, rest } = found;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    const options = Object.fromEntries(
      Object.entries({ ...spec.options, ...GLOBAL_OPTIONS }).map(([n, o]) => [n, { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) }]),
    );
    parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
  } catch (err) {
    usageError(`${(err as Error).message.split('\n')[0]}; see certwiz ${[spec.group, spec.name].filter(Boolean).join(' ')} --help`);
  }
  if (parsed.values.help) {
    process.stdout.write(commandHelp(spec) + '\n');
    process.exit(0);
  }
  // A last positional spelled `NAME...` (or `NAME...?`) takes every remaining word:
  // `store import a.pem b.crl c.p7b` (issue 4 CLI contract).
  const required = spec.positionals.filter((p) => !p.endsWith('?')).length;
  const variadic = /\.\.\.\??$/.test(spec.positionals[spec.positionals.length - 1] ?? '');
  const most = variadic ? Infinity : spec.positionals.length;
  if (parsed.positionals.length < required || parsed.positionals.length > most) {
    usageError(`expected ${spec.positionals.join(' ') || 'no arguments'}; usage: ${commandLine(spec)}`);
  }
  return { spec, values: parsed.values as Invocation['values'], positionals: parsed.positionals, json: Boolean(parsed.values.json) };
}

const invocation = parse();
if (invocation) {
  // Loaded only now: the bundle with the core. See scripts/build.mjs (cli-core.js is external),
  // through the build's V8 code cache when it matches these bytes (code-cache.ts), else require.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { requireWithCodeCache } = require('./code-cache') as typeof import('./code-cache');
  const core = requireWithCodeCache<typeof import('./main')>(require('node:path').join(__dirname, 'cli-core.js'), module);
  core.run(invocation).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.stderr.write('certwiz: INTERNAL: Something went wrong inside Certwiz.\n');
      process.exitCode = 1;
    },
  );
}
