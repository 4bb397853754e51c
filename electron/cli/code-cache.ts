/**
 * Loads dist/cli-core.js with a V8 code cache made at build time, so a command does not compile
 * the 2 MB core bundle from scratch on every run (issue 2 "npm run bench": `certwiz csr` whole
 * process is mostly start-up; profiled, compiling cli-core.js was ~30 % of it).
 *
 * Node 20 has no built-in compile cache (module.enableCompileCache is Node 22), so this is the
 * documented vm.Script `cachedData` mechanism, the same thing the v8-compile-cache package does,
 * written out here because it is 40 lines. Safety: V8 checks only the source length and its own
 * version/flags before using a cache, so the cache file also names the SHA-256 of the bundle it
 * was made from; any mismatch (rebuilt bundle, other Node) means a plain `require`, never stale
 * code. Nothing here is needed for correctness: every failure before the bundle runs falls back
 * to `require`.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

type ModuleInternals = typeof Module & {
  wrap(source: string): string;
  _nodeModulePaths(dir: string): string[];
};
const M = Module as ModuleInternals;

/**
 * `<bundle>.cache` = "<sha256 of the bundle>\n<node version>\n" + V8's cached data: one file,
 * renamed into place, so the header and the data always belong together.
 */
const cachePath = (file: string) => `${file}.cache`;
const header = (source: Buffer) => `${createHash('sha256').update(source).digest('hex')}\n${process.version}\n`;

function compile(file: string, source: Buffer, cachedData?: Buffer): Script {
  return new Script(M.wrap(source.toString('utf8')), { filename: file, cachedData });
}

/** Runs the compiled CommonJS wrapper as `require` would, and returns its exports. */
function run(script: Script, file: string, parent: NodeJS.Module | undefined): unknown {
  const mod = new Module(file, parent) as NodeJS.Module & { paths: string[] };
  mod.filename = file;
  mod.paths = M._nodeModulePaths(dirname(file));
  const fn = script.runInThisContext() as (...args: unknown[]) => void;
  const req = ((id: string) => mod.require(id)) as NodeJS.Require;
  fn.call(mod.exports, mod.exports, req, mod, file, dirname(file));
  mod.loaded = true;
  return mod.exports;
}

/** `require(file)`, through the code cache when it was made for exactly these bytes. */
export function requireWithCodeCache<T>(file: string, parent?: NodeJS.Module): T {
  return loadWithCodeCache<T>(file, parent).exports;
}

/** As requireWithCodeCache, and says whether the cache was used (tests). */
export function loadWithCodeCache<T>(file: string, parent?: NodeJS.Module): { exports: T; cached: boolean } {
  let script: Script;
  try {
    const cache = readFileSync(cachePath(file));
    const source = readFileSync(file);
    const head = Buffer.from(header(source));
    if (cache.length <= head.length || !cache.subarray(0, head.length).equals(head)) throw new Error('made for other bytes');
    script = compile(file, source, cache.subarray(head.length));
    if (script.cachedDataRejected) throw new Error('rejected');
  } catch {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { exports: require(file) as T, cached: false };
  }
  return { exports: run(script, file, parent) as T, cached: true };
}

/**
 * Writes `<file>.cache` (build time: `node dist/cli.js` with
 * dist/write-code-cache.js, see scripts/build.mjs). The bundle's top level runs first, then
 * `warm`, so the functions compiled meanwhile are in the cache too.
 */
export async function writeCodeCache(file: string, warm?: (exports: unknown) => Promise<void>): Promise<void> {
  const source = readFileSync(file);
  const script = compile(file, source);
  const exports = run(script, file, undefined);
  // Functions V8 compiled while `warm` ran (module set-up of x509, zod, the core) are cached too.
  if (warm) await warm(exports);
  const path = cachePath(file);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.concat([Buffer.from(header(source)), script.createCachedData()]));
  renameSync(tmp, path);
}
