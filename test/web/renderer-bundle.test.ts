/**
 * The renderer bundle keeps the layering and the size budget (issue 2: renderer imports only
 * shared/; renderer JS <= 200 KB gzip): esbuild's metafile lists every input the bundle holds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(__dirname, '..', '..');

test('the renderer bundles only renderer/, shared/ and React, and stays under 200 KB gzipped', async () => {
  const r = await build({
    entryPoints: [join(ROOT, 'renderer/index.tsx')],
    bundle: true,
    write: false,
    outdir: '/tmp/certwiz-bundle-check',
    platform: 'browser',
    format: 'iife',
    target: ['chrome120'],
    minify: true,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: ROOT,
  });
  const inputs = Object.keys(r.metafile.inputs);
  const foreign = inputs.filter(
    (p) => !/^(renderer|shared)\//.test(p) && !/^node_modules\/(react|react-dom|scheduler)\//.test(p),
  );
  assert.deepEqual(foreign, [], 'unexpected inputs in the renderer bundle');
  assert.ok(!inputs.some((p) => p.startsWith('electron/')), 'the renderer must not import electron/');
  const js = r.outputFiles.find((f) => f.path.endsWith('.js'))!;
  const gz = gzipSync(js.contents, { level: 9 }).length;
  assert.ok(gz <= 200 * 1024, `renderer JS is ${gz} bytes gzipped`);
});
