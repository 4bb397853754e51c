import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic, isTempName } from '../../electron/core/atomic';
import { defaultDataDir, defaultExportDir } from '../../electron/core/paths';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-atomic-'));

describe('writeFileAtomic', () => {
  test('should write owner-only by default and leave no temp file', async () => {
    const dir = tmp();
    const p = path.join(dir, 'a.pem');
    await writeFileAtomic(p, 'secret');
    assert.equal(fs.readFileSync(p, 'utf8'), 'secret');
    assert.equal(fs.statSync(p).mode & 0o777, 0o600);
    assert.deepEqual(fs.readdirSync(dir), ['a.pem']);
  });

  test('should refuse to overwrite with FILE_EXISTS unless asked', async () => {
    const dir = tmp();
    const p = path.join(dir, 'a.pem');
    await writeFileAtomic(p, 'one');
    await assert.rejects(writeFileAtomic(p, 'two'), { code: 'FILE_EXISTS' });
    assert.equal(fs.readFileSync(p, 'utf8'), 'one');
    await writeFileAtomic(p, 'three', { overwrite: true, mode: 0o644 });
    assert.equal(fs.readFileSync(p, 'utf8'), 'three');
    assert.equal(fs.statSync(p).mode & 0o777, 0o644);
    assert.deepEqual(fs.readdirSync(dir), ['a.pem']);
  });

  test('should let exactly one of many concurrent writers of the same new name win', async () => {
    const dir = tmp();
    const p = path.join(dir, 'race.json');
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => writeFileAtomic(p, String(i))));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    assert.deepEqual(fs.readdirSync(dir), ['race.json']);
  });

  test('should map ENOSPC to DISK_FULL and remove the temp file', async () => {
    const dir = tmp();
    const realOpen = fs.promises.open;
    fs.promises.open = (async (...args: Parameters<typeof realOpen>) => {
      const fh = await realOpen(...args);
      fh.writeFile = async () => {
        throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
      };
      return fh;
    }) as typeof realOpen;
    try {
      await assert.rejects(writeFileAtomic(path.join(dir, 'k.json'), 'x'), { code: 'DISK_FULL' });
    } finally {
      fs.promises.open = realOpen;
    }
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  test('should report a missing directory as WRITE_FAILED', async () => {
    await assert.rejects(writeFileAtomic(path.join(tmp(), 'no', 'such', 'x'), 'x'), { code: 'WRITE_FAILED' });
  });

  test('should mark temp names so listings can skip them', () => {
    assert.ok(isTempName('.certwiz-tmp-k-1.json.abc'));
    assert.ok(!isTempName('k-1.json'));
  });
});

describe('defaultDataDir', () => {
  test('should prefer CERTWIZ_HOME', () => {
    assert.equal(defaultDataDir({ CERTWIZ_HOME: '/x/y' }, 'linux', '/home/u'), '/x/y');
    assert.equal(defaultDataDir({ CERTWIZ_HOME: 'rel/dir' }, 'linux', '/home/u'), path.resolve('rel/dir'));
  });
  test('should follow XDG on Linux and ignore a relative XDG_DATA_HOME', () => {
    assert.equal(defaultDataDir({}, 'linux', '/home/u'), '/home/u/.local/share/certwiz');
    assert.equal(defaultDataDir({ XDG_DATA_HOME: '/d' }, 'linux', '/home/u'), '/d/certwiz');
    assert.equal(defaultDataDir({ XDG_DATA_HOME: 'rel' }, 'linux', '/home/u'), '/home/u/.local/share/certwiz');
  });
  test('should use Application Support on macOS and %APPDATA% on Windows', () => {
    assert.equal(defaultDataDir({}, 'darwin', '/Users/u'), '/Users/u/Library/Application Support/Certwiz');
    assert.equal(defaultDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u'), 'C:\\Users\\u\\AppData\\Roaming\\Certwiz');
    assert.equal(defaultDataDir({}, 'win32', 'C:\\Users\\u'), 'C:\\Users\\u\\AppData\\Roaming\\Certwiz');
  });
  test('should export to CERTWIZ_EXPORT_DIR else ~/Downloads', () => {
    assert.equal(defaultExportDir({ CERTWIZ_EXPORT_DIR: '/e' }, '/home/u'), '/e');
    assert.equal(defaultExportDir({}, '/home/u'), path.join('/home/u', 'Downloads'));
  });
});
