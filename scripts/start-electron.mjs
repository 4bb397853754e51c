#!/usr/bin/env node
// `npm start`: launches Certwiz on Electron.
//
// 1. Finds the Electron binary the way the `electron` package does (ELECTRON_OVERRIDE_DIST_PATH,
//    else node_modules/electron/dist/<path.txt>), without require('electron'): that require
//    downloads synchronously with no time limit and throws a stack trace when offline.
// 2. If it is missing, runs Electron's own installer (node_modules/electron/install.js) with a
//    time limit (CERTWIZ_ELECTRON_INSTALL_TIMEOUT_MS, default 5 min), its output kept to itself.
// 3. Builds dist/ if it is missing or older than the sources (skip with --no-build).
// 4. Runs Electron on this folder (package.json "main" = dist/electron/main.js) and passes its
//    exit code on.
// Any failure ends with ONE line on stderr and exit 1, pointing to the browser shell; never a stack.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FALLBACK = 'Run the browser shell instead: npm run start:web';
const args = process.argv.slice(2);
const tty = Boolean(process.stderr.isTTY);

/** The one line, then exit. On a terminal, first erases a "downloading…" status line. */
function fail(message) {
  if (tty) process.stderr.write('\r\x1b[K');
  process.stderr.write(`certwiz: ${message}. ${FALLBACK}\n`);
  process.exit(1);
}

function status(text) {
  // Progress only where a person watches; logs and tests see just the outcome.
  if (tty) process.stderr.write(`\r\x1b[Kcertwiz: ${text}`);
}

function platformExecutable() {
  switch (process.env.ELECTRON_INSTALL_PLATFORM || process.env.npm_config_platform || process.platform) {
    case 'darwin':
    case 'mas':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    default:
      return 'electron';
  }
}

function electronPackageDir() {
  try {
    return dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** Where the binary is (or would be), and whether the user pinned it with the override. */
function locate(pkgDir) {
  const pathTxt = join(pkgDir, 'path.txt');
  const rel = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : platformExecutable();
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    // electron/index.js joins the override with path.txt, or with plain "electron" when there is
    // no path.txt (a binary-less install, as here): accept either.
    const found = [rel, 'electron'].map((r) => join(override, r)).find(isExecutableFile);
    return { binary: found ?? join(override, rel), override: true };
  }
  return { binary: join(pkgDir, 'dist', rel), override: false };
}

function isExecutableFile(p) {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Runs Electron's installer with a time limit; true if it says it succeeded. */
function runInstaller(pkgDir) {
  const installer = process.env.CERTWIZ_ELECTRON_INSTALLER || join(pkgDir, 'install.js');
  if (!existsSync(installer)) return false;
  const timeout = Number(process.env.CERTWIZ_ELECTRON_INSTALL_TIMEOUT_MS) || 5 * 60 * 1000;
  status('downloading Electron (first launch)…');
  const r = spawnSync(process.execPath, [installer], {
    cwd: pkgDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout,
    killSignal: 'SIGKILL',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (tty) process.stderr.write('\r\x1b[K');
  return r.status === 0 && !r.error;
}

function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const p = join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return newest;
}

function buildIfNeeded() {
  if (args.includes('--no-build')) return;
  const outputs = ['dist/electron/main.js', 'dist/electron/preload.js', 'dist/renderer/index.html'].map((p) => join(root, p));
  const oldest = Math.min(...outputs.map((p) => (existsSync(p) ? statSync(p).mtimeMs : 0)));
  const sources = Math.max(...['electron', 'shared', 'renderer'].map((d) => newestMtime(join(root, d))));
  if (oldest > 0 && oldest >= sources) return;
  status('building…');
  const r = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--quiet'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  if (tty) process.stderr.write('\r\x1b[K');
  if (r.status !== 0) fail('the build failed (run npm run build to see why)');
}

function main() {
  const pkgDir = electronPackageDir();
  if (!pkgDir) fail('the electron package is not installed (run npm ci)');
  let { binary, override } = locate(pkgDir);
  if (!isExecutableFile(binary)) {
    // A pinned ELECTRON_OVERRIDE_DIST_PATH is the user's choice: downloading into
    // node_modules/electron/dist would not put a binary there, so say what is missing instead.
    if (override) fail(`no Electron binary at ${binary} (ELECTRON_OVERRIDE_DIST_PATH)`);
    if (!runInstaller(pkgDir)) fail('Electron could not be downloaded (offline?)');
    ({ binary } = locate(pkgDir));
    if (!isExecutableFile(binary)) fail('Electron could not be downloaded (offline?)');
  }
  buildIfNeeded();

  const env = { ...process.env };
  // Set by some tools (and by Electron's own test runners); it would make Electron a plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  const passThrough = args.filter((a) => a !== '--no-build');
  const child = spawn(binary, [root, ...passThrough], { stdio: 'inherit', env, windowsHide: false });
  child.on('error', (err) => fail(`Electron could not be started (${err.code || err.message})`));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

try {
  main();
} catch (err) {
  fail(`could not start Electron (${err && err.message ? String(err.message).split('\n')[0] : 'unknown error'})`);
}
