/**
 * PFX numbers for `npm run bench` (issue 3 "Also"): Certwiz next to `openssl pkcs12` doing the
 * same work on the same key and chain at the same iteration count.
 *   - in process: writePfx / inspectPfx in one warm process vs openssl minus its start-up
 *     (`openssl version`), at 2048 iterations (both defaults) and at 600000 (GnuTLS/NSS files);
 *   - whole process: `certwiz pfx export` / `certwiz pfx inspect` vs `openssl pkcs12`;
 *   - the reader on 1,000 mutated files (target under 60 s).
 * Usage: node --import tsx scripts/bench-pfx.ts [--runs=N] [--json]; with --json it prints the
 * row object bench.mjs merges (`{ name: { certwiz, reference, ratio, target, unit } }`).
 */
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { inspectPfx, readPfx, writePfx } from '../electron/core/pkcs12';
import { CertwizError } from '../shared/errors';

const root = join(__dirname, '..');
const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 10);
const asJson = process.argv.includes('--json');
const work = mkdtempSync(join(tmpdir(), 'certwiz-bench-pfx-'));
const env = { ...process.env, HOME: work, CERTWIZ_HOME: join(work, 'home'), CERTWIZ_PFX_PASSWORD: 'bench-pfx' };
const bin = join(root, 'bin', 'certwiz.js');

function sh(cmd: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: work, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 3).join(' ')} failed: ${r.stderr}`);
  return ms;
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const timeIn = (f: () => void) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};
/** Medians of two measures taken alternately, so a burst of load hits both. */
function paired(n: number, a: () => number, b: () => number): [number, number] {
  a();
  b();
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    xs.push(a());
    ys.push(b());
  }
  return [median(xs), median(ys)];
}

const o = (args: string[]) => sh('openssl', args);
o(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ca.key']);
o(['req', '-x509', '-new', '-key', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=Bench CA', '-days', '30']);
o(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'leaf.key']);
o(['req', '-new', '-key', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=bench.example.test']);
o(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-out', 'leaf.pem', '-days', '30', '-set_serial', '7']);
const at = (n: string) => join(work, n);
const key = crypto.createPrivateKey(readFileSync(at('leaf.key')));
const leafPem = readFileSync(at('leaf.pem'), 'utf8');
const caPem = readFileSync(at('ca.pem'), 'utf8');
const exportArgs = (out: string) => ['pkcs12', '-export', '-inkey', 'leaf.key', '-in', 'leaf.pem', '-certfile', 'ca.pem', '-out', out, '-passout', 'pass:bench-pfx'];
o(exportArgs('ossl.p12'));
sh('certtool', ['--load-privkey', 'leaf.key', '--load-certificate', 'leaf.pem', '--load-ca-certificate', 'ca.pem', '--to-p12', '--outder', '--outfile', 'gnutls.p12', '--p12-name', 'b', '--password', 'bench-pfx']);
const osslBytes = readFileSync(at('ossl.p12'));
const gnutlsBytes = readFileSync(at('gnutls.p12'));

const results: Record<string, { certwiz: number; reference?: number; ratio?: number; target: string; unit: string }> = {};
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const row = (name: string, ours: number, theirs: number | undefined, target: string, unit = 'ms') => {
  results[name] = { certwiz: round(ours, 2), reference: theirs === undefined ? undefined : round(theirs, 2), ratio: theirs ? round(ours / theirs, 2) : undefined, target, unit };
};

// openssl's own start-up, subtracted to compare with in-process work.
const startup = median(Array.from({ length: runs }, () => sh('openssl', ['version'])));
/**
 * Ours, openssl doing the work and `openssl version` taken in turn, so load on the shared machine
 * hits all three alike. At 2048 iterations openssl's work is ~1-2 ms next to ~10 ms of start-up,
 * so the median difference swings with load (measured 0.9-6 ms across runs); the fastest run of
 * each is the least disturbed estimate and is reported next to the medians.
 */
function triple(n: number, ours: () => number, theirs: () => number): { med: [number, number]; best: [number, number] } {
  ours();
  theirs();
  const a: number[] = [];
  const b: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < n; i++) {
    a.push(ours());
    b.push(theirs());
    v.push(sh('openssl', ['version']));
  }
  return {
    med: [median(a), Math.max(0.1, median(b) - median(v))],
    best: [Math.min(...a), Math.max(0.1, Math.min(...b) - Math.min(...v))],
  };
}
let n = 0;
const ex = triple(
  Math.max(runs, 15),
  () => timeIn(() => writePfx({ key, certificate: leafPem, chain: [caPem], profile: 'aes256-sha256', password: 'bench-pfx' })),
  () => o(exportArgs(`e${n++}.p12`)),
);
row('PFX export in-process (2048 it.)', ex.med[0], ex.med[1], '≤ 1.2×');
row('PFX export in-process (2048 it., fastest run each)', ex.best[0], ex.best[1], '≤ 1.2×');
const inspectArgs = (f: string) => ['pkcs12', '-in', f, '-passin', 'pass:bench-pfx', '-nodes', '-out', '/dev/null'];
const ins = triple(Math.max(runs, 15), () => timeIn(() => inspectPfx(osslBytes, 'bench-pfx')), () => o(inspectArgs('ossl.p12')));
row('PFX inspect in-process (2048 it.)', ins.med[0], ins.med[1], '≤ 1.2×');
row('PFX inspect in-process (2048 it., fastest run each)', ins.best[0], ins.best[1], '≤ 1.2×');
const few = Math.max(3, Math.floor(runs / 3));
const [inBig, osslBig] = paired(few, () => timeIn(() => readPfx(gnutlsBytes, 'bench-pfx')), () => o(inspectArgs('gnutls.p12')));
row('PFX read in-process (600000 it., certtool)', inBig, Math.max(0.1, osslBig - startup), '≤ 1.2×');

// Whole process through the CLI (built by bench.mjs / npm run build).
const imp = spawnSync(process.execPath, [bin, 'pfx', 'import', 'ossl.p12', '--exportable', '--security-level', 'medium', '--json'], { cwd: work, env, encoding: 'utf8' });
if (imp.status === 0) {
  const id = JSON.parse(imp.stdout).imported[0].id as string;
  let k = 0;
  const [cwExport, osExport] = paired(runs, () => sh(process.execPath, [bin, 'pfx', 'export', id, '--out', `cw${k++}.p12`]), () => o(exportArgs(`w${k}.p12`)));
  row('certwiz pfx export (whole process)', cwExport, osExport, 'report');
  const [cwInspect, osInspect] = paired(runs, () => sh(process.execPath, [bin, 'pfx', 'inspect', 'ossl.p12', '--json']), () => o(inspectArgs('ossl.p12')));
  row('certwiz pfx inspect (whole process)', cwInspect, osInspect, 'report');
}

// The reader on 1,000 mutated files (bit flips, random bytes, truncation), iterations capped.
let seed = 0x5eed;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
const t0 = performance.now();
for (let i = 0; i < 1000; i++) {
  const b = Buffer.from(i % 2 ? osslBytes : writePfx({ key, certificate: leafPem, profile: '3des-sha1', password: 'bench-pfx', privacy: false }));
  const kind = i % 3;
  if (kind === 0) for (let j = 0; j < 4; j++) b[Math.floor(rnd() * b.length)] ^= 1 << Math.floor(rnd() * 8);
  else if (kind === 1) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
  const bytes = kind === 2 ? b.subarray(0, Math.floor(rnd() * b.length)) : b;
  try {
    readPfx(bytes, 'bench-pfx', { maxIterations: 20_000 });
  } catch (err) {
    if (!(err instanceof CertwizError)) throw err;
  }
}
row('PFX fuzz, 1,000 files', (performance.now() - t0) / 1000, undefined, '< 60 s', 's');

rmSync(work, { recursive: true, force: true });
if (asJson) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
else for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(44)} ${v.certwiz} ${v.unit}${v.reference !== undefined ? `  vs ${v.reference} ${v.unit}  (${v.ratio}×)` : ''}  target ${v.target}`);
