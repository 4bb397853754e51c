#!/usr/bin/env node
// `npm test`: installs the system peers if needed, builds, type-checks, runs the unit tests
// (node:test, plain Node against real OpenSSL / NSS / SoftHSM / keytool), the e2e specs
// (Playwright driving Debian's Chromium through the browser shell), and Electronegativity.
// Ends with one line "tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, readFileSync, mkdtempSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ensureSystem } from './ensure-system.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const e2eOnly = args.includes('--e2e');
const filters = args.filter((a) => !a.startsWith('--'));

function files(dir, suffix) {
  if (!existsSync(dir)) return [];
  const outList = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) outList.push(...files(p, suffix));
    else if (name.endsWith(suffix)) outList.push(p);
  }
  return outList.filter((f) => filters.length === 0 || filters.some((x) => f.includes(x))).sort();
}

function step(title, cmd, argv, opts = {}) {
  console.log(`\n== ${title}`);
  const r = spawnSync(cmd, argv, { stdio: 'inherit', ...opts });
  return r.status === 0;
}

let passed = 0;
let failed = 0;
function runNodeTests(title, list, concurrency) {
  if (list.length === 0) return true;
  const tap = join(mkdtempSync(join(tmpdir(), 'certwiz-tap-')), 'out.tap');
  const ok = step(title, process.execPath, [
    '--import', 'tsx', '--test', `--test-concurrency=${concurrency}`,
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...list,
  ]);
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const p = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
  const f = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0);
  passed += p;
  failed += f + (ok || f ? 0 : 1);
  return ok;
}

let ok = ensureSystem();
if (!ok) failed += 1;
ok = step('build', process.execPath, ['scripts/build.mjs']) && ok;
if (!unitOnly && !e2eOnly) ok = step('typecheck', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json']) && ok;
if (!ok) failed += 1;
if (!e2eOnly) ok = runNodeTests('unit tests', files('test', '.test.ts'), 2) && ok;
if (!unitOnly) ok = runNodeTests('e2e (browser shell, Chromium)', files('e2e', '.spec.ts'), 1) && ok;
if (!unitOnly && !e2eOnly && filters.length === 0) {
  const lint = step('electronegativity', process.execPath, ['scripts/electronegativity.mjs']);
  if (lint) passed += 1; else failed += 1;
  ok = lint && ok;
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
