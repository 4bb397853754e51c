#!/usr/bin/env node
// Browser-shell numbers for `npm run bench` (issue 2): time to the first interactive wizard
// screen and the longest renderer task while an RSA key is generated, measured in Debian's
// Chromium by e2e/bench-ui.ts. Prints {name: {certwiz, unit, target}} for scripts/bench.mjs.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'e2e', 'bench-ui.ts')], { cwd: root, encoding: 'utf8' });
if (r.status !== 0) {
  process.stderr.write(r.stderr || 'bench-ui failed\n');
  process.exit(1);
}
const line = r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
const m = JSON.parse(line);
const out = {
  'first interactive wizard screen (browser shell, median of 7)': { certwiz: m.firstInteractiveMs, unit: 'ms', target: '≤ 300 ms' },
  'longest renderer task while an RSA-2048 key is generated': { certwiz: m.longestTaskDuringKeygenMs, unit: 'ms', target: '≤ 50 ms' },
  'renderer tasks over 50 ms during key generation': { certwiz: m.longTasksDuringKeygen, unit: '', target: '0' },
};
process.stdout.write(JSON.stringify(out) + '\n');
