/**
 * `certwiz pfx export / inspect / import` and `pem export` (issue 3, "CLI contract"), run as the
 * built CLI with a temp CERTWIZ_HOME, no terminal and only the given secrets; OpenSSL checks
 * every file the CLI writes.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePki, must, type Pki } from './peers';

const root = join(__dirname, '..', '..');
const bin = join(root, 'bin', 'certwiz.js');
let pki: Pki;
let home: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function certwiz(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: pki.dir,
    env: { PATH: process.env.PATH, HOME: pki.dir, CERTWIZ_HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: args.includes('--json') && r.stdout ? JSON.parse(r.stdout) : undefined };
}

function expectError(r: Run, exit: number, code: string): void {
  assert.equal(r.code, exit, r.stderr);
  assert.match(r.stderr, new RegExp(`^certwiz: ${code}: `, 'm'));
  if (r.json) assert.equal(r.json.error.code, code);
}

const sha1 = (pem: string) => new crypto.X509Certificate(pem).fingerprint.replace(/:/g, '').toLowerCase();
const pkcs8 = (pem: string | Buffer, passphrase?: string) =>
  crypto.createPrivateKey({ key: pem, passphrase }).export({ type: 'pkcs8', format: 'der' }) as Buffer;

before(() => {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--only=cli', '--quiet'], { cwd: root, stdio: 'inherit' });
  pki = makePki('certwiz-pfx-cli-');
  home = pki.path('home');
  must(pki.dir, 'openssl', ['pkcs12', '-export', '-inkey', 'ec.key', '-in', 'ec.pem', '-certfile', 'chain.pem', '-name', 'EC leaf', '-out', 'in.p12', '-passout', 'pass:in-pw']);
  must(pki.dir, 'openssl', ['pkcs12', '-export', '-legacy', '-inkey', 'rsa.key', '-in', 'rsa.pem', '-out', 'rsa.p12', '-passout', 'pass:in-pw']);
  must(pki.dir, 'openssl', ['pkcs12', '-export', '-nokeys', '-in', 'ec.pem', '-out', 'certs.p12', '-passout', 'pass:in-pw']);
});

describe('certwiz pfx', () => {
  let id = '';

  test('inspect should print the documented JSON and exit 4 on a wrong password', () => {
    const r = certwiz(['pfx', 'inspect', 'in.p12', '--json'], { CERTWIZ_PFX_PASSWORD: 'in-pw' });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(Object.keys(r.json).sort(), ['certificates', 'keys', 'protection']);
    assert.equal(r.json.certificates.length, 3);
    const leaf = r.json.certificates.find((c: { hasPrivateKey: boolean }) => c.hasPrivateKey);
    assert.equal(leaf.sha1, sha1(pki.text('ec.pem')));
    assert.equal(r.json.keys[0].certificateSha1, leaf.sha1);
    assert.equal(r.json.protection.mac, 'HMAC-SHA256');
    expectError(certwiz(['pfx', 'inspect', 'in.p12', '--json'], { CERTWIZ_PFX_PASSWORD: 'nope' }), 4, 'PFX_BAD_PASSWORD');
    expectError(certwiz(['pfx', 'inspect', 'in.p12']), 3, 'PASSWORD_REQUIRED');
    writeFileSync(pki.path('pw.txt'), 'in-pw\n');
    assert.equal(certwiz(['pfx', 'inspect', 'in.p12', '--pfx-password-file', 'pw.txt']).code, 0);
    expectError(certwiz(['pfx', 'inspect', 'ec.pem', '--json'], { CERTWIZ_PFX_PASSWORD: 'in-pw' }), 3, 'PFX_CORRUPT');
  });

  test('import should store the key with its chain; certificate-only files give PFX_NO_KEY', () => {
    const r = certwiz(['pfx', 'import', 'in.p12', '--exportable', '--security-level', 'medium', '--json'], { CERTWIZ_PFX_PASSWORD: 'in-pw' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.imported.length, 1);
    id = r.json.imported[0].id;
    assert.equal(r.json.imported[0].sha1, sha1(pki.text('ec.pem')));
    assert.equal(r.json.imported[0].chainCount, 2);
    expectError(certwiz(['pfx', 'import', 'certs.p12', '--json'], { CERTWIZ_PFX_PASSWORD: 'in-pw' }), 5, 'PFX_NO_KEY');
    expectError(certwiz(['pfx', 'import', 'in.p12', '--security-level', 'low'], { CERTWIZ_PFX_PASSWORD: 'in-pw' }), 2, 'USAGE');
  });

  test('export should write a verified AES256-SHA256 PFX that openssl opens, and never overwrite', () => {
    const pw = 'Pässwörd 7';
    const r = certwiz(['pfx', 'export', id, '--out', 'out.pfx', '--json'], { CERTWIZ_PFX_PASSWORD: pw });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.verify.ok, true);
    assert.equal(r.json.encryption, 'aes256-sha256');
    assert.equal(statSync(pki.path('out.pfx')).mode & 0o777, 0o600);
    const info = must(pki.dir, 'openssl', ['pkcs12', '-in', 'out.pfx', '-passin', `pass:${pw}`, '-info', '-nodes']);
    assert.match(info.stderr, /PBES2, PBKDF2, AES-256-CBC/);
    assert.equal((info.stdout.match(/BEGIN CERTIFICATE/g) ?? []).length, 3);
    assert.ok(pkcs8(info.stdout).equals(pkcs8(pki.read('ec.key'))), 'same key');
    const before = readFileSync(pki.path('out.pfx'));
    expectError(certwiz(['pfx', 'export', id, '--out', 'out.pfx', '--json'], { CERTWIZ_PFX_PASSWORD: pw }), 3, 'FILE_EXISTS');
    assert.ok(readFileSync(pki.path('out.pfx')).equals(before));
  });

  test('export should honour --encryption 3des-sha1 --no-chain --no-privacy and an empty password', () => {
    const r = certwiz(['pfx', 'export', id, '--out', 'old.p12', '--encryption', '3des-sha1', '--no-chain', '--no-privacy', '--friendly-name', 'Old Windows', '--json'], { CERTWIZ_PFX_PASSWORD: '' });
    assert.equal(r.code, 0, r.stderr);
    const info = must(pki.dir, 'openssl', ['pkcs12', '-in', 'old.p12', '-passin', 'pass:', '-info', '-nokeys']);
    assert.match(info.stderr, /Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC/);
    assert.match(info.stderr, /MAC: sha1/);
    assert.doesNotMatch(info.stderr, /PKCS7 Encrypted data/);
    assert.equal((info.stdout.match(/BEGIN CERTIFICATE/g) ?? []).length, 1);
    assert.match(info.stdout, /friendlyName: Old Windows/);
    expectError(certwiz(['pfx', 'export', id, '--out', 'x.p12', '--encryption', 'rc2'], { CERTWIZ_PFX_PASSWORD: 'a' }), 2, 'USAGE');
  });

  test('pem export should write key, certificate and chains; the key encrypted unless --plain-key', () => {
    const enc = certwiz(['pem', 'export', id, '--out-dir', 'pem-enc', '--json'], { CERTWIZ_BACKUP_PASSWORD: 'pem-pw' });
    assert.equal(enc.code, 0, enc.stderr);
    const keyPem = readFileSync(pki.path('pem-enc/key.pem'), 'utf8');
    assert.match(keyPem, /BEGIN ENCRYPTED PRIVATE KEY/);
    assert.ok(pkcs8(keyPem, 'pem-pw').equals(pkcs8(pki.read('ec.key'))));
    assert.equal(statSync(pki.path('pem-enc/key.pem')).mode & 0o777, 0o600);
    assert.equal((readFileSync(pki.path('pem-enc/fullchain.pem'), 'utf8').match(/BEGIN CERTIFICATE/g) ?? []).length, 3);
    must(pki.dir, 'openssl', ['verify', '-CAfile', 'root.pem', '-untrusted', 'pem-enc/chain.pem', 'pem-enc/cert.pem']);
    const plain = certwiz(['pem', 'export', id, '--out-dir', 'pem-plain', '--plain-key']);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(readFileSync(pki.path('pem-plain/key.pem'), 'utf8'), /BEGIN PRIVATE KEY/);
    expectError(certwiz(['pem', 'export', id, '--out-dir', 'pem-plain', '--plain-key']), 3, 'FILE_EXISTS');
  });

  test('a non-exportable High key cannot be exported; --delete-key removes the key only after verify', () => {
    const imp = certwiz(['pfx', 'import', 'rsa.p12', '--json'], { CERTWIZ_PFX_PASSWORD: 'in-pw', CERTWIZ_NEW_KEY_PASSWORD: 'key-pw-1' });
    assert.equal(imp.code, 0, imp.stderr);
    const rsaId = imp.json.imported[0].id;
    expectError(certwiz(['pfx', 'export', rsaId, '--out', 'rsa-out.p12', '--json'], { CERTWIZ_PFX_PASSWORD: 'x', CERTWIZ_KEY_PASSWORD: 'key-pw-1' }), 3, 'INVALID_INPUT');
    assert.equal(existsSync(pki.path('rsa-out.p12')), false);

    const del = certwiz(['pfx', 'export', id, '--out', 'last.p12', '--delete-key', '--json'], { CERTWIZ_PFX_PASSWORD: 'last-pw' });
    assert.equal(del.code, 0, del.stderr);
    assert.equal(del.json.keyDeleted, true);
    const list = certwiz(['list', '--json']);
    assert.ok(!list.json.entries.some((e: { id: string }) => e.id === id), 'key gone from the store');
    // The PFX is now the only copy, and it restores.
    const back = certwiz(['pfx', 'import', 'last.p12', '--security-level', 'medium', '--json'], { CERTWIZ_PFX_PASSWORD: 'last-pw' });
    assert.equal(back.code, 0, back.stderr);
    assert.equal(back.json.imported[0].sha1, sha1(pki.text('ec.pem')));
  });
});
