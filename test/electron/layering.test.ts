import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The layering rules of ARCHITECTURE.md and STYLE.md items 1 and 4, checked on the sources:
 * shared (anywhere) <- electron/core (Node, never 'electron') <- electron/ipc <- electron/main;
 * the renderer imports only shared/; raw ipcMain / ipcRenderer live in one module each.
 */
const root = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx|mts)$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f).split(path.sep).join('/'));
}

interface Import { spec: string; typeOnly: boolean }

function importsOf(file: string): Import[] {
  const code = fs.readFileSync(path.join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: Import[] = [];
  for (const m of code.matchAll(/^\s*(import|export)\s+(type\s+)?[^;'"]*?from\s+['"]([^'"]+)['"]/gm)) out.push({ spec: m[3]!, typeOnly: Boolean(m[2]) });
  for (const m of code.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) out.push({ spec: m[1]!, typeOnly: false });
  for (const m of code.matchAll(/\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ spec: m[1]!, typeOnly: false });
  return out;
}

/** The repo folder an import lands in ('' for a package). */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return '';
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
}

describe('layering', () => {
  test("no layer below electron/main imports 'electron' (core runs in plain Node)", () => {
    for (const dir of ['shared', 'electron/core', 'electron/ipc', 'electron/cli', 'electron/web', 'renderer']) {
      for (const file of sources(dir)) {
        for (const imp of importsOf(file)) assert.notEqual(imp.spec, 'electron', `${file} imports electron`);
      }
    }
  });

  test("in electron/main only main.ts loads 'electron' at runtime; the rest import types only", () => {
    for (const file of sources('electron/main')) {
      const runtime = importsOf(file).filter((i) => i.spec === 'electron' && !i.typeOnly);
      assert.equal(runtime.length, file === 'electron/main/main.ts' ? 1 : 0, file);
    }
  });

  test('shared/ imports nothing from electron/ or renderer/, and uses no node: modules', () => {
    for (const file of sources('shared')) {
      for (const imp of importsOf(file)) {
        const t = target(file, imp.spec);
        assert.ok(!t.startsWith('electron/') && !t.startsWith('renderer/'), `${file} -> ${imp.spec}`);
        assert.ok(!imp.spec.startsWith('node:'), `${file} -> ${imp.spec}`);
      }
    }
  });

  test('the renderer imports only shared/ (and its own files and packages)', () => {
    for (const file of sources('renderer')) {
      for (const imp of importsOf(file)) {
        const t = target(file, imp.spec);
        assert.ok(t === '' || t.startsWith('shared/') || t.startsWith('renderer/'), `${file} -> ${imp.spec}`);
        assert.ok(!imp.spec.startsWith('node:'), `${file} -> ${imp.spec}`);
      }
    }
  });

  test('electron/core and electron/ipc never import a shell (main, preload, cli, web)', () => {
    for (const dir of ['electron/core', 'electron/ipc']) {
      for (const file of sources(dir)) {
        for (const imp of importsOf(file)) {
          const t = target(file, imp.spec);
          assert.ok(!/^electron\/(main|preload|cli|web)(\/|$)/.test(t), `${file} -> ${imp.spec}`);
        }
      }
    }
  });

  test('raw ipcMain is driven only in electron/main/ipc-main.ts, ipcRenderer only in the preload', () => {
    const all = ['electron', 'shared', 'renderer'].flatMap(sources);
    for (const file of all) {
      const code = fs.readFileSync(path.join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      if (file !== 'electron/main/ipc-main.ts') assert.doesNotMatch(code, /ipcMain\s*\.\s*(handle|on|once|handleOnce)\s*\(/, file);
      if (file !== 'electron/preload/preload.ts') assert.doesNotMatch(code, /ipcRenderer/, file);
    }
  });
});
