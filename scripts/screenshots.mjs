#!/usr/bin/env node
// `node scripts/screenshots.mjs`: docs/screenshots/<page>-<lang>.png for the README, in English
// and Traditional Chinese, taken from the real browser shell (see e2e/screenshots.ts).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'e2e/screenshots.ts')], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
