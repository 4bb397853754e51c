/**
 * Runs a store tool (certutil, pk12util, crlutil, powershell, security) without a shell.
 *
 * Secrets never go on the command line (visible in `ps`). NSS takes passwords only as files
 * (`-f`/`-k`/`-w` read the first line). A pipe on fd 3 would be ideal, but Node's extra stdio
 * "pipes" are socketpairs and Linux refuses to reopen a socket through `/dev/fd/N` (measured:
 * "No password file /dev/fd/3 exists"), so each secret goes into a 0600 file in a fresh 0700
 * directory, on RAM (/dev/shm or $XDG_RUNTIME_DIR) where there is one, removed as soon as the
 * tool exits. The child runs in its own session (`detached`) with stdin closed, so NSS cannot
 * fall back to prompting on the user's terminal.
 */
import { spawn } from 'node:child_process';
import { promises as fs, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { CertwizError } from '../../../shared/errors';

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Each written to a private file; `{{secret0}}`, `{{secret1}}` in args become their paths. */
  secrets?: string[];
  /** Bytes for stdin (e.g. a certificate); stdin is closed otherwise. */
  input?: Uint8Array;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Placeholder for the path of the n-th secret's file; replaced by `runTool`. */
export function secretPath(index: number): string {
  return `{{secret${index}}}`;
}

function secretBase(): string {
  if (existsSync('/dev/shm')) return '/dev/shm';
  const run = process.env.XDG_RUNTIME_DIR;
  return run && existsSync(run) ? run : tmpdir();
}

/** NSS reads up to the first newline; a password containing one cannot be passed faithfully. */
export function assertPassable(secret: string): void {
  if (/[\r\n\0]/.test(secret)) {
    throw new CertwizError('INVALID_INPUT', 'A password or PIN may not contain line breaks.');
  }
}

export async function runTool(cmd: string, args: string[], options: RunOptions = {}): Promise<ToolResult> {
  const secrets = options.secrets ?? [];
  secrets.forEach(assertPassable);
  if (secrets.length === 0) return spawnTool(cmd, args, options);
  const dir = await fs.mkdtemp(join(secretBase(), 'certwiz-'));
  try {
    await fs.chmod(dir, 0o700);
    const paths: string[] = [];
    for (const [i, s] of secrets.entries()) {
      const p = join(dir, `s${i}`);
      await fs.writeFile(p, s, { mode: 0o600, flag: 'wx' }); // no newline: pk12util would take it as part of the password
      paths.push(p);
    }
    const real = args.map((a) => a.replace(/\{\{secret(\d+)\}\}/g, (_, n: string) => paths[Number(n)]));
    return await spawnTool(cmd, real, options);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function spawnTool(cmd: string, args: string[], options: RunOptions): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const stdio: ('pipe' | 'ignore')[] = [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'];
    let child;
    try {
      child = spawn(cmd, args, {
        stdio,
        detached: true,
        env: options.env ?? { ...process.env, LANG: 'C', LC_ALL: 'C' },
      });
    } catch {
      reject(toolMissing(cmd));
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(e.code === 'ENOENT' ? toolMissing(cmd) : new CertwizError('STORE_TOOL_FAILED', `${cmd} could not be started.`, { tool: cmd }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
    if (options.input) {
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(Buffer.from(options.input));
    }
  });
}

function toolMissing(cmd: string): CertwizError {
  return new CertwizError('STORE_NOT_FOUND', `The tool "${cmd}" is not installed, so this store cannot be used.`, { tool: cmd });
}
