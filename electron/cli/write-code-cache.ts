/**
 * Build step (scripts/build.mjs, after the CLI bundles): writes dist/cli-core.js.cache for the
 * Node that runs the build. See code-cache.ts; a user's other Node simply ignores it.
 *
 * Before the cache is taken, `certwiz list --json` runs once against an empty temporary data
 * dir: that sets up the core every command uses (x509, the key store, the contract schemas), so
 * their compiled code is in the cache as well. Nothing outside the temporary dir is touched.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCodeCache } from './code-cache';
import { SPECS } from './specs';

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'certwiz-code-cache-'));
  process.env.CERTWIZ_HOME = home;
  const write = process.stdout.write.bind(process.stdout);
  try {
    await writeCodeCache(join(__dirname, 'cli-core.js'), async (core) => {
      const spec = SPECS.find((s) => s.group === 'list' && !s.name);
      if (!spec) return;
      process.stdout.write = () => true; // the listing itself is not wanted
      try {
        await (core as typeof import('./main')).run({ spec, values: { json: true }, positionals: [], json: true });
      } finally {
        process.stdout.write = write;
      }
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`write-code-cache: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
