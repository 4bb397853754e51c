/**
 * Test set-up for the PFX tests: a small PKI made with openssl (root CA, RSA and EC leaves) and
 * runners for the peer tools (openssl, keytool, pk12util, certtool) in a temp dir with its own
 * HOME, so nothing touches the real one. Passwords go on argv only in these throw-away tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pki {
  dir: string;
  path(name: string): string;
  read(name: string): Buffer;
  text(name: string): string;
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(dir: string, cmd: string, args: string[], input?: string): RunResult {
  const r = spawnSync(cmd, args, {
    cwd: dir,
    input,
    encoding: 'utf8',
    env: { ...process.env, HOME: dir, LC_ALL: 'C.UTF-8' },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function must(dir: string, cmd: string, args: string[]): RunResult {
  const r = run(dir, cmd, args);
  if (r.status !== 0) throw new Error(`${cmd} ${args[0]} failed: ${r.stderr.slice(0, 500)}`);
  return r;
}

export function makePki(prefix = 'certwiz-pfx-'): Pki {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const o = (args: string[]) => must(dir, 'openssl', args);
  writeFileSync(join(dir, 'ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n');
  writeFileSync(join(dir, 'leaf.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
  o(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'root.key']);
  o(['req', '-x509', '-new', '-key', 'root.key', '-out', 'root.pem', '-subj', '/O=Certwiz Test/CN=PFX Test Root', '-days', '3650',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  o(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'sub.key']);
  o(['req', '-new', '-key', 'sub.key', '-out', 'sub.csr', '-subj', '/O=Certwiz Test/CN=PFX Test Sub CA']);
  o(['x509', '-req', '-in', 'sub.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-out', 'sub.pem', '-days', '3650', '-extfile', 'ca.ext', '-set_serial', '0x1001']);
  o(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'rsa.key']);
  o(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384', '-out', 'ec.key']);
  for (const [n, cn, serial] of [['rsa', 'rsa.example.test', '0x3001'], ['ec', 'ec.example.test', '0x3002']]) {
    o(['req', '-new', '-key', `${n}.key`, '-out', `${n}.csr`, '-subj', `/O=Certwiz Test/CN=${cn}`]);
    o(['x509', '-req', '-in', `${n}.csr`, '-CA', 'sub.pem', '-CAkey', 'sub.key', '-out', `${n}.pem`, '-days', '365', '-extfile', 'leaf.ext', '-set_serial', serial]);
  }
  writeFileSync(join(dir, 'chain.pem'), readFileSync(join(dir, 'sub.pem'), 'utf8') + readFileSync(join(dir, 'root.pem'), 'utf8'));
  return {
    dir,
    path: (name) => join(dir, name),
    read: (name) => readFileSync(join(dir, name)),
    text: (name) => readFileSync(join(dir, name), 'utf8'),
  };
}

/** A fresh, empty NSS database under the PKI dir (no DB password). */
export function nssDb(pki: Pki, name: string): string {
  const db = pki.path(name);
  mkdirSync(db);
  must(pki.dir, 'certutil', ['-N', '-d', `sql:${db}`, '--empty-password']);
  return db;
}

/** Deterministic PRNG (mulberry32) for the fuzz test. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
