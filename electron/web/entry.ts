/**
 * `npm run start:web`: the browser shell. Serves the built renderer on 127.0.0.1 with a per-run
 * token and prints exactly one line with the address to open (issue 2 part 1).
 *
 * The same core and the same dispatcher as Electron's IPC. Medium keys use the labelled
 * fallback-file protector (no OS keyring is reachable from a plain Node process); the UI shows
 * that from app:info. Files the user saves go to $CERTWIZ_EXPORT_DIR or ~/Downloads, because a
 * page cannot open a native save dialog for the server (the core chooses when saveFile is absent).
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { createCore } from '../core/service';
import { createFallbackProtector } from '../core/medium';
import { defaultDataDir } from '../core/paths';
import { startWebServer } from './server';
import pkg from '../../package.json';

async function main(): Promise<void> {
  const dataDir = defaultDataDir();
  // dist/web.js sits next to dist/renderer; running from sources (tsx) finds it the same way.
  const candidates = [join(__dirname, 'renderer'), join(__dirname, '..', '..', 'dist', 'renderer')];
  const rendererDir = candidates.find((d) => existsSync(join(d, 'index.html')));
  if (!rendererDir) {
    process.stderr.write('certwiz: INTERNAL: the renderer is not built; run `npm run build`.\n');
    process.exit(1);
  }
  const api = await createCore({
    dataDir,
    medium: createFallbackProtector(dataDir),
    shell: 'web',
    version: pkg.version,
    locale: Intl.DateTimeFormat().resolvedOptions().locale,
  });
  const web = await startWebServer({ api, rendererDir });
  process.stdout.write(`Certwiz is running at ${web.url}\n`);
  const stop = () => {
    void web.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  const code = (err as { code?: string })?.code;
  const message = code === 'EADDRINUSE' ? 'no free port on 127.0.0.1' : 'the browser shell could not start';
  process.stderr.write(`certwiz: INTERNAL: ${message}.\n`);
  process.exit(1);
});
