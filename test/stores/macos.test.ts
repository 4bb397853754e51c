import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import {
  MacKeychainStore,
  elevated,
  keychainPath,
  macCommands,
  parseFindCertificate,
  parseFindIdentity,
  parseTrustSettings,
} from '../../electron/core/stores/macos';
import type { Runner } from '../../electron/core/stores/windows';

const FIX = join(import.meta.dirname, 'fixtures');
const fixture = (n: string) => readFileSync(join(FIX, n), 'utf8');
const der = (n: string) => new Uint8Array(Buffer.from(fixture(n).replace(/-----[^-]+-----|\s/g, ''), 'base64'));
const sha1 = (d: Uint8Array) => createHash('sha1').update(d).digest('hex');
const HOME = '/Users/alice';
const LOGIN = '/Users/alice/Library/Keychains/login.keychain-db';

function fake(replies: Record<string, { stdout?: string; stderr?: string; code?: number }>) {
  const calls: { cmd: string; args: string[] }[] = [];
  const run: Runner = async (cmd, args) => {
    calls.push({ cmd, args });
    const key = cmd.endsWith('osascript') ? 'osascript' : args[0];
    const r = replies[key] ?? {};
    return { code: r.code ?? 0, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  };
  return { run, calls };
}

describe('macOS security command lines', () => {
  test('keychain paths and the exact commands', () => {
    assert.equal(keychainPath('login', HOME), LOGIN);
    assert.equal(keychainPath('system', HOME), '/Library/Keychains/System.keychain');
    assert.deepEqual(macCommands.list(LOGIN), ['find-certificate', '-a', '-Z', '-p', LOGIN]);
    assert.deepEqual(macCommands.addTrustedRoot(LOGIN, '/tmp/x.cer', false), ['add-trusted-cert', '-r', 'trustRoot', '-k', LOGIN, '/tmp/x.cer']);
    assert.deepEqual(macCommands.addTrustedRoot('/Library/Keychains/System.keychain', '/tmp/x.cer', true), [
      'add-trusted-cert', '-d', '-r', 'trustRoot', '-k', '/Library/Keychains/System.keychain', '/tmp/x.cer',
    ]);
    assert.deepEqual(macCommands.importPfx(LOGIN, '/tmp/a.p12', false), ['import', '/tmp/a.p12', '-k', LOGIN, '-f', 'pkcs12', '-x']);
    assert.deepEqual(macCommands.deleteCertificate(LOGIN, 'ab12', true), ['delete-certificate', '-Z', 'AB12', '-t', LOGIN]);
  });

  test('System keychain writes go through the administrator prompt, quoted for AppleScript', () => {
    const [cmd, args] = elevated(['add-trusted-cert', '-d', '-r', 'trustRoot', '-k', '/Library/Keychains/System.keychain', "/tmp/it's.cer"]);
    assert.equal(cmd, '/usr/bin/osascript');
    assert.deepEqual(args, [
      '-e',
      `do shell script "/usr/bin/security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain '/tmp/it'\\\\''s.cer'" with administrator privileges`,
    ]);
  });

  test('importing a root into the login keychain runs add-trusted-cert; an intermediate add-certificates', async () => {
    const { run, calls } = fake({});
    const store = new MacKeychainStore('login', HOME, run, false);
    await store.importCertificates([
      { der: der('practice-sub.pem'), options: { location: 'intermediate' } },
      { der: der('practice-root.pem'), options: { location: 'root' } },
    ]);
    assert.equal(calls[0].cmd, '/usr/bin/security');
    assert.deepEqual(calls[0].args.slice(0, 3), ['add-certificates', '-k', LOGIN]);
    assert.deepEqual(calls[1].args.slice(0, 5), ['add-trusted-cert', '-r', 'trustRoot', '-k', LOGIN]);
  });

  test('System keychain as a normal user: elevated via osascript', async () => {
    const { run, calls } = fake({});
    await new MacKeychainStore('system', HOME, run, false).importCertificates([{ der: der('practice-root.pem'), options: { location: 'root' } }]);
    assert.equal(calls[0].cmd, '/usr/bin/osascript');
    assert.match(calls[0].args[1], /add-trusted-cert -d -r trustRoot -k \/Library\/Keychains\/System\.keychain/);
  });

  test('PFX: no -P, so the password is never on a command line (macOS asks in its own dialog)', async () => {
    const { run, calls } = fake({ 'find-certificate': { stdout: '' }, 'find-identity': { stdout: '' } });
    await new MacKeychainStore('login', HOME, run, false).importPfx(new Uint8Array([1]), 'pfx-secret', { exportable: false });
    const imp = calls.find((c) => c.args[0] === 'import')!;
    assert.ok(!imp.args.includes('-P') && !imp.args.join(' ').includes('pfx-secret'));
    assert.ok(imp.args.includes('-x'));
  });

  test('CRLs are refused with WRONG_STORE', async () => {
    await assert.rejects(new MacKeychainStore('login', HOME, fake({}).run, false).importCrl(), { code: 'WRONG_STORE' });
  });

  test('a failure in the middle rolls back what was added', async () => {
    let n = 0;
    const calls: string[][] = [];
    const run: Runner = async (_cmd, args) => {
      calls.push(args);
      n++;
      return n === 2 ? { code: 1, stdout: '', stderr: 'SecKeychainItemImport: write permissions error.' } : { code: 0, stdout: '', stderr: '' };
    };
    await assert.rejects(
      new MacKeychainStore('login', HOME, run, false).importCertificates([
        { der: der('practice-sub.pem'), options: { location: 'intermediate' } },
        { der: der('practice-root.pem'), options: { location: 'root' } },
      ]),
      { code: 'STORE_READ_ONLY' },
    );
    assert.deepEqual(calls[2], ['delete-certificate', '-Z', sha1(der('practice-sub.pem')).toUpperCase(), LOGIN]);
  });
});

describe('macOS outputs (recorded samples)', () => {
  test('find-certificate -Z -p: hashes and certificates', () => {
    const certs = parseFindCertificate(fixture('security-find-certificate.txt'));
    assert.equal(certs.length, 3);
    assert.equal(certs[1].sha1, sha1(der('practice-sub.pem')));
    assert.deepEqual(certs[1].der, der('practice-sub.pem'));
  });

  test('find-identity and dump-trust-settings', () => {
    assert.deepEqual([...parseFindIdentity(fixture('security-find-identity.txt'))], [sha1(der('practice-leaf.pem'))]);
    assert.deepEqual([...parseTrustSettings(fixture('security-dump-trust-settings.txt'))], ['Practice Root CA 3']);
  });

  test('list combines them: identity → Personal, trusted self-signed → Root, CA → Intermediate', async () => {
    const { run } = fake({
      'find-certificate': { stdout: fixture('security-find-certificate.txt') },
      'find-identity': { stdout: fixture('security-find-identity.txt') },
      'dump-trust-settings': { stdout: fixture('security-dump-trust-settings.txt') },
    });
    const list = await new MacKeychainStore('login', HOME, run, false).list();
    assert.deepEqual(list.map((e) => [e.location, e.hasKey, e.trust]), [
      ['personal', true, 'none'],
      ['intermediate', false, 'none'],
      ['root', false, 'trusted'],
    ]);
  });
});
