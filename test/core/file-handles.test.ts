/**
 * File handles (electron/core/file-handles.ts): the bytes stay in main behind a random fileId,
 * bounded in count and size, expiring, dropped after use.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createFileHandles, MAX_FILE_BYTES, MAX_HANDLES } from '../../electron/core/file-handles';

describe('file handles', () => {
  test('should hand out random ids with a display name only, and give the bytes back', () => {
    const h = createFileHandles();
    const a = h.put('/home/u/../secret dir/a.pfx', new Uint8Array([1, 2, 3]));
    const b = h.put('C:\\Users\\u\\b.p12', new Uint8Array([4]));
    assert.match(a.fileId, /^f-[0-9a-f]{32}$/);
    assert.notEqual(a.fileId, b.fileId);
    assert.deepEqual([a.fileName, b.fileName, a.size], ['a.pfx', 'b.p12', 3]);
    assert.deepEqual([...h.get(a.fileId).bytes], [1, 2, 3]);
    assert.deepEqual([...h.take(a.fileId).bytes], [1, 2, 3]);
    assert.throws(() => h.get(a.fileId), { code: 'FILE_HANDLE_EXPIRED' });
  });

  test('should refuse empty and oversized files and keep at most MAX_HANDLES, oldest dropped', () => {
    const h = createFileHandles();
    assert.throws(() => h.put('e.pfx', new Uint8Array(0)), { code: 'FILE_EMPTY' });
    assert.throws(() => h.put('big.pfx', new Uint8Array(MAX_FILE_BYTES + 1)), { code: 'FILE_TOO_LARGE' });
    const ids = Array.from({ length: MAX_HANDLES + 2 }, (_, i) => h.put(`${i}.pfx`, new Uint8Array([i])).fileId);
    assert.equal(h.size(), MAX_HANDLES);
    assert.throws(() => h.get(ids[0]), { code: 'FILE_HANDLE_EXPIRED' });
    assert.equal(h.get(ids[ids.length - 1]).fileName, `${MAX_HANDLES + 1}.pfx`);
  });

  test('should bound the total size and expire after the TTL', () => {
    let now = 1000;
    const h = createFileHandles({ now: () => now, ttlMs: 5000 });
    const big = () => h.put('x.pfx', new Uint8Array(MAX_FILE_BYTES));
    const first = big().fileId;
    for (let i = 0; i < 4; i++) big();
    assert.ok(h.size() <= 4, 'at most 40 MB held');
    assert.throws(() => h.get(first), { code: 'FILE_HANDLE_EXPIRED' });
    const late = h.put('y.pfx', new Uint8Array([1])).fileId;
    now += 5001;
    assert.throws(() => h.get(late), { code: 'FILE_HANDLE_EXPIRED' });
    assert.equal(h.size(), 0);
  });
});
