/**
 * In-process timing for `npm run bench`: key generation + CSR + encrypted PKCS#8, exactly the
 * work `csr:create` does before saving, timed with performance.now() in one warm process.
 * Prints one JSON object: { "rsa-2048": [ms...], "ec-p256": [ms...] }.
 */
import { performance } from 'node:perf_hooks';
import { KeyObject } from 'node:crypto';
import { getProfile } from '../shared/profiles';
import { validateRequest } from '../shared/fields';
import { generateKeyPair } from '../electron/core/keys';
import { buildCsr } from '../electron/core/csr';
import { encrypt } from '../electron/core/keystore';
import type { KeyAlgorithm } from '../shared/ipc';

async function once(alg: KeyAlgorithm): Promise<number> {
  const profile = getProfile('generic-server')!;
  const t0 = performance.now();
  const v = validateRequest(profile, { cn: 'bench.example.com', o: 'Bench', sans: [] }, alg);
  const keys = await generateKeyPair(alg);
  await buildCsr(v.normalized!, keys, alg);
  encrypt(KeyObject.from(keys.privateKey), 'bench-password');
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 20);
  const out: Record<string, number[]> = {};
  for (const alg of ['rsa-2048', 'ec-p256'] as KeyAlgorithm[]) {
    await once(alg); // warm-up: module init, first OpenSSL provider load
    out[alg] = [];
    for (let i = 0; i < runs; i++) out[alg].push(await once(alg));
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

void main();
