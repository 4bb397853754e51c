import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync, execFileSync, spawn } from 'node:child_process';

const root = path.join(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'certwiz.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-cli-'));
const home = path.join(work, 'home');
const at = (name: string) => path.join(work, name);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  json: any;
}

/** Runs the built CLI with no terminal, a temp CERTWIZ_HOME and only the given secrets. */
function certwiz(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: work,
    env: { PATH: process.env.PATH, HOME: work, CERTWIZ_HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  let json: unknown;
  if (args.includes('--json')) json = JSON.parse(r.stdout);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

const ossl = (args: string[], input?: string) => execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'], cwd: work }).toString();
const fp = (file: string, alg: string) => ossl(['x509', '-in', file, '-noout', '-fingerprint', `-${alg}`]).split('=')[1].trim().replace(/:/g, '').toLowerCase();

function expectError(r: Run, exit: number, code: string): void {
  assert.equal(r.code, exit, `${r.stderr}`);
  assert.match(r.stderr, new RegExp(`^certwiz: ${code}: `, 'm'));
  if (r.json) assert.equal(r.json.error.code, code);
}

/** Newest mtime of the sources the CLI bundle is made from. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(ts|json)$/.test(e.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

before(() => {
  // Rebuild only when stale: `npm test` has just built, and rebuilding while another test file
  // runs the CLI would let it read a half-written bundle (esbuild does not write atomically).
  const built = path.join(root, 'dist', 'cli-core.js');
  const sources = Math.max(...['electron', 'shared'].map((d) => newestSource(path.join(root, d))), fs.statSync(path.join(root, 'package.json')).mtimeMs);
  if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < sources) {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--only=cli', '--quiet'], { cwd: root, stdio: 'inherit' });
  }
});

describe('certwiz CLI', () => {
  test('should print help without touching the data dir, and refuse bad usage with exit 2', () => {
    const help = certwiz(['--help']);
    assert.equal(help.code, 0);
    for (const c of ['profiles', 'csr', 'list', 'complete', 'practice-ca sign', 'key security-level', 'key backup']) assert.ok(help.stdout.includes(c), c);
    assert.match(certwiz(['csr', '--help']).stdout, /--security-level LEVEL/);
    assert.equal(fs.existsSync(home), false);
    expectError(certwiz(['frobnicate', '--json']), 2, 'USAGE');
    expectError(certwiz(['csr', '--bogus']), 2, 'USAGE');
    expectError(certwiz(['complete']), 2, 'USAGE');
    expectError(certwiz(['key']), 2, 'USAGE');
    expectError(certwiz(['csr', '--profile', 'generic-server', '--cn', 'x.example.com', '--key', 'rsa-1024', '--security-level', 'medium']), 2, 'USAGE');
    const profiles = certwiz(['profiles', '--json']);
    assert.deepEqual(profiles.json.profiles.map((p: { id: string }) => p.id).sort(), ['generic-email', 'generic-server', 'hkpost-server']);
  });

  let requestId = '';
  test('should run csr -> practice-ca sign -> complete -> list with openssl-equal thumbprints', () => {
    const pw = { CERTWIZ_KEY_PASSWORD: 'Flow-pass-1' };
    const c = certwiz(['csr', '--profile', 'generic-server', '--cn', 'www.example.com', '--san', 'api.example.com', '--o', 'Example Ltd', '--key', 'ec-p256', '--out', 'flow.csr', '--json'], pw);
    assert.equal(c.code, 0, c.stderr);
    requestId = c.json.requestId;
    assert.equal(c.json.subject, 'CN=www.example.com,O=Example Ltd');
    assert.deepEqual(c.json.sans, ['DNS:www.example.com', 'DNS:api.example.com']);
    assert.equal(c.json.keyAlgorithm, 'ec-p256');
    assert.equal(c.json.securityLevel, 'high');
    assert.equal(fs.readFileSync(at('flow.csr'), 'utf8'), c.json.csrPem);
    ossl(['req', '-in', 'flow.csr', '-verify', '-noout']);
    assert.doesNotMatch(c.stdout + c.stderr, /Flow-pass-1/);

    const s = certwiz(['practice-ca', 'sign', 'flow.csr', '--out', 'flow.pem', '--chain-out', 'flow-chain.pem', '--json']);
    assert.equal(s.code, 0, s.stderr);
    assert.match(ossl(['verify', '-CAfile', path.join(home, 'practice-ca', 'root.crt'), '-untrusted', 'flow-chain.pem', 'flow.pem']), /OK/);

    const done = certwiz(['complete', 'flow.pem', '--json']);
    assert.equal(done.code, 0, done.stderr);
    assert.equal(done.json.entry.id, requestId);
    assert.equal(done.json.chainCount, 2);

    const list = certwiz(['list', '--json']);
    assert.equal(list.code, 0);
    const e = list.json.entries.find((x: { id: string }) => x.id === requestId);
    assert.equal(e.status, 'installed');
    assert.equal(e.sha1, fp('flow.pem', 'sha1'));
    assert.equal(e.sha256, fp('flow.pem', 'sha256'));
    assert.equal(e.certificate.sha256, fp('flow.pem', 'sha256'));
    assert.match(certwiz(['list']).stdout, new RegExp(fp('flow.pem', 'sha256')));
  });

  test('should back up a High key that openssl opens, and refuse a wrong password with exit 4', () => {
    expectError(certwiz(['key', 'backup', requestId, '--out', 'bad.pem'], { CERTWIZ_KEY_PASSWORD: 'nope' }), 4, 'KEY_PASSWORD_INCORRECT');
    assert.equal(fs.existsSync(at('bad.pem')), false);
    expectError(certwiz(['key', 'backup', requestId, '--out', 'b.pem', '--json']), 3, 'PASSWORD_REQUIRED');
    fs.writeFileSync(at('pw.txt'), 'Flow-pass-1\n', { mode: 0o600 });
    const b = certwiz(['key', 'backup', fp('flow.pem', 'sha256'), '--out', 'high-backup.pem', '--key-password-file', 'pw.txt']);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(fs.statSync(at('high-backup.pem')).mode & 0o777, 0o600);
    const keyPub = ossl(['pkey', '-in', 'high-backup.pem', '-passin', 'pass:Flow-pass-1', '-pubout']);
    assert.equal(keyPub, ossl(['x509', '-in', 'flow.pem', '-noout', '-pubkey']));
    expectError(certwiz(['key', 'backup', requestId, '--out', 'high-backup.pem', '--key-password-file', 'pw.txt']), 3, 'FILE_EXISTS');
    expectError(certwiz(['key', 'backup', 'k-missing', '--out', 'x.pem']), 5, 'NOT_FOUND');
  });

  test('should change security levels both ways by id or thumbprint', () => {
    const sha1 = fp('flow.pem', 'sha1');
    expectError(certwiz(['key', 'security-level', sha1, 'medium'], { CERTWIZ_KEY_PASSWORD: 'wrong' }), 4, 'KEY_PASSWORD_INCORRECT');
    const toMedium = certwiz(['key', 'security-level', sha1, 'medium', '--json'], { CERTWIZ_KEY_PASSWORD: 'Flow-pass-1' });
    assert.equal(toMedium.code, 0, toMedium.stderr);
    assert.equal(toMedium.json.entry.securityLevel, 'medium');
    expectError(certwiz(['key', 'security-level', requestId, 'medium']), 1, 'LEVEL_UNCHANGED');
    // Medium backup: under a separate backup password.
    const mb = certwiz(['key', 'backup', requestId, '--out', 'medium-backup.pem'], { CERTWIZ_BACKUP_PASSWORD: 'Backup-2' });
    assert.equal(mb.code, 0, mb.stderr);
    ossl(['pkey', '-in', 'medium-backup.pem', '-passin', 'pass:Backup-2', '-noout']);
    expectError(certwiz(['key', 'security-level', requestId, 'high']), 3, 'PASSWORD_REQUIRED');
    const toHigh = certwiz(['key', 'security-level', requestId, 'high'], { CERTWIZ_NEW_KEY_PASSWORD: 'New-pass-3' });
    assert.equal(toHigh.code, 0, toHigh.stderr);
    const b = certwiz(['key', 'backup', requestId, '--out', 'new-backup.pem'], { CERTWIZ_KEY_PASSWORD: 'New-pass-3' });
    assert.equal(b.code, 0, b.stderr);
    ossl(['pkey', '-in', 'new-backup.pem', '-passin', 'pass:New-pass-3', '-noout']);
    expectError(certwiz(['key', 'security-level', requestId, 'low']), 2, 'USAGE');
  });

  test('should refuse bad completion files with exit 3 and a foreign certificate with exit 5', () => {
    const m = certwiz(['csr', '--profile', 'generic-email', '--cn', 'Chan Tai Man', '--email', 'tm.chan@example.com', '--key', 'ec-p256', '--security-level', 'medium', '--json']);
    assert.equal(m.code, 0, m.stderr);
    assert.ok(m.json.sans.includes('email:tm.chan@example.com'));
    fs.writeFileSync(at('empty.cer'), '');
    expectError(certwiz(['complete', 'empty.cer', '--json']), 3, 'FILE_EMPTY');
    fs.writeFileSync(at('garbage.cer'), 'hello, this is not a certificate\n');
    expectError(certwiz(['complete', 'garbage.cer', '--json']), 3, 'FILE_NOT_CERTIFICATE');
    fs.writeFileSync(at('random.der'), Buffer.from([0x30, 0x82, 0x10, 0x00, 0xde, 0xad, 0xbe, 0xef]));
    expectError(certwiz(['complete', 'random.der']), 3, 'FILE_NOT_CERTIFICATE');
    fs.writeFileSync(at('empty.p7b'), execFileSync('openssl', ['crl2pkcs7', '-nocrl', '-outform', 'DER']));
    expectError(certwiz(['complete', 'empty.p7b', '--json']), 3, 'PKCS7_NO_CERTIFICATE');
    expectError(certwiz(['complete', 'no-such-file.cer']), 3, 'FILE_NOT_FOUND');
    ossl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'other.key', '-subj', '/CN=tm.chan@example.com', '-days', '1', '-out', 'other.pem']);
    const wrong = certwiz(['complete', 'other.pem', '--json']);
    expectError(wrong, 5, 'NO_PENDING_KEY');
    assert.match(wrong.json.error.message, /does not belong to any pending request/);
    // The e-mail request is still pending and completes from a PKCS#7 with its chain.
    fs.writeFileSync(at('mail.csr'), m.json.csrPem);
    assert.equal(certwiz(['practice-ca', 'sign', 'mail.csr', '--out', 'mail.pem', '--chain-out', 'mail-chain.pem']).code, 0);
    ossl(['crl2pkcs7', '-nocrl', '-certfile', 'mail-chain.pem', '-certfile', 'mail.pem', '-out', 'mail.p7b']);
    assert.match(ossl(['x509', '-in', 'mail.pem', '-noout', '-ext', 'extendedKeyUsage']), /E-mail Protection/);
    const ok = certwiz(['complete', 'mail.p7b', '--json']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.json.entry.id, m.json.requestId);
    assert.equal(ok.json.chainCount, 2);
  });

  test('should refuse a High key with no password and no terminal (exit 3), and field errors with the rule', () => {
    expectError(certwiz(['csr', '--profile', 'generic-server', '--cn', 'x.example.com', '--json']), 3, 'PASSWORD_REQUIRED');
    const bad = certwiz(['csr', '--profile', 'hkpost-server', '--cn', 'www.*.example.com', '--security-level', 'medium', '--json']);
    expectError(bad, 3, 'FIELD_INVALID');
    assert.equal(bad.json.error.params.field, 'cn');
    expectError(certwiz(['csr', '--profile', 'hkpost-server', '--cn', 'a.example.com', '--key', 'rsa-4096', '--security-level', 'medium']), 3, 'KEY_ALGORITHM_NOT_ALLOWED');
    expectError(certwiz(['csr', '--profile', 'nope', '--security-level', 'medium']), 3, 'PROFILE_NOT_FOUND');
    expectError(certwiz(['practice-ca', 'sign', 'flow.csr']), 2, 'USAGE');
    fs.writeFileSync(at('garbage.csr'), 'not a request');
    expectError(certwiz(['practice-ca', 'sign', 'garbage.csr', '--out', 'never.pem', '--json']), 3, 'CSR_INVALID');
    assert.equal(fs.existsSync(at('never.pem')), false);
    const info = certwiz(['practice-ca', 'info', '--json']);
    assert.equal(info.code, 0);
    assert.match(info.json.root.subject, /Certwiz Practice.*not trusted/);
    assert.equal(info.json.oldSubCa.subject, info.json.subCa.subject);
  });

  test('should prompt for a new password on a terminal without echoing it', async () => {
    // util-linux `script` gives the CLI a real pseudo-terminal; we type only after each prompt.
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} csr --profile generic-server --cn tty.example.com --key ec-p256 --out tty.csr`;
    const p = spawn('script', ['-qec', cmd, '/dev/null'], { cwd: work, env: { PATH: process.env.PATH, HOME: work, CERTWIZ_HOME: home }, stdio: ['pipe', 'pipe', 'pipe'] });
    let seen = '';
    let typed = 0;
    p.stdout.on('data', (d) => {
      seen += d;
      const prompts = (seen.match(/password[^:]*: /gi) ?? []).length;
      if (prompts > typed) {
        typed += 1;
        p.stdin.write('Tty-secret-7\r');
      }
    });
    const code = await new Promise((resolve) => p.on('exit', resolve));
    assert.equal(code, 0, seen);
    assert.equal(typed, 2);
    assert.doesNotMatch(seen, /Tty-secret-7/);
    const backup = certwiz(['key', 'backup', /Pending request (\S+)/.exec(seen)![1], '--out', 'tty-backup.pem'], { CERTWIZ_KEY_PASSWORD: 'Tty-secret-7' });
    assert.equal(backup.code, 0, backup.stderr);
  });
});
