#!/usr/bin/env node
// Builds every shell with esbuild: the CLI (a tiny entry that loads the core lazily, so
// `certwiz --help` starts fast), the browser shell, Electron main + preload, and the renderer.
// Runs as `prepare`, so `npm ci` leaves a working `npx certwiz`.
import { build as esbuild } from 'esbuild';
import { mkdirSync, copyFileSync, existsSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
const quiet = process.argv.includes('--quiet');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);

// Native and Electron-only modules stay outside the bundles.
const nodeExternal = ['electron', 'pkcs11js', 'graphene-pk11', 'node-webcrypto-p11'];
const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  external: nodeExternal,
  logLevel: 'warning',
  legalComments: 'none',
};

// The PFX worker thread (electron/core/pkcs12/offthread.ts): one self-contained IIFE that every
// Node bundle starts as an eval worker, so it is built with each of them.
// The token worker (electron/core/pkcs11/offthread.ts) likewise: PKCS#11 calls off the main thread.
const workerBundles = () =>
  build({
    ...node,
    format: 'iife',
    sourcemap: false,
    entryPoints: { 'pfx-worker': 'electron/core/pkcs12/worker.ts', 'token-worker': 'electron/core/pkcs11/token-worker.ts' },
    outdir: out,
  });

const jobs = {
  cli: async () => {
    await build({ ...node, entryPoints: { cli: 'electron/cli/entry.ts', 'cli-core': 'electron/cli/main.ts', 'write-code-cache': 'electron/cli/write-code-cache.ts' }, outdir: out, external: [...nodeExternal, './cli-core.js'] });
    // V8 code cache for cli-core.js (electron/cli/code-cache.ts): commands skip compiling 2 MB.
    const cache = spawnSync(process.execPath, [join(out, 'write-code-cache.js')], { stdio: 'inherit' });
    if (cache.status !== 0 && !quiet) console.log('build: no CLI code cache (the CLI still works, it compiles on each run)');
    await workerBundles();
  },
  web: async () => {
    await build({ ...node, entryPoints: { web: 'electron/web/entry.ts' }, outdir: out });
    await workerBundles();
  },
  electron: async () => {
    await build({ ...node, entryPoints: { main: 'electron/main/main.ts', preload: 'electron/preload/preload.ts' }, outdir: join(out, 'electron') });
    await workerBundles();
  },
  renderer: async () => {
    mkdirSync(join(out, 'renderer'), { recursive: true });
    await build({
      entryPoints: { app: 'renderer/index.tsx' },
      outdir: join(out, 'renderer'),
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: ['chrome120'],
      minify: true,
      sourcemap: false,
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
      loader: { '.svg': 'file', '.png': 'file' },
      logLevel: 'warning',
      legalComments: 'none',
    });
    copyFileSync(join(root, 'renderer/index.html'), join(out, 'renderer/index.html.tmp'));
    renameSync(join(out, 'renderer/index.html.tmp'), join(out, 'renderer/index.html'));
  },
};

/**
 * Each output is written to a temp file and renamed into place, so a test (or a running
 * `certwiz`) reading dist/ while another process rebuilds never sees a half-written bundle.
 */
function writeAtomic(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
async function build(options) {
  const result = await esbuild({ ...options, write: false });
  for (const file of result.outputFiles) writeAtomic(file.path, file.contents);
  return result;
}

const t0 = Date.now();
const selected = only ? only.split(',') : Object.keys(jobs);
for (const name of selected) {
  const entry = { cli: 'electron/cli/entry.ts', web: 'electron/web/entry.ts', electron: 'electron/main/main.ts', renderer: 'renderer/index.tsx' }[name];
  if (!existsSync(join(root, entry))) {
    if (!quiet) console.log(`build: skipping ${name} (${entry} not written yet)`);
    continue;
  }
  await jobs[name]();
}
writeFileSync(join(out, '.built'), new Date().toISOString() + '\n');
if (!quiet) console.log(`build: ${selected.join(', ')} in ${Date.now() - t0} ms`);
