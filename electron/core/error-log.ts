/**
 * The last errors, by stable code, for the helpdesk report (issue 6 "the last errors with their
 * codes").
 *
 * Only what a helpdesk needs to say "what happened": when, which request (IPC channel or CLI
 * command) and the code. Never the message's parameters or the request: a payload may hold a
 * password, a PIN or a validation code. Electron main and the browser shell feed the in-memory
 * ring through electron/ipc/dispatch.ts (one process serves many requests); each CLI run is its
 * own process, so the CLI appends to a small file in the data dir instead (last MAX_ENTRIES kept,
 * written atomically, mode 0600).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toCertwizError } from '../../shared/errors';
import { writeFileAtomic } from './atomic';
import { defaultDataDir } from './paths';

export const MAX_ENTRIES = 20;
export const ERROR_LOG_FILE = 'error-log.json';

export interface ErrorLogEntry {
  /** ISO 8601. */
  at: string;
  /** IPC channel (`pfx:import`) or CLI command (`cli pfx import`). */
  where: string;
  code: string;
}

export interface ErrorLog {
  record(where: string, code: string, at?: Date): void;
  /** Oldest first. */
  recent(): ErrorLogEntry[];
  clear(): void;
}

/** Codes and names are short ASCII identifiers; anything else is cut, never stored as given. */
const clean = (s: string, max: number) => s.replace(/[^A-Za-z0-9 :._-]/g, '?').slice(0, max);

export function createErrorLog(max = MAX_ENTRIES): ErrorLog {
  const entries: ErrorLogEntry[] = [];
  return {
    record(where, code, at = new Date()) {
      entries.push({ at: at.toISOString(), where: clean(where, 64), code: clean(code, 64) });
      if (entries.length > max) entries.splice(0, entries.length - max);
    },
    recent: () => entries.map((e) => ({ ...e })),
    clear: () => void entries.splice(0),
  };
}

/** The process's ring, fed by the IPC dispatcher. */
export const errorLog: ErrorLog = createErrorLog();

function parseEntries(text: string): ErrorLogEntry[] {
  try {
    const data = JSON.parse(text) as unknown;
    if (!Array.isArray(data)) return [];
    return data
      .filter((e): e is ErrorLogEntry => !!e && typeof e.at === 'string' && typeof e.where === 'string' && typeof e.code === 'string')
      .map((e) => ({ at: clean(e.at, 40), where: clean(e.where, 64), code: clean(e.code, 64) }))
      .slice(-MAX_ENTRIES);
  } catch {
    return [];
  }
}

/** Errors the CLI recorded in this data dir (none when the file is missing or damaged). */
export async function readErrorFile(dataDir: string): Promise<ErrorLogEntry[]> {
  try {
    return parseEntries(await readFile(join(dataDir, ERROR_LOG_FILE), 'utf8'));
  } catch {
    return [];
  }
}

/** Appends one CLI error; best effort (a report is never worth failing a command for). */
export async function appendErrorFile(dataDir: string, where: string, code: string, at = new Date()): Promise<void> {
  try {
    const log = createErrorLog();
    for (const e of await readErrorFile(dataDir)) {
      const when = new Date(e.at);
      log.record(e.where, e.code, Number.isNaN(when.getTime()) ? new Date(0) : when);
    }
    log.record(where, code, at);
    await writeFileAtomic(join(dataDir, ERROR_LOG_FILE), JSON.stringify(log.recent(), null, 1) + '\n', { mode: 0o600, overwrite: true });
  } catch {
    // Read-only or missing data dir: nothing to record into.
  }
}

/** What electron/cli/main.ts calls when a command fails: the code, into the default data dir. */
export async function recordCliError(command: string, err: unknown, dataDir: string = defaultDataDir()): Promise<void> {
  await appendErrorFile(dataDir, `cli ${command}`, toCertwizError(err).code);
}
