#!/usr/bin/env node
// `npm run start:web`: builds what the browser shell needs when dist is missing or older than
// the sources, then runs dist/web.js, which prints the one line with the address to open.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outputs = ['dist/web.js', 'dist/renderer/app.js', 'dist/renderer/index.html'].map((p) => join(root, p));

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    t = Math.max(t, st.isDirectory() ? newest(p) : st.mtimeMs);
  }
  return t;
}

const built = outputs.every((p) => existsSync(p)) ? Math.min(...outputs.map((p) => statSync(p).mtimeMs)) : 0;
const sources = Math.max(...['renderer', 'shared', 'electron/web', 'electron/core', 'electron/ipc'].map((d) => newest(join(root, d))));
if (built < sources) {
  const r = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--quiet', '--only=web,renderer'], { stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write('certwiz: INTERNAL: the build failed; see the messages above.\n');
    process.exit(1);
  }
}
const child = spawn(process.execPath, [join(root, 'dist/web.js')], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
