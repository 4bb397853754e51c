#!/usr/bin/env node
// `npm run bench`: Certwiz's numbers next to OpenSSL doing the same work (issue 2 "npm run
// bench"). Targets are printed, never asserted: timing on a shared machine is noisy.
//   - `certwiz csr` whole process (RSA-2048, EC P-256, High level: key encrypted) vs
//     `openssl req -new -newkey … -passout` (also writes an encrypted PKCS#8 key);
//   - key generation + CSR in process vs OpenSSL's (openssl req minus `openssl version` start-up);
//   - `certwiz --help` cold start vs `node -e 0`;
//   - CLI peak RSS (GNU time's %M, else process.resourceUsage of the child);
//   - renderer JS gzipped; browser-shell numbers come from scripts/bench-renderer.mjs if present;
//   - PFX export / inspect vs openssl pkcs12 and the PFX fuzz run (scripts/bench-pfx.ts);
//   - a PFX with its chain into an NSS DB vs pk12util + certutil -M (scripts/bench-stores.ts).
// Usage: node scripts/bench.mjs [--runs=N] [--json]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 20);
const asJson = process.argv.includes('--json');
const work = mkdtempSync(join(tmpdir(), 'certwiz-bench-'));
const bin = join(root, 'bin', 'certwiz.js');
const env = { ...process.env, CERTWIZ_HOME: join(work, 'home'), CERTWIZ_KEY_PASSWORD: 'bench-password' };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function time(cmd, args, opts = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: work, env, stdio: ['ignore', 'ignore', 'pipe'], ...opts });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

function medianOf(n, fn) {
  fn(); // warm the page cache
  return median(Array.from({ length: n }, fn));
}

/** Medians of two measures taken alternately, so a burst of load on a shared machine hits both. */
function paired(n, a, b) {
  a();
  b();
  const xs = [];
  const ys = [];
  for (let i = 0; i < n; i++) {
    if (i % 2) {
      ys.push(b());
      xs.push(a());
    } else {
      xs.push(a());
      ys.push(b());
    }
  }
  return [median(xs), median(ys)];
}

// Build what is missing (`npm run build` refreshes the rest); rebuilding here while tests run
// the same files would race with them.
const missing = [['cli', 'cli-core.js'], ['renderer', 'renderer/app.js']].filter(([, f]) => !existsSync(join(root, 'dist', f))).map(([n]) => n);
if (missing.length) {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), `--only=${missing.join(',')}`, '--quiet'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
}

const results = {};
const rows = [];
const row = (name, ours, theirs, target, unit = 'ms') => {
  const ratio = theirs ? ours / theirs : undefined;
  results[name] = { certwiz: round(ours), reference: theirs === undefined ? undefined : round(theirs), ratio: ratio && round(ratio, 2), target, unit };
  rows.push([name, `${round(ours)} ${unit}`, theirs === undefined ? '' : `${round(theirs)} ${unit}`, ratio ? `${round(ratio, 2)}×` : '', target]);
};
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

// 1. Whole process: certwiz csr vs openssl req.
const algs = { 'rsa-2048': ['-newkey', 'rsa:2048'], 'ec-p256': ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] };
const opensslWhole = {};
for (const [alg, nk] of Object.entries(algs)) {
  let i = 0;
  const [ours, theirs] = paired(
    runs,
    () => time(process.execPath, [bin, 'csr', '--profile', 'generic-server', '--cn', 'bench.example.com', '--o', 'Bench', '--key', alg, '--out', join(work, `c${alg}-${i++}.csr`)]),
    () => time('openssl', ['req', '-new', ...nk, '-subj', '/O=Bench/CN=bench.example.com', '-addext', 'subjectAltName=DNS:bench.example.com', '-addext', 'extendedKeyUsage=serverAuth', '-keyout', join(work, 'o.key'), '-passout', 'pass:bench-password', '-out', join(work, 'o.csr')]),
  );
  opensslWhole[alg] = theirs;
  row(`certwiz csr ${alg} (whole process)`, ours, theirs, '(reported)');
}

// 2. In process: key generation + CSR (+ encryption), vs openssl req minus its start-up.
const opensslStart = medianOf(runs, () => time('openssl', ['version']));
const inproc = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'bench-inprocess.ts'), String(runs)], { cwd: root, encoding: 'utf8' });
if (inproc.status !== 0) throw new Error(`in-process bench failed: ${inproc.stderr}`);
const inprocMs = JSON.parse(inproc.stdout);
for (const alg of Object.keys(algs)) {
  row(`keygen + CSR ${alg} (in process)`, median(inprocMs[alg]), Math.max(opensslWhole[alg] - opensslStart, 0.1), '≤ 1.0× OpenSSL');
}

// 3. Cold start of --help vs bare node.
const [help, bare] = paired(runs, () => time(process.execPath, [bin, '--help']), () => time(process.execPath, ['-e', '0']));
row('certwiz --help cold start', help, bare, '≤ 1.5× node -e 0');

// 4. Peak RSS of the CLI making a request.
function peakRssKb(args) {
  const gnuTime = '/usr/bin/time';
  if (existsSync(gnuTime)) {
    const r = spawnSync(gnuTime, ['-f', '%M', process.execPath, bin, ...args], { cwd: work, env, encoding: 'utf8' });
    const kb = Number(r.stderr.trim().split('\n').pop());
    if (r.status === 0 && kb > 0) return kb;
  }
  // Fallback: our own process's max RSS after running the CLI core in-process is not the same
  // thing, so report "n/a" rather than a wrong number.
  return NaN;
}
const rssKb = Math.max(peakRssKb(['csr', '--profile', 'generic-server', '--cn', 'rss.example.com', '--key', 'rsa-2048', '--out', join(work, 'rss.csr')]), peakRssKb(['list']));
row('CLI peak RSS (csr rsa-2048, list)', rssKb / 1024, undefined, '≤ 100 MB', 'MB');

// 5. Renderer size (gzip -9 of every .js the page loads).
const rdir = join(root, 'dist', 'renderer');
if (existsSync(rdir)) {
  const js = readdirSync(rdir).filter((f) => f.endsWith('.js'));
  const gz = js.reduce((n, f) => n + gzipSync(readFileSync(join(rdir, f)), { level: 9 }).length, 0);
  row('renderer JS (gzip)', gz / 1024, undefined, '≤ 200 KB', 'KB');
}

// 6. Browser-shell numbers, from the renderer's own bench when it exists.
const rbench = join(root, 'scripts', 'bench-renderer.mjs');
let rendererOut = '';
if (existsSync(rbench)) {
  const r = spawnSync(process.execPath, [rbench, `--runs=${runs}`, '--json'], { cwd: root, encoding: 'utf8' });
  if (r.status === 0) {
    try {
      const extra = JSON.parse(r.stdout);
      for (const [name, v] of Object.entries(extra)) {
        results[name] = v;
        rows.push([name, `${v.certwiz} ${v.unit ?? 'ms'}`, v.reference === undefined ? '' : `${v.reference} ${v.unit ?? 'ms'}`, v.ratio ? `${v.ratio}×` : '', v.target ?? '']);
      }
    } catch {
      rendererOut = r.stdout;
    }
  } else rendererOut = `bench-renderer failed: ${r.stderr.split('\n')[0]}`;
}

// 7. Smart cards (issue 5): key generation and CSR signing on a SoftHSM2 token vs pkcs11-tool,
// and the worst event-loop gap while the card generates (scripts/bench-token.ts).
{
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'bench-token.ts'), `--runs=${Math.min(runs, 7)}`], { cwd: root, encoding: 'utf8' });
  try {
    if (r.status !== 0) throw new Error(r.stderr.split('\n')[0]);
    for (const [name, v] of Object.entries(JSON.parse(r.stdout))) {
      results[name] = v;
      rows.push([name, `${v.certwiz} ${v.unit}`, v.reference === undefined ? '' : `${v.reference} ${v.unit}`, v.ratio ? `${v.ratio}×` : '', v.target]);
    }
  } catch (err) {
    rendererOut += `${rendererOut ? '\n' : ''}bench-token failed: ${err.message}`;
  }
}

// 8. PFX (issue 3): export and inspect of the same key and chain, in process and whole process,
// next to `openssl pkcs12` at the same iteration count; the 1,000-file fuzz run (scripts/bench-pfx.ts).
{
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'bench-pfx.ts'), `--runs=${Math.min(runs, 10)}`, '--json'], { cwd: root, encoding: 'utf8' });
  try {
    if (r.status !== 0) throw new Error(r.stderr.split('\n')[0]);
    for (const [name, v] of Object.entries(JSON.parse(r.stdout))) {
      results[name] = v;
      rows.push([name, `${v.certwiz} ${v.unit}`, v.reference === undefined ? '' : `${v.reference} ${v.unit}`, v.ratio ? `${v.ratio}×` : '', v.target]);
    }
  } catch (err) {
    rendererOut += `${rendererOut ? '\n' : ''}bench-pfx failed: ${err.message}`;
  }
}

// 9. Stores (issue 4): a PFX with a 3-certificate chain into a fresh NSS DB (root trusted C,,),
// in process and as `certwiz pfx import --store`, next to pk12util -i + certutil -M (scripts/bench-stores.ts).
{
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'bench-stores.ts'), `--runs=${Math.min(runs, 9)}`], { cwd: root, encoding: 'utf8' });
  try {
    if (r.status !== 0) throw new Error(r.stderr.split('\n')[0]);
    for (const [name, v] of Object.entries(JSON.parse(r.stdout))) {
      results[name] = v;
      rows.push([name, `${v.certwiz} ${v.unit}`, `${v.reference} ${v.unit}`, `${v.ratio}×`, v.target]);
    }
  } catch (err) {
    rendererOut += `${rendererOut ? '\n' : ''}bench-stores failed: ${err.message}`;
  }
}

rmSync(work, { recursive: true, force: true });
if (asJson) {
  process.stdout.write(JSON.stringify({ runs, results }, null, 2) + '\n');
} else {
  const head = ['measure', 'Certwiz', 'reference', 'ratio', 'target'];
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  console.log(`bench: median of ${runs} runs (reference: OpenSSL ${spawnSync('openssl', ['version'], { encoding: 'utf8' }).stdout.trim()}, node ${process.version})`);
  for (const r of all) console.log(r.map((c, i) => String(c).padEnd(w[i])).join('  '));
  if (rendererOut) console.log(rendererOut);
}
