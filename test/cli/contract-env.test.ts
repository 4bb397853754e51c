/**
 * CLI contract lines of issues 2-6 that no other CLI test pins down, run as the built CLI with a
 * temp HOME, no terminal and only the given secrets (checklist: docs/contract-audit.md):
 * - the data dir: $CERTWIZ_HOME, else the platform's user data dir (issue 2);
 * - every error as `certwiz: CODE: text` on stderr, exit code = the code's class, and with --json
 *   exactly one object {"error":{"code","message"}} on stdout (issue 2);
 * - csr --json: subject (RFC 4514) and sans (as encoded) equal to openssl's own parse, IDN included;
 * - pfx inspect --json: the exact shape of issue 3, hex thumbprints, certificateSha1 null;
 * - PFX passwords: CERTWIZ_PFX_PASSWORD="" is the empty password and --pfx-password-file works,
 *   in pfx inspect, pfx import --store nss and store import (issues 3 and 4);
 * - pfx import takes the new key password the foundation way (CERTWIZ_KEY_PASSWORD, --key-password-file);
 * - store list --store app (issue 4 SPEC `app`).
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliRunner, ensureBuilt, json, type Run } from './harness';
import { ERROR_CODES, type ErrorCode } from '../../shared/errors';

const work = mkdtempSync(join(tmpdir(), 'certwiz-contract-'));
const home = join(work, 'data');
const at = (name: string) => join(work, name);

const certwiz = cliRunner(work, home);

/** The documented error form; with --json, stdout is exactly one {"error":{code,message}}. */
function expectError(r: Run, code: ErrorCode, withJson: boolean): void {
  assert.equal(r.code, ERROR_CODES[code], `${code}: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line on stderr: ${r.stderr}`);
  assert.match(lines[0], new RegExp(`^certwiz: ${code}: \\S`));
  if (!withJson) {
    assert.equal(r.stdout, '');
    return;
  }
  const out = JSON.parse(r.stdout); // throws on two objects or trailing text
  assert.equal(out.error.code, code);
  assert.equal(typeof out.error.message, 'string');
  assert.ok(out.error.message.length > 0);
  assert.ok(lines[0].includes(out.error.message), 'the same text on both');
}

const ossl = (args: string[]) => execFileSync('openssl', args, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const sha1Hex = (pem: string) => new crypto.X509Certificate(pem).fingerprint.replace(/:/g, '').toLowerCase();

before(() => {
  ensureBuilt();
  // A practice-issued certificate with its chain in the app store, and a PFX of it with an empty password.
  const c = json(certwiz(['csr', '--profile', 'generic-server', '--cn', 'app.example.com', '--key', 'ec-p256', '--security-level', 'medium', '--out', 'app.csr', '--json']));
  assert.equal(certwiz(['practice-ca', 'sign', 'app.csr', '--out', 'app.pem', '--chain-out', 'app-chain.pem']).code, 0);
  assert.equal(json(certwiz(['complete', 'app.pem', '--json'])).entry.id, c.requestId);
  json(certwiz(['pfx', 'export', c.requestId, '--out', 'empty.pfx', '--json'], { CERTWIZ_PFX_PASSWORD: '' }));
  writeFileSync(at('empty-line.txt'), '\n');
  writeFileSync(at('key-pw.txt'), 'File-key-pw-9\n');
});

describe('CLI contract: data dir', () => {
  test('without CERTWIZ_HOME the data goes to $XDG_DATA_HOME/certwiz, else ~/.local/share/certwiz', () => {
    const h = mkdtempSync(join(tmpdir(), 'certwiz-home-'));
    const args = ['csr', '--profile', 'generic-server', '--cn', 'd.example.com', '--key', 'ec-p256', '--security-level', 'medium', '--json'];
    json(certwiz(args, { CERTWIZ_HOME: undefined, HOME: h }));
    assert.ok(existsSync(join(h, '.local', 'share', 'certwiz')), '~/.local/share/certwiz');
    json(certwiz(args, { CERTWIZ_HOME: undefined, HOME: h, XDG_DATA_HOME: join(h, 'xdg') }));
    assert.ok(existsSync(join(h, 'xdg', 'certwiz')), '$XDG_DATA_HOME/certwiz');
    const listed = json(certwiz(['list', '--json'], { CERTWIZ_HOME: undefined, HOME: h }));
    assert.equal(listed.entries.length, 1, 'list reads the same default dir');
  });
});

describe('CLI contract: errors', () => {
  // One case per exit class and command family; each with and without --json.
  const cases: [string, string[], ErrorCode, Record<string, string>?][] = [
    ['usage', ['csr', '--nope'], 'USAGE'],
    ['unknown sub-command', ['store', 'frob'], 'USAGE'],
    ['bad file', ['complete', 'missing.cer'], 'FILE_NOT_FOUND'],
    ['bad field', ['csr', '--profile', 'generic-server', '--cn', 'a..b', '--security-level', 'medium'], 'FIELD_INVALID'],
    ['wrong PFX password', ['pfx', 'inspect', 'empty.pfx'], 'PFX_BAD_PASSWORD', { CERTWIZ_PFX_PASSWORD: 'not-empty' }],
    ['not found', ['key', 'backup', 'k-nope', '--out', 'x.pem'], 'NOT_FOUND'],
    ['no pending key', ['complete', 'app-chain.pem'], 'NO_PENDING_KEY'],
    ['other (1)', ['complete', 'app.pem'], 'ALREADY_COMPLETED'],
    ['store that does not exist', ['store', 'list', '--store', 'nss:/nonexistent/db'], 'STORE_NOT_FOUND'],
  ];
  test('an overlong field is refused with a readable message (the quoted part is cut)', () => {
    const r = certwiz(['csr', '--profile', 'hkpost-server', '--cn', `${'a'.repeat(3000)}.com`, '--security-level', 'medium', '--json']);
    expectError(r, 'FIELD_INVALID', true);
    assert.ok(r.stderr.length < 400, `${r.stderr.length} characters`);
    assert.match(JSON.parse(r.stdout).error.message, /a…/);
  });

  for (const [what, args, code, env] of cases) {
    test(`${what}: exit ${ERROR_CODES[code]} ${code}, one stderr line, one JSON object with --json`, () => {
      expectError(certwiz(args, env), code, false);
      expectError(certwiz([...args, '--json'], env), code, true);
    });
  }
});

describe('CLI contract: JSON fields', () => {
  test('csr --json: subject is RFC 4514 and sans as encoded, both as openssl reads the CSR (IDN)', () => {
    const r = json(
      certwiz(['csr', '--profile', 'hkpost-server', '--cn', 'www.我的服务器.com', '--o', 'Example Ltd', '--ou', 'IT', '--security-level', 'medium', '--out', 'idn.csr', '--json']),
    );
    assert.equal(r.subject, ossl(['req', '-in', 'idn.csr', '-noout', '-subject', '-nameopt', 'RFC2253']).replace(/^subject=/, '').trim());
    assert.equal(r.subject.startsWith('CN=www.xn--zfru1g2vn33etpw.com,'), true);
    assert.equal(r.keyAlgorithm, 'rsa-2048');
    assert.equal(typeof r.requestId, 'string');
    assert.match(r.csrPem, /^-----BEGIN CERTIFICATE REQUEST-----/);
    const g = json(certwiz(['csr', '--profile', 'generic-server', '--cn', 'a.example.com', '--san', 'b.我的服务器.com', '--key', 'ec-p384', '--security-level', 'medium', '--out', 'g.csr', '--json']));
    const text = ossl(['req', '-in', 'g.csr', '-noout', '-text']);
    const sanLine = /Subject Alternative Name:\s*\n\s*(.*)/.exec(text)![1].trim();
    assert.deepEqual(g.sans, sanLine.split(', '));
    assert.deepEqual(g.sans, ['DNS:a.example.com', 'DNS:b.xn--zfru1g2vn33etpw.com']);
    assert.equal(g.keyAlgorithm, 'ec-p384');
  });

  test('list --json: SHA-1 and SHA-256 thumbprints in lowercase hex, equal to openssl', () => {
    const e = json(certwiz(['list', '--json'])).entries.find((x: { status: string }) => x.status === 'installed');
    assert.equal(e.sha1, sha1Hex(readFileSync(at('app.pem'), 'utf8')));
    assert.match(e.sha256, /^[0-9a-f]{64}$/);
    assert.equal(e.sha256, ossl(['x509', '-in', 'app.pem', '-noout', '-fingerprint', '-sha256']).split('=')[1].trim().replace(/:/g, '').toLowerCase());
  });

  test('pfx inspect --json has exactly the fields of issue 3; certificateSha1 is null for a key alone', () => {
    ossl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'lone.key']);
    ossl(['pkcs12', '-export', '-nocerts', '-inkey', 'lone.key', '-out', 'lone.p12', '-passout', 'pass:lone']);
    const full = json(certwiz(['pfx', 'inspect', 'empty.pfx', '--json'], { CERTWIZ_PFX_PASSWORD: '' }));
    assert.deepEqual(Object.keys(full).sort(), ['certificates', 'keys', 'protection']);
    const certKeys = ['subject', 'issuer', 'serialNumber', 'sha1', 'sha256', 'notBefore', 'notAfter', 'isCA', 'friendlyName', 'localKeyId', 'hasPrivateKey'];
    const keyKeys = ['algorithm', 'bits', 'curve', 'friendlyName', 'localKeyId', 'certificateSha1'];
    assert.equal(full.certificates.length, 3);
    for (const c of full.certificates) {
      assert.deepEqual(Object.keys(c).sort(), [...certKeys].sort());
      assert.match(c.sha1, /^[0-9a-f]{40}$/);
      assert.match(c.sha256, /^[0-9a-f]{64}$/);
    }
    assert.deepEqual(Object.keys(full.keys[0]).sort(), [...keyKeys].sort());
    assert.equal(full.keys[0].certificateSha1, sha1Hex(readFileSync(at('app.pem'), 'utf8')));
    assert.equal(full.keys[0].curve, 'P-256');
    assert.deepEqual(Object.keys(full.protection).sort(), ['certificates', 'keys', 'mac', 'macIterations']);
    const lone = json(certwiz(['pfx', 'inspect', 'lone.p12', '--json'], { CERTWIZ_PFX_PASSWORD: 'lone' }));
    assert.deepEqual(lone.certificates, []);
    assert.equal(lone.keys[0].certificateSha1, null);
  });
});

describe('CLI contract: where passwords come from', () => {
  test('CERTWIZ_PFX_PASSWORD="" and an empty --pfx-password-file line are the empty password; unset is PASSWORD_REQUIRED', () => {
    assert.equal(json(certwiz(['pfx', 'inspect', 'empty.pfx', '--json'], { CERTWIZ_PFX_PASSWORD: '' })).certificates.length, 3);
    assert.equal(json(certwiz(['pfx', 'inspect', 'empty.pfx', '--pfx-password-file', 'empty-line.txt', '--json'])).certificates.length, 3);
    expectError(certwiz(['pfx', 'inspect', 'empty.pfx', '--json']), 'PASSWORD_REQUIRED', true);
  });

  test('pfx import: the new key password from CERTWIZ_KEY_PASSWORD or --key-password-file, as for csr', () => {
    const other = join(work, 'data-import');
    const a = json(certwiz(['pfx', 'import', 'empty.pfx', '--exportable', '--json'], { CERTWIZ_HOME: other, CERTWIZ_PFX_PASSWORD: '', CERTWIZ_KEY_PASSWORD: 'Env-key-pw-8' }));
    const id = a.imported[0].id;
    // The key now opens with that password, and only with it.
    expectError(certwiz(['key', 'backup', id, '--out', 'wrong.pem'], { CERTWIZ_HOME: other, CERTWIZ_KEY_PASSWORD: 'nope' }), 'KEY_PASSWORD_INCORRECT', false);
    assert.equal(certwiz(['key', 'backup', id, '--out', 'env-backup.pem'], { CERTWIZ_HOME: other, CERTWIZ_KEY_PASSWORD: 'Env-key-pw-8' }).code, 0);
    const third = join(work, 'data-import-2');
    const b = json(certwiz(['pfx', 'import', 'empty.pfx', '--exportable', '--key-password-file', 'key-pw.txt', '--json'], { CERTWIZ_HOME: third, CERTWIZ_PFX_PASSWORD: '' }));
    assert.equal(certwiz(['key', 'backup', b.imported[0].id, '--out', 'file-backup.pem', '--key-password-file', 'key-pw.txt'], { CERTWIZ_HOME: third }).code, 0);
    ossl(['pkey', '-in', 'file-backup.pem', '-passin', 'pass:File-key-pw-9', '-noout']);
    // CERTWIZ_NEW_KEY_PASSWORD still wins over the key password.
    const fourth = join(work, 'data-import-3');
    const c = json(certwiz(['pfx', 'import', 'empty.pfx', '--exportable', '--json'], { CERTWIZ_HOME: fourth, CERTWIZ_PFX_PASSWORD: '', CERTWIZ_NEW_KEY_PASSWORD: 'New-pw-10', CERTWIZ_KEY_PASSWORD: 'Other-11' }));
    assert.equal(certwiz(['key', 'backup', c.imported[0].id, '--out', 'new-backup.pem'], { CERTWIZ_HOME: fourth, CERTWIZ_KEY_PASSWORD: 'New-pw-10' }).code, 0);
    expectError(certwiz(['pfx', 'import', 'empty.pfx'], { CERTWIZ_HOME: join(work, 'data-import-4'), CERTWIZ_PFX_PASSWORD: '' }), 'PASSWORD_REQUIRED', false);
  });

  test('an empty-password PFX goes into an NSS DB by pfx import --store and by store import (env and file)', () => {
    const newDb = (name: string) => {
      const dir = at(name);
      mkdirSync(dir);
      execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
      return dir;
    };
    const keysIn = (dir: string) => execFileSync('certutil', ['-K', '-d', `sql:${dir}`], { encoding: 'utf8' });
    const a = newDb('nss-a');
    const placed = json(certwiz(['pfx', 'import', 'empty.pfx', '--store', `nss:${a}`, '--security-level', 'medium', '--json'], { CERTWIZ_PFX_PASSWORD: '' }));
    assert.ok(placed.placed.some((p: { location: string }) => p.location === 'personal'));
    assert.match(keysIn(a), /app\.example\.com/);
    const b = newDb('nss-b');
    const r = json(certwiz(['store', 'import', 'empty.pfx', '--store', `nss:${b}`, '--trust-root', '--json'], { CERTWIZ_PFX_PASSWORD: '' }));
    assert.equal(r.error, undefined);
    assert.match(keysIn(b), /app\.example\.com/);
    const c = newDb('nss-c');
    json(certwiz(['store', 'import', 'empty.pfx', '--store', `nss:${c}`, '--trust-root', '--pfx-password-file', 'empty-line.txt', '--json']));
    assert.match(keysIn(c), /app\.example\.com/);
  });
});

describe('CLI contract: PFX bad input (issue 3)', () => {
  test('too large, truncated, a key without its certificate, absurd iterations: exit 3 with their codes; a wrong password exits 4 and stores nothing', () => {
    const fresh = { CERTWIZ_HOME: join(work, 'data-bad'), CERTWIZ_PFX_PASSWORD: '' };
    writeFileSync(at('big.pfx'), Buffer.alloc(10 * 1024 * 1024 + 1, 0x30));
    writeFileSync(at('trunc.pfx'), readFileSync(at('empty.pfx')).subarray(0, 300));
    ossl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'alone.key']);
    ossl(['pkcs12', '-export', '-nocerts', '-inkey', 'alone.key', '-out', 'alone.p12', '-passout', 'pass:']);
    const args = (f: string) => ['pfx', 'import', f, '--security-level', 'medium', '--json'];
    expectError(certwiz(args('big.pfx'), fresh), 'PFX_TOO_LARGE', true);
    expectError(certwiz(args('trunc.pfx'), fresh), 'PFX_CORRUPT', true);
    expectError(certwiz(args('alone.p12'), fresh), 'PFX_KEY_WITHOUT_CERTIFICATE', true);
    // MAC iterations 0x7fffffff: refused at once, not hours of PBKDF work.
    const pfx = asn1js.fromBER(new Uint8Array(readFileSync(at('empty.pfx'))).buffer).result as asn1js.Sequence;
    const [version, authSafe, macData] = pfx.valueBlock.value as asn1js.Sequence[];
    const [mac, salt] = macData.valueBlock.value;
    const iter = new asn1js.Integer({ valueHex: new Uint8Array([0x7f, 0xff, 0xff, 0xff]).buffer });
    writeFileSync(at('iter.pfx'), new Uint8Array(new asn1js.Sequence({ value: [version, authSafe, new asn1js.Sequence({ value: [mac, salt, iter] })] }).toBER(false)));
    const t = Date.now();
    expectError(certwiz(args('iter.pfx'), fresh), 'PFX_ITERATIONS_TOO_HIGH', true);
    assert.ok(Date.now() - t < 10_000, 'no KDF run');
    expectError(certwiz(args('empty.pfx'), { ...fresh, CERTWIZ_PFX_PASSWORD: 'wrong' }), 'PFX_BAD_PASSWORD', true);
    assert.deepEqual(json(certwiz(['list', '--json'], fresh)).entries, []);
  });
});

describe('CLI contract: store SPEC app', () => {
  test('store list --store app lists the installed certificate with its key and its chain, with thumbprints', () => {
    const r = json(certwiz(['store', 'list', '--store', 'app', '--json']));
    const leaf = r.certificates.find((c: { location: string }) => c.location === 'personal');
    assert.equal(leaf.sha1, sha1Hex(readFileSync(at('app.pem'), 'utf8')));
    assert.equal(leaf.hasKey, true);
    for (const c of r.certificates) {
      assert.deepEqual(Object.keys(c).sort(), ['hasKey', 'issuer', 'location', 'notAfter', 'serialNumber', 'sha1', 'sha256', 'subject', 'trust']);
    }
    assert.deepEqual(r.certificates.map((c: { location: string }) => c.location).sort(), ['intermediate', 'personal', 'root']);
  });
});
