/**
 * Electron main entry (dist/electron/main.js): hands the real `electron` module to the shell.
 *
 * The only file under electron/main that imports 'electron' at runtime; everything it wires is
 * in ./app.ts and tested in plain Node with a fake (test/electron/). The core is the same one the
 * CLI and the browser shell run (electron/core/service.ts), with the fallback-file protector for
 * Medium keys whenever the OS keyring is not real (./safe-storage.ts).
 */
import * as electron from 'electron';
import { join } from 'node:path';
import { createCore } from '../core/service';
import { createFallbackProtector } from '../core/medium';
import { startElectronShell, type ElectronLike } from './app';

startElectronShell(electron, { createCore, createFallbackProtector }, {
  env: process.env,
  platform: process.platform,
  // esbuild bundles this file to dist/electron/main.js; the renderer is built to dist/renderer.
  rendererDir: join(__dirname, '..', 'renderer'),
  preloadPath: join(__dirname, 'preload.js'),
});
