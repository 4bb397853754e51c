import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readInputFile, safeFileName, saveNonClobbering } from '../../electron/core/files';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-files-'));

describe('input and output files', () => {
  test('should refuse a missing, empty, oversized or non-regular file before reading it', async () => {
    const d = tmp();
    await assert.rejects(readInputFile(path.join(d, 'nope.cer'), 100), { code: 'FILE_NOT_FOUND' });
    await assert.rejects(readInputFile(d, 100), { code: 'FILE_NOT_FOUND' });
    fs.writeFileSync(path.join(d, 'empty.cer'), '');
    await assert.rejects(readInputFile(path.join(d, 'empty.cer'), 100), { code: 'FILE_EMPTY' });
    // A sparse 11 MB file: refused by size, never read.
    fs.closeSync(fs.openSync(path.join(d, 'big.cer'), 'w'));
    fs.truncateSync(path.join(d, 'big.cer'), 11 * 1024 * 1024);
    await assert.rejects(readInputFile(path.join(d, 'big.cer'), 10 * 1024 * 1024), { code: 'FILE_TOO_LARGE' });
    fs.writeFileSync(path.join(d, 'ok.cer'), 'abc');
    assert.equal((await readInputFile(path.join(d, 'ok.cer'), 100)).toString(), 'abc');
  });

  test('should make safe file names from what people typed', () => {
    assert.equal(safeFileName('*.example.com', 'x'), 'wildcard.example.com');
    const traversal = safeFileName('../../etc/passwd', 'x');
    assert.ok(!traversal.includes('/') && !traversal.startsWith('.'), traversal);
    assert.equal(safeFileName('a\u0000b\nc', 'x'), 'a_b_c');
    assert.equal(safeFileName('   ', 'request'), 'request');
    assert.equal(safeFileName('www.我的服务器.com', 'x'), 'www.我的服务器.com');
  });

  test('should never replace an existing download', async () => {
    const d = tmp();
    const a = await saveNonClobbering(d, 'r.csr', 'one', 0o644);
    const b = await saveNonClobbering(d, 'r.csr', 'two', 0o644);
    const c = await saveNonClobbering(d, 'r.csr', 'three', 0o600);
    assert.deepEqual([a, b, c].map((p) => path.basename(p)), ['r.csr', 'r (2).csr', 'r (3).csr']);
    assert.equal(fs.readFileSync(a, 'utf8'), 'one');
    assert.equal(fs.statSync(c).mode & 0o777, 0o600);
  });
});
