/**
 * `npm run start:web` as a user runs it: builds if needed, prints exactly one line with the
 * loopback URL and the token in the fragment, serves the renderer there, and stops on SIGTERM.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

test('start:web prints one line with a 127.0.0.1 URL and serves the wizard there', { timeout: 90_000 }, async () => {
  const home = mkdtempSync(join(tmpdir(), 'certwiz-startweb-'));
  const child = spawn(process.execPath, [join(ROOT, 'scripts/start-web.mjs')], {
    env: { ...process.env, CERTWIZ_HOME: home, CERTWIZ_EXPORT_DIR: join(home, 'out') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  try {
    const deadline = Date.now() + 80_000;
    while (!out.includes('\n') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    // Anything else it might print would arrive now.
    await new Promise((r) => setTimeout(r, 500));
    const lines = out.split('\n').filter((l) => l !== '');
    assert.equal(lines.length, 1, `stdout: ${out} stderr: ${err}`);
    const m = /^Certwiz is running at (http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]{40,}))$/.exec(lines[0]);
    assert.ok(m, lines[0]);
    const [, url, , token] = m;
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<div id="root">/);
    const info = await fetch(new URL('/api/app:info', url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Certwiz-Token': token },
      body: '{}',
    });
    const env = (await info.json()) as { ok: boolean; value: { shell: string; dataDir: string; mediumProtection: string } };
    assert.equal(env.ok, true);
    assert.equal(env.value.shell, 'web');
    assert.equal(env.value.dataDir, home, 'CERTWIZ_HOME is the data dir');
    assert.equal(env.value.mediumProtection, 'fallback-file');
    const refused = await fetch(new URL('/api/app:info', url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    assert.equal(refused.status, 403);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  }
  assert.doesNotMatch(err, /\n\s+at /, 'no stack trace');
});
