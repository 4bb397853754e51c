/**
 * Card numbers for `npm run bench` (issue 5 "Also"): key generation and CSR signing on a
 * throw-away SoftHSM2 token through Certwiz (pkcs11/bench.ts benchTokenKeygen), side by side with
 * `pkcs11-tool --keypairgen` / `--sign` for the same key type, in one run, plus the worst
 * event-loop gap while the token generates (the UI must answer within 100 ms).
 *
 * Prints one JSON object of rows { name: { certwiz, reference, ratio, target, unit } } that
 * scripts/bench.mjs merges into its table. Usage: node --import tsx scripts/bench-token.ts [--runs=N]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KeyAlgorithm } from '../shared/ipc';

const MODULE = process.env.CERTWIZ_PKCS11_MODULE || '/usr/lib/softhsm/libsofthsm2.so';
const runs = Math.max(1, Math.min(Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5), 9));

async function main(): Promise<void> {
  if (!existsSync(MODULE)) {
    process.stdout.write('{}\n'); // no SoftHSM2 here: no card rows
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'certwiz-bench-token-'));
  const tokens = path.join(dir, 'tokens');
  mkdirSync(tokens);
  const conf = path.join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  // Before the library is loaded: SoftHSM reads its configuration at C_Initialize.
  process.env.SOFTHSM2_CONF = conf;
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  const pin = '24682468';
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'Bench Card', '--pin', pin, '--so-pin', '13571357'], { env, stdio: 'pipe' });
  const { benchTokenKeygen, finalizeAll } = await import('../electron/core/pkcs11/index');
  const rows: Record<string, { certwiz: number; reference?: number; ratio?: number; target: string; unit: string }> = {};
  const r1 = (x: number) => Math.round(x * 10) / 10;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  try {
    let worstGap = 0;
    for (const alg of ['rsa-2048', 'ec-p256'] as KeyAlgorithm[]) {
      const r = await benchTokenKeygen({ module: MODULE, token: 'Bench Card', pin, alg, runs, env });
      worstGap = Math.max(worstGap, r.worstEventLoopGapMs);
      // The peer's times include its process start and login; "adjusted" subtracts a login-only run.
      rows[`card keygen ${alg} vs pkcs11-tool --keypairgen`] = { certwiz: r1(r.ours.keygenMs), reference: r1(r.peer.keygenMs), ratio: r2(r.ratio.keygen), target: '≤ 1.05×', unit: 'ms' };
      if (r.ratio.keygenAdjusted !== null) {
        rows[`card keygen ${alg} vs pkcs11-tool minus its start+login`] = { certwiz: r1(r.ours.keygenMs), reference: r1(r.peer.keygenAdjustedMs), ratio: r2(r.ratio.keygenAdjusted), target: '≤ 1.05×', unit: 'ms' };
      }
      rows[`card CSR signing ${alg} vs pkcs11-tool --sign`] = { certwiz: r1(r.ours.signMs), reference: r1(r.peer.signMs), ratio: r2(r.ratio.sign), target: '≤ 1.05×', unit: 'ms' };
    }
    rows['card keygen: worst event-loop gap (UI answers)'] = { certwiz: r1(worstGap), target: '< 100 ms', unit: 'ms' };
  } finally {
    finalizeAll();
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(rows) + '\n');
}

main().catch((err) => {
  process.stderr.write(`bench-token: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
