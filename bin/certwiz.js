#!/usr/bin/env node
// The `certwiz` command: runs the built CLI, building it first if `npm ci` skipped `prepare`.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const entry = join(__dirname, '..', 'dist', 'cli.js');
if (!existsSync(entry)) {
  const { spawnSync } = require('node:child_process');
  const r = spawnSync(process.execPath, [join(__dirname, '..', 'scripts', 'build.mjs'), '--quiet'], { stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write('certwiz: INTERNAL: the CLI is not built; run `npm run build`.\n');
    process.exit(1);
  }
}
require(entry);
