/** The helpdesk channels' shapes, exactly as the renderer codes against them (issue 6). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contract } from '../../shared/ipc';
import { CHANNEL_NAMES } from '../../shared/channels';

const ok = (c: keyof typeof contract, req: unknown) => contract[c].safeParse(req).success;

test('report:get, dcv:instructions, dcv:check: in the contract and the preload list, bounded, strict', () => {
  for (const c of ['report:get', 'dcv:instructions', 'dcv:check']) assert.ok((CHANNEL_NAMES as readonly string[]).includes(c), c);
  assert.ok(ok('report:get', {}));
  assert.ok(ok('report:get', { flow: 'hkpost-server', step: 'C 4' }));
  assert.ok(ok('report:get', { flow: 'hkpost-server', step: 'C 4', locale: 'zh-Hant' }));
  assert.ok(!ok('report:get', { locale: 'zh\nHant' }), 'the locale is a tag, one line');
  assert.ok(!ok('report:get', { locale: 'x'.repeat(36) }));
  assert.ok(!ok('report:get', { flow: 'x'.repeat(65) }));
  assert.ok(!ok('report:get', { flow: 'x', pin: '1234' }), 'strict: nothing else crosses');
  assert.ok(ok('dcv:instructions', { method: 'email', domains: ['example.com'], code: '' }));
  assert.ok(ok('dcv:instructions', { method: 'http', domains: Array(100).fill('a.example.com'), code: 'c'.repeat(512) }));
  assert.ok(!ok('dcv:instructions', { method: 'http', domains: Array(101).fill('a.example.com'), code: 'c' }));
  assert.ok(!ok('dcv:instructions', { method: 'http', domains: ['a.example.com'], code: 'c'.repeat(513) }));
  assert.ok(!ok('dcv:instructions', { method: 'ftp', domains: ['a.example.com'], code: 'c' }));
  assert.ok(ok('dcv:check', { method: 'dns', domain: '我的服务器.com', code: 'c' }));
  assert.ok(!ok('dcv:check', { method: 'email', domain: 'example.com', code: 'c' }), 'e-mail has nothing to check');
  assert.ok(!ok('dcv:check', { method: 'http', domain: 'example.com' }));
});
