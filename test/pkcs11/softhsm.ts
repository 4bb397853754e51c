/**
 * A throw-away SoftHSM2 token directory for one test file.
 *
 * SoftHSM reads SOFTHSM2_CONF at C_Initialize, and the library is initialised once per process,
 * so a test file creates all its tokens first (`createSoftHsm`) and only then touches the core.
 * A token gets a new slot id on init, so tests address tokens by label or serial, like users.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export interface SoftHsm {
  dir: string;
  conf: string;
  env: NodeJS.ProcessEnv;
  /** Runs OpenSC's pkcs11-tool against our SoftHSM; returns stdout (throws on failure). */
  pkcs11Tool(args: string[]): string;
  cleanup(): void;
}

export interface TokenSpec {
  label: string;
  pin: string;
  soPin?: string;
}

export function createSoftHsm(tokens: TokenSpec[], extraConf = ''): SoftHsm {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'certwiz-softhsm-'));
  const tokDir = path.join(dir, 'tokens');
  mkdirSync(tokDir);
  const conf = path.join(dir, 'softhsm2.conf');
  writeFileSync(
    conf,
    `directories.tokendir = ${tokDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n${extraConf}`,
  );
  process.env.SOFTHSM2_CONF = conf;
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  for (const t of tokens) {
    execFileSync(
      'softhsm2-util',
      ['--init-token', '--free', '--label', t.label, '--pin', t.pin, '--so-pin', t.soPin ?? '87654321'],
      { env, stdio: 'pipe' },
    );
  }
  return {
    dir,
    conf,
    env,
    pkcs11Tool(args) {
      const r = spawnSync('pkcs11-tool', ['--module', SOFTHSM_MODULE, ...args], { env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`pkcs11-tool failed (${r.status}): ${r.stderr}`);
      return r.stdout;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Serial of the token with this label, as softhsm2-util shows it. */
export function serialOf(hsm: SoftHsm, label: string): string {
  const out = execFileSync('softhsm2-util', ['--show-slots'], { env: hsm.env, encoding: 'utf8' });
  const blocks = out.split(/\nSlot /);
  for (const b of blocks) {
    if (new RegExp(`Label:\\s+${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\n`).test(b + '\n')) {
      const m = /Serial number:\s+(\S+)/.exec(b);
      if (m) return m[1];
    }
  }
  throw new Error(`no token ${label}`);
}
