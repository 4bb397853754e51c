/**
 * One e2e harness, two targets (ARCHITECTURE.md "e2e"): the browser shell driven by Debian's
 * Chromium (always), or Electron through Playwright's `_electron` when CERTWIZ_E2E_TARGET=electron
 * and an Electron binary exists (not on this machine: it cannot download one).
 *
 * Each `start()` gets its own CERTWIZ_HOME, CERTWIZ_EXPORT_DIR and browser profile in a temp dir,
 * so specs never touch the real HOME and never see each other's keys.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, _electron, type BrowserContext, type ElectronApplication, type Page } from 'playwright-core';
import type { Channel, Envelope, Request, Response } from '../shared/ipc';

export const ROOT = join(__dirname, '..');
export const CHROMIUM = process.env.CERTWIZ_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export interface Target {
  kind: 'web' | 'electron';
  page: Page;
  /** Where the data and the saved files go (temp dirs). */
  home: string;
  exportDir: string;
  /** Console errors, uncaught exceptions and CSP violations seen in the page so far. */
  problems: string[];
  /** http://127.0.0.1:PORT/#token=… (web only). */
  url?: string;
  /** Calls a channel directly (set-up steps the spec is not about), same envelope as the UI. */
  api<C extends Channel>(channel: C, req: Request<C>): Promise<Response<C>>;
  close(): Promise<void>;
}

let built = false;
/**
 * Builds the browser shell and the renderer once per process (0.5 s), so a spec never runs
 * against a stale bundle; CERTWIZ_E2E_NO_BUILD=1 skips it when dist is already fresh (npm test
 * builds first). The Electron bundle is built only for the Electron target.
 */
export function ensureBuilt(kind: 'web' | 'electron' = 'web'): void {
  if (built) return;
  const out = ['dist/web.js', 'dist/renderer/app.js'].map((p) => join(ROOT, p));
  const skip = process.env.CERTWIZ_E2E_NO_BUILD === '1' && out.every((p) => existsSync(p));
  if (!skip) {
    const only = kind === 'electron' ? 'web,renderer,electron' : 'web,renderer';
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--quiet', `--only=${only}`], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('build failed');
  }
  built = true;
}

/** Starts dist/web.js and resolves with the one URL line it prints. */
export async function startWebShell(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/web.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const rl = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web shell did not print its URL: ${stderr}`)), 20_000);
    rl.once('line', (line) => {
      clearTimeout(timer);
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)/.exec(line);
      if (m) resolve(m[1]);
      else reject(new Error(`unexpected first line: ${line}`));
    });
    child.once('exit', (code) => reject(new Error(`web shell exited (${code}): ${stderr}`)));
  });
  return { child, url };
}

/** `env`: extra variables for the shell (e.g. HOME with an NSS DB for the store pages). */
export async function start(opts: { locale?: string; env?: Record<string, string> } = {}): Promise<Target> {
  const kind = process.env.CERTWIZ_E2E_TARGET === 'electron' ? 'electron' : 'web';
  const base = mkdtempSync(join(tmpdir(), 'certwiz-e2e-'));
  const home = join(base, 'home');
  const exportDir = join(base, 'export');
  const env = { ...process.env, CERTWIZ_HOME: home, CERTWIZ_EXPORT_DIR: exportDir, LANG: opts.locale === 'zh-HK' ? 'zh_HK.UTF-8' : 'en_US.UTF-8', ...opts.env };
  const cleanup = () => rmSync(base, { recursive: true, force: true });
  mkdirSync(exportDir, { recursive: true });
  ensureBuilt(kind);

  if (kind === 'electron') {
    const app: ElectronApplication = await _electron.launch({ args: [join(ROOT, 'dist/electron/main.js')], env, cwd: ROOT, locale: opts.locale });
    // The native save dialog would wait for a person: answer it with a file in the export dir,
    // under the name main proposed, as a user clicking Save would.
    await app.evaluate(({ dialog }, dir) => {
      const answer = async (...args: unknown[]) => {
        const o = (args.length > 1 ? args[1] : args[0]) as { defaultPath?: string };
        const name = String(o?.defaultPath ?? 'file').split(/[\\/]/).pop();
        return { canceled: false, filePath: `${dir}/${name}` };
      };
      (dialog as unknown as { showSaveDialog: typeof answer }).showSaveDialog = answer;
    }, exportDir);
    const page = await app.firstWindow();
    await page.waitForSelector('h2');
    const problems = watchProblems(page);
    return {
      kind,
      page,
      home,
      exportDir,
      problems,
      api: (channel, req) =>
        page.evaluate(
          async ([c, r]) => {
            const env = (await (window as unknown as { certwiz: Record<string, (x: unknown) => Promise<Envelope<unknown>>> }).certwiz[c](r)) as Envelope<unknown>;
            if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`);
            return env.value;
          },
          [channel, req] as const,
        ) as never,
      close: async () => {
        await app.close();
        cleanup();
      },
    };
  }

  const { child, url } = await startWebShell(env);
  const origin = new URL(url).origin;
  const token = new URL(url).hash.replace('#token=', '');
  const profileDir = join(base, 'chromium');
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      locale: opts.locale ?? 'en-US',
      viewport: { width: 1100, height: 820 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
  } catch (err) {
    child.kill('SIGTERM');
    cleanup();
    throw err;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  const problems = watchProblems(page);
  await page.goto(url);
  await page.waitForSelector('h2');
  return {
    kind,
    page,
    home,
    exportDir,
    url,
    problems,
    async api(channel, req) {
      const res = await fetch(`${origin}/api/${channel}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Certwiz-Token': token },
        body: JSON.stringify(req ?? {}),
      });
      const env = (await res.json()) as Envelope<never>;
      if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`);
      return env.value;
    },
    async close() {
      await context.close().catch(() => undefined);
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      cleanup();
    },
  };
}

/** Collects what a user would never see but a developer must: console errors, page errors, CSP. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

/** Runs openssl with arguments (no shell); returns stdout or throws with stderr. */
export function openssl(args: string[], input?: string): string {
  const r = spawnSync('openssl', args, { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
  return r.stdout + r.stderr;
}

export function fileExists(p: string): boolean {
  return existsSync(p) && statSync(p).isFile();
}
