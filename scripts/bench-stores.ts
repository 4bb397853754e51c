/**
 * NSS numbers for `npm run bench` (issue 4 "Also"): importing a PFX with a 3-certificate chain
 * (leaf + Sub CA + root, the root trusted `C,,`) into a fresh NSS DB, next to Debian's tools doing
 * the same: `pk12util -i` then `certutil -M -t C,,` on the root. Two rows: Certwiz in process
 * (NssStore.importPfx, what the app does) and the whole `certwiz pfx import --store nss:DIR`
 * process, each against the two peer processes. Target ≤ 1.0×. A fresh DB per run (made outside
 * the timing), runs alternate ours/theirs so load on the shared machine hits both alike.
 *
 * Prints one JSON object { name: { certwiz, reference, ratio, target, unit } } for bench.mjs.
 * Usage: node --import tsx scripts/bench-stores.ts [--runs=N]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { NssStore } from '../electron/core/stores/nss';
import { makePki } from '../test/stores/pki';

const runs = Math.max(1, Math.min(Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 7), 15));
const root = path.join(__dirname, '..');
const bin = path.join(root, 'bin', 'certwiz.js');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main(): Promise<void> {
  const pki = makePki();
  const pfx = pki.file('leaf.p12');
  const work = mkdtempSync(path.join(os.tmpdir(), 'certwiz-bench-stores-'));
  let n = 0;
  const freshDb = () => {
    const dir = path.join(work, `db${n++}`);
    mkdirSync(dir);
    execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password'], { stdio: 'pipe' });
    return dir;
  };
  // The root's nickname after pk12util (NSS names CA certificates by subject): found once.
  const probe = freshDb();
  execFileSync('pk12util', ['-i', pfx, '-d', `sql:${probe}`, '-W', pki.pfxPassword, '-K', ''], { stdio: 'pipe' });
  const rootNick = 'Practice Root CA 3 - Certwiz Test';
  const listed = execFileSync('certutil', ['-L', '-d', `sql:${probe}`], { encoding: 'utf8' });
  const nick = listed.split('\n').map((l) => l.replace(/\s+\S*,\S*,\S*\s*$/, '').trim()).find((l) => /Practice Root CA 3/.test(l)) ?? rootNick;

  const theirs = (): number => {
    const dir = freshDb();
    const t0 = performance.now();
    execFileSync('pk12util', ['-i', pfx, '-d', `sql:${dir}`, '-W', pki.pfxPassword, '-K', ''], { stdio: 'pipe' });
    execFileSync('certutil', ['-M', '-d', `sql:${dir}`, '-n', nick, '-t', 'C,,'], { stdio: 'pipe' });
    return performance.now() - t0;
  };
  const bytes = new Uint8Array(readFileSync(pfx));
  const oursInProcess = async (): Promise<number> => {
    const dir = freshDb();
    const t0 = performance.now();
    await new NssStore(dir).importPfx(bytes, pki.pfxPassword, { trustRoot: true });
    return performance.now() - t0;
  };
  const oursWhole = (): number => {
    const dir = freshDb();
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [bin, 'pfx', 'import', pfx, '--store', `nss:${dir}`, '--security-level', 'medium', '--trust-root'], {
      env: { PATH: process.env.PATH, HOME: work, CERTWIZ_HOME: path.join(work, 'home'), CERTWIZ_PFX_PASSWORD: pki.pfxPassword },
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`certwiz pfx import failed: ${r.stderr}`);
    return ms;
  };

  // Check once that both ends agree: same three certificates, root C,,.
  const check = freshDb();
  await new NssStore(check).importPfx(bytes, pki.pfxPassword, { trustRoot: true });
  const ours = execFileSync('certutil', ['-L', '-d', `sql:${check}`], { encoding: 'utf8' });
  if ((ours.match(/,\S*,/g) ?? []).length < 3 || !/C,,/.test(ours)) throw new Error(`unexpected NSS contents:\n${ours}`);

  const a: number[] = [];
  const b: number[] = [];
  const w: number[] = [];
  await oursInProcess(); // warm-up (module load)
  theirs();
  for (let i = 0; i < runs; i++) {
    a.push(await oursInProcess());
    b.push(theirs());
    if (existsSync(bin)) w.push(oursWhole());
  }
  rmSync(work, { recursive: true, force: true });
  rmSync(pki.dir, { recursive: true, force: true });
  const r1 = (x: number) => Math.round(x * 10) / 10;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const ref = median(b);
  const rows: Record<string, { certwiz: number; reference: number; ratio: number; target: string; unit: string }> = {
    'NSS PFX import, 3-cert chain, root C,, (in process) vs pk12util -i + certutil -M': { certwiz: r1(median(a)), reference: r1(ref), ratio: r2(median(a) / ref), target: '≤ 1.0×', unit: 'ms' },
  };
  if (w.length) {
    rows['NSS PFX import (certwiz pfx import --store, whole process) vs pk12util -i + certutil -M'] = { certwiz: r1(median(w)), reference: r1(ref), ratio: r2(median(w) / ref), target: '≤ 1.0×', unit: 'ms' };
  }
  process.stdout.write(JSON.stringify(rows) + '\n');
}

main().catch((err) => {
  process.stderr.write(`bench-stores: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
