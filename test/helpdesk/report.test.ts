/**
 * The helpdesk report's sources: an NSS DB (certutil/pk12util as the real peer) with the practice
 * root trusted and a personal certificate with its key; chain status against it; tokens and
 * stores that fail or hang; the error ring and file.
 */
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createCore, type Core } from '../../electron/core/service';
import { createFallbackProtector } from '../../electron/core/medium';
import { buildReport } from '../../electron/core/report';
import { createErrorLog, appendErrorFile, readErrorFile, ERROR_LOG_FILE, MAX_ENTRIES } from '../../electron/core/error-log';
import { CertwizError } from '../../shared/errors';
import type { TokenInfo } from '../../electron/core/pkcs11';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-report-'));
const home = path.join(work, 'home');
const dataDir = path.join(work, 'data');
const nssdb = path.join(home, '.pki', 'nssdb');
let core: Core;
let sha256 = '';

const token = (over: Partial<TokenInfo['pinInfo']> = {}, init = true): TokenInfo => ({
  slotId: 1,
  slotDescription: 'Reader 0',
  label: 'Card A',
  manufacturer: 'Maker',
  model: 'M1',
  serial: '0011',
  flags: 0,
  initialized: init,
  writeProtected: false,
  pinInfo: { countLow: false, finalTry: false, locked: false, toBeChanged: false, initialized: true, pinPad: false, minLength: 4, maxLength: 8, ...over },
  keyGenMechanisms: ['rsa-2048', 'ec-p256'],
  module: '/x/lib.so',
});

describe('helpdesk report sources', () => {
  before(async () => {
    fs.mkdirSync(nssdb, { recursive: true });
    core = createCore({ dataDir, medium: createFallbackProtector(dataDir), shell: 'electron', version: '9.9.9', exportDir: work });
    const c = await core['csr:create']({ profileId: 'generic-server', subject: { cn: 'nss.example.com', sans: [] }, keyAlgorithm: 'ec-p256', securityLevel: 'medium' });
    const issued = await core['practiceCa:sign']({ requestId: c.requestId });
    const done = await core.completeBytes(Buffer.from(issued.certificatePem), 'c.pem');
    sha256 = done.entry.certificate!.sha256;
    const info = await core['practiceCa:info']({});
    execFileSync('certutil', ['-N', '-d', `sql:${nssdb}`, '--empty-password']);
    execFileSync('certutil', ['-A', '-d', `sql:${nssdb}`, '-n', 'practice root', '-t', 'C,,', '-i', path.join(info.dir, 'root.crt')]);
    execFileSync('certutil', ['-A', '-d', `sql:${nssdb}`, '-n', 'practice sub', '-t', ',,', '-i', path.join(info.dir, 'sub-ca.crt')]);
    const pfx = await core['pfx:export']({ id: c.requestId, password: 'report-pfx', profile: 'aes256-sha256', includeChain: false, privacy: true, deleteKey: false } as never);
    execFileSync('pk12util', ['-i', (pfx.saved as { path: string }).path, '-d', `sql:${nssdb}`, '-W', 'report-pfx'], { stdio: 'ignore' });
  });

  test('the NSS DB is listed with its personal certificate, and the chain ends at its trusted root', async () => {
    const text = await buildReport({
      info: await core['app:info']({}),
      keystore: core.keystore,
      errors: [],
      home,
      platform: 'linux',
      modules: () => [],
      listTokens: () => [],
      flow: 'generic\u0007 with a bell',
      language: 'zh-Hant',
    });
    assert.match(text, /Certwiz: +9\.9\.9 \(desktop app\)/);
    assert.match(text, /Language: +Certwiz zh-Hant; system \S+/);
    assert.match(text, /Flow: +generic  with a bell\n/, 'control characters from the caller are blanked');
    assert.match(text, new RegExp(`the NSS database at ${nssdb.replace(/[.]/g, '\\.')}: 3 certificates \\(1 personal, 1 intermediate, 1 root\\)`));
    assert.match(text, /    nss\.example\.com; issuer "Certwiz Practice Issuing CA - not trusted"; .* days left; private key present/);
    const colon = sha256.toUpperCase().replace(/(..)(?!$)/g, '$1:');
    assert.ok(text.includes(`SHA-256 ${colon}`), 'store listing thumbprint');
    assert.match(text, /Chain: +complete, root trusted in a store: "nss\.example\.com" <- "Certwiz Practice Issuing CA - not trusted" \[(intermediate store|saved with it)\] <- "Certwiz Practice Root CA - not trusted" \[root store\]/);
    assert.match(text, /PKCS#11 middleware found \(0\):\n  none/);
    assert.doesNotMatch(text, /Damaged entries/);
    // A damaged entry file: the others still show, and the report says so.
    fs.writeFileSync(path.join(core.keystore.dir, 'k-damaged.json'), '{"version":1,');
    const again = await buildReport({ info: await core['app:info']({}), keystore: core.keystore, errors: [], home, platform: 'linux', modules: () => [], listTokens: () => [] });
    assert.match(again, /Damaged entries in the Certwiz key store: 1 \(KEY_STORE_CORRUPT/);
    assert.match(again, /- nss\.example\.com/);
    fs.rmSync(path.join(core.keystore.dir, 'k-damaged.json'));
  });

  test('a store that hangs or fails and middleware that fails become one line each, in time', async () => {
    const t0 = Date.now();
    const text = await buildReport({
      info: await core['app:info']({}),
      keystore: core.keystore,
      errors: [{ at: '2026-01-01T00:00:00.000Z', where: 'pfx:import', code: 'PFX_BAD_PASSWORD' }],
      timeoutMs: 300,
      storeSpecs: [
        { spec: { kind: 'nss', dir: '/hang' }, name: 'hang' },
        { spec: { kind: 'nss', dir: '/locked' }, name: 'locked' },
      ],
      openStore: async (spec) => {
        if (spec.kind === 'nss' && spec.dir === '/hang') return new Promise(() => undefined);
        return { kind: 'nss', label: 'a locked DB', list: async () => { throw new CertwizError('STORE_LOCKED', 'locked'); } } as never;
      },
      modules: () => ['/lib/a.so', '/lib/b.so', '/lib/c.so'],
      listTokens: (m) => {
        if (m === '/lib/a.so') return [token({ locked: true }), token({}, false)];
        if (m === '/lib/b.so') return [token({ finalTry: true })];
        throw new CertwizError('TOKEN_ERROR', 'broken');
      },
    });
    assert.ok(Date.now() - t0 < 3000);
    assert.match(text, /- hang: could not be read \(TIMEOUT\)/);
    assert.match(text, /- a locked DB: could not be read \(STORE_LOCKED\)/);
    assert.match(text, /- \/lib\/a\.so: 2 token\(s\)\n +"Card A" Maker M1, serial 0011, reader "Reader 0"; PIN LOCKED; key types rsa-2048, ec-p256\n +reader "Reader 0": token not initialised/);
    assert.match(text, /PIN: final try left/);
    assert.match(text, /- \/lib\/c\.so: could not be used \(TOKEN_ERROR\)/);
    assert.match(text, /- 2026-01-01T00:00:00\.000Z  PFX_BAD_PASSWORD  \(pfx:import\)/);
  });

  test('error ring keeps the last 20, identifiers only; the file is never created in a missing dir and damage reads as empty', async () => {
    const log = createErrorLog();
    for (let i = 0; i < 25; i++) log.record(`ch:${i}`, 'NOT_FOUND');
    log.record('pfx:import', 'PFX_BAD_PASSWORD\nsecret "x"');
    assert.equal(log.recent().length, MAX_ENTRIES);
    assert.equal(log.recent()[0].where, 'ch:6');
    assert.equal(log.recent().at(-1)!.code, 'PFX_BAD_PASSWORD?secret ?x?');
    const missing = path.join(work, 'no-such-dir');
    await appendErrorFile(missing, 'cli list', 'INTERNAL');
    assert.equal(fs.existsSync(missing), false);
    const dir = fs.mkdtempSync(path.join(work, 'log-'));
    fs.writeFileSync(path.join(dir, ERROR_LOG_FILE), '{not json');
    assert.deepEqual(await readErrorFile(dir), []);
    for (let i = 0; i < 22; i++) await appendErrorFile(dir, `cli c${i}`, 'USAGE');
    const kept = await readErrorFile(dir);
    assert.equal(kept.length, MAX_ENTRIES);
    assert.equal(kept.at(-1)!.where, 'cli c21');
  });
});
