import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWithCodeCache, writeCodeCache } from '../../electron/cli/code-cache';

describe('CLI code cache (electron/cli/code-cache.ts)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'certwiz-code-cache-test-'));
  test.after(() => rmSync(dir, { recursive: true, force: true }));

  test('a cache made for these bytes is used, and the module works the same', async () => {
    const file = join(dir, 'a.js');
    writeFileSync(file, "const path = require('node:path'); exports.answer = () => 40 + 2; exports.dir = __dirname; exports.base = path.basename(__filename);\n");
    let warmed = false;
    await writeCodeCache(file, async (exp) => {
      warmed = (exp as { answer(): number }).answer() === 42;
    });
    assert.ok(warmed, 'warm-up sees the exports');
    assert.ok(existsSync(`${file}.cache`));
    const { exports, cached } = loadWithCodeCache<{ answer(): number; dir: string; base: string }>(file);
    assert.equal(cached, true);
    assert.equal(exports.answer(), 42);
    assert.equal(exports.dir, dir);
    assert.equal(exports.base, 'a.js');
  });

  test('a rebuilt bundle of the same length never runs the old code', async () => {
    const file = join(dir, 'b.js');
    writeFileSync(file, 'exports.v = () => 1111;\n');
    await writeCodeCache(file);
    writeFileSync(file, 'exports.v = () => 2222;\n'); // same length: V8 alone would accept the cache
    const { exports, cached } = loadWithCodeCache<{ v(): number }>(file);
    assert.equal(cached, false);
    assert.equal(exports.v(), 2222);
  });

  test('no cache, or a damaged header, falls back to require', async () => {
    const file = join(dir, 'c.js');
    writeFileSync(file, 'exports.c = 3;\n');
    assert.deepEqual(loadWithCodeCache(file), { exports: { c: 3 }, cached: false });
    await writeCodeCache(file);
    const cache = readFileSync(`${file}.cache`);
    cache[3] ^= 1;
    writeFileSync(`${file}.cache`, cache);
    const r = loadWithCodeCache<{ c: number }>(file);
    assert.equal(r.cached, false);
    assert.equal(r.exports.c, 3);
  });
});
