/**
 * Runs the built CLI the way scripts do (test/cli/contract-*.test.ts): no terminal, a temp HOME
 * and CERTWIZ_HOME, and only the environment a test passes (undefined removes a variable).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(__dirname, '..', '..');
const bin = join(root, 'bin', 'certwiz.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export type Env = Record<string, string | undefined>;

/** A runner for one work dir (cwd and HOME) and data dir (CERTWIZ_HOME). */
export function cliRunner(work: string, dataDir: string): (args: string[], env?: Env) => Run {
  return (args, env = {}) => {
    const r = spawnSync(process.execPath, [bin, ...args], {
      cwd: work,
      env: { PATH: process.env.PATH, HOME: work, CERTWIZ_HOME: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
}

/** Success with --json: exit 0 and exactly one JSON object on stdout (JSON.parse fails on more). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function json(r: Run): any {
  assert.equal(r.code, 0, r.stderr);
  const v = JSON.parse(r.stdout);
  assert.equal(typeof v, 'object');
  return v;
}

/** Builds the CLI bundle once if there is none (npm test has built it already). */
export function ensureBuilt(): void {
  if (!existsSync(join(root, 'dist', 'cli-core.js'))) {
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--only=cli', '--quiet'], { cwd: root, stdio: 'inherit' });
  }
}
