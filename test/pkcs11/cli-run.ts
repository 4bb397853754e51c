/**
 * Runs one `certwiz` command in process the way entry.ts does (the registered SPECS, the same
 * parseArgs options, main.run), without the esbuild bundle: other helpers rebuild dist/ while
 * tests run. Exits with the command's exit code after finalising the PKCS#11 libraries.
 */
import { parseArgs } from 'node:util';
import { SPECS } from '../../electron/cli/specs';
import { GLOBAL_OPTIONS, type Invocation } from '../../electron/cli/spec';
import { run } from '../../electron/cli/main';
import { finalizeAll } from '../../electron/core/pkcs11/library';

const argv = process.argv.slice(2);
const words = argv.filter((a) => !a.startsWith('-'));
const spec = SPECS.find((s) => s.group === words[0] && (!s.name || s.name === words[1]));
if (!spec) {
  process.stderr.write(`no command ${words.slice(0, 2).join(' ')}\n`);
  process.exit(2);
}
const drop = new Set([argv.indexOf(spec.group), ...(spec.name ? [argv.indexOf(spec.name, argv.indexOf(spec.group) + 1)] : [])]);
const options = Object.fromEntries(
  Object.entries({ ...spec.options, ...GLOBAL_OPTIONS }).map(([n, o]) => [n, { type: o.type, ...(o.multiple ? { multiple: true } : {}) }]),
);
const parsed = parseArgs({ args: argv.filter((_, i) => !drop.has(i)), options, allowPositionals: true, strict: true });
const inv: Invocation = { spec, values: parsed.values as Invocation['values'], positionals: parsed.positionals, json: Boolean(parsed.values.json) };
run(inv).then((code) => {
  finalizeAll();
  process.exitCode = code;
});
