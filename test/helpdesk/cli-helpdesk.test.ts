import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, execFileSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { startDnsResponder, startWebPair, closedTcpPort, type DnsResponder, type WebPair } from '../dcv/responders';

/**
 * certwiz report, certwiz list --expiring, certwiz dcv check (issue 6 CLI contract), through the
 * built CLI with a temp CERTWIZ_HOME and HOME, against local peers only.
 */
const root = path.join(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'certwiz.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-helpdesk-cli-'));
const home = path.join(work, 'data');
const at = (name: string) => path.join(work, name);
const CODE = 'k3Jd9Qw8eLaXc0Lp09Jt1a1exQDFK1p3Fr4R9Q1UJUL7QZfW';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  json: any;
}

/** Async, so the peers in this process can answer while the CLI runs. */
function certwiz(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: work,
      env: { PATH: process.env.PATH, HOME: work, CERTWIZ_HOME: home, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr, json: args.includes('--json') ? JSON.parse(stdout) : undefined }));
  });
}

function expectError(r: Run, exit: number, code: string): void {
  assert.equal(r.code, exit, r.stderr);
  assert.match(r.stderr, new RegExp(`^certwiz: ${code}: `, 'm'));
  if (r.json) assert.equal(r.json.error.code, code);
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(ts|json)$/.test(e.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

const DAY = 86_400_000;
const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** Signs a CSR with a throw-away CA for the given validity (openssl x509 cannot backdate). */
async function issue(csrPem: string, notBefore: Date, notAfter: Date, ca: { cert: x509.X509Certificate; keys: CryptoKeyPair }): Promise<string> {
  const csr = new x509.Pkcs10CertificateRequest(csrPem);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: Date.now().toString(16) + Math.floor(Math.random() * 1e6).toString(16),
    subject: csr.subjectName,
    issuer: ca.cert.subjectName,
    notBefore,
    notAfter,
    publicKey: await csr.publicKey.export(alg, ['verify']),
    signingKey: ca.keys.privateKey,
    signingAlgorithm: alg,
  });
  return cert.toString('pem');
}

describe('certwiz report, list --expiring, dcv check', () => {
  let web: WebPair;
  let dns: DnsResponder;
  before(async () => {
    const built = path.join(root, 'dist', 'cli-core.js');
    const sources = Math.max(...['electron', 'shared'].map((d) => newestSource(path.join(root, d))), fs.statSync(path.join(root, 'package.json')).mtimeMs);
    if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < sources) {
      execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--only=cli', '--quiet'], { cwd: root, stdio: 'inherit' });
    }
    web = await startWebPair();
    dns = await startDnsResponder();
  });
  after(async () => {
    await web?.close();
    await dns?.close();
  });

  const ids: Record<string, string> = {};
  test('list --expiring DAYS keeps what expires within DAYS (expired included, pending not)', async () => {
    const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
    const caCert = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name: 'CN=Throw-away Test CA', notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() + 400 * DAY), keys, signingAlgorithm: alg, extensions: [new x509.BasicConstraintsExtension(true, undefined, true)] });
    const ca = { cert: caCert, keys };
    const now = Date.now();
    for (const [name, validity] of [['year', 'practice'], ['soon', [now - DAY, now + 10 * DAY]], ['gone', [now - 60 * DAY, now - 2 * DAY]], ['pending', null]] as const) {
      const c = await certwiz(['csr', '--profile', 'generic-server', '--cn', `${name}.example.com`, '--key', 'ec-p256', '--security-level', 'medium', '--out', at(`${name}.csr`), '--json']);
      assert.equal(c.code, 0, c.stderr);
      ids[name] = c.json.requestId;
      if (validity === null) continue;
      if (validity === 'practice') {
        assert.equal((await certwiz(['practice-ca', 'sign', at(`${name}.csr`), '--out', at(`${name}.pem`)])).code, 0);
      } else {
        fs.writeFileSync(at(`${name}.pem`), await issue(c.json.csrPem, new Date(validity[0]), new Date(validity[1]), ca));
      }
      const done = await certwiz(['complete', at(`${name}.pem`)]);
      assert.equal(done.code, 0, done.stderr);
    }
    const soon = await certwiz(['list', '--expiring', '30', '--json']);
    assert.equal(soon.code, 0, soon.stderr);
    assert.deepEqual(soon.json.entries.map((e: { id: string }) => e.id).sort(), [ids.soon, ids.gone].sort());
    const byId = Object.fromEntries(soon.json.entries.map((e: { id: string; daysLeft: number }) => [e.id, e.daysLeft]));
    assert.ok(byId[ids.soon] >= 9 && byId[ids.soon] <= 10, String(byId[ids.soon]));
    assert.ok(byId[ids.gone] < 0);
    const all = await certwiz(['list', '--expiring', '400', '--json']);
    assert.deepEqual(all.json.entries.map((e: { id: string }) => e.id).sort(), [ids.year, ids.soon, ids.gone].sort());
    const none = await certwiz(['list', '--expiring', '0']);
    assert.equal(none.code, 0);
    assert.ok(none.stdout.includes(ids.gone) && !none.stdout.includes(ids.soon));
    const human = await certwiz(['list', '--expiring', '30']);
    assert.match(human.stdout, /soon\.example\.com/);
    assert.doesNotMatch(human.stdout, /year\.example\.com|pending\.example\.com/);
    expectError(await certwiz(['list', '--expiring', 'soon', '--json']), 2, 'USAGE');
    expectError(await certwiz(['list', '--expiring', '-1']), 2, 'USAGE');
    expectError(await certwiz(['list', '--expiring']), 2, 'USAGE');
  });

  test('dcv check: found exit 0, not found / different exit 5, unreachable exit 1, through env-configured local peers', async () => {
    const env = { CERTWIZ_DNS_SERVER: `127.0.0.1:${dns.port}`, CERTWIZ_DCV_HTTP_PORT: String(web.http), CERTWIZ_DCV_HTTPS_PORT: String(web.https), CERTWIZ_DCV_CONNECT: '127.0.0.1', CERTWIZ_DCV_TIMEOUT_MS: '2000' };
    dns.txt.set('xn--zfru1g2vn33etpw.com', [[CODE]]);
    dns.txt.set('other.example.test', [['not-the-code']]);
    web.routes.set('www.example.test', (_q, res) => res.writeHead(200).end(`${CODE}\r\n`));
    const found = await certwiz(['dcv', 'check', '--method', 'dns', '--domain', '我的服务器.com', '--code', CODE, '--json'], env);
    assert.equal(found.code, 0, found.stderr);
    assert.deepEqual(found.json.checks, [{ where: 'xn--zfru1g2vn33etpw.com', status: 'match' }]);
    assert.equal(found.json.found, true);
    fs.writeFileSync(at('fileauth.txt'), `${CODE}\r\n`);
    const http = await certwiz(['dcv', 'check', '--method', 'http', '--domain', 'www.example.test', '--code-file', at('fileauth.txt')], env);
    assert.equal(http.code, 0, http.stderr);
    assert.match(http.stdout, new RegExp(`FOUND +http://www.example.test:${web.http}/.well-known/pki-validation/fileauth.txt \\(HTTP 200\\)`));
    const missing = await certwiz(['dcv', 'check', '--method', 'dns', '--domain', 'missing.example.test', '--code', CODE, '--json'], env);
    expectError(missing, 5, 'DCV_NOT_FOUND');
    assert.equal(missing.json.found, false);
    assert.equal(missing.json.checks[0].status, 'notFound');
    expectError(await certwiz(['dcv', 'check', '--method', 'dns', '--domain', 'other.example.test', '--code', CODE], env), 5, 'DCV_MISMATCH');
    expectError(await certwiz(['dcv', 'check', '--method', 'http', '--domain', 'nothing.example.test', '--code', CODE], env), 5, 'DCV_NOT_FOUND');
    const closed = { ...env, CERTWIZ_DCV_HTTP_PORT: String(await closedTcpPort()), CERTWIZ_DCV_HTTPS_PORT: String(await closedTcpPort()) };
    expectError(await certwiz(['dcv', 'check', '--method', 'http', '--domain', 'www.example.test', '--code', CODE, '--json'], closed), 1, 'DCV_UNREACHABLE');
    expectError(await certwiz(['dcv', 'check', '--method', 'http', '--domain', '*.example.test', '--code', CODE], env), 3, 'DCV_METHOD_NOT_APPLICABLE');
    expectError(await certwiz(['dcv', 'check', '--method', 'smtp', '--domain', 'x.example.test', '--code', CODE], env), 2, 'USAGE');
    expectError(await certwiz(['dcv', 'check', '--method', 'dns', '--domain', 'x.example.test'], env), 2, 'USAGE');
    const bad = await certwiz(['dcv', 'check', '--method', 'dns', '--domain', 'a..b', '--code', CODE], env);
    expectError(bad, 3, 'FIELD_INVALID');
    for (const r of [missing, bad]) assert.ok(!r.stderr.includes(CODE) && !r.stdout.includes(CODE), 'the code is never echoed in errors');
  });

  test('report: certificates with thumbprints and expiry, chain status, flow and step, the last error codes; --out never replaces', async () => {
    const r = await certwiz(['report', '--flow', 'hkpost-server', '--step', 'C 4', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const text: string = r.json.text;
    assert.match(text, /^Certwiz helpdesk report/);
    assert.match(text, /Flow: +hkpost-server, step C 4/);
    assert.match(text, /OS: +Linux/);
    for (const name of ['year', 'soon', 'gone']) {
      const sha1 = execFileSync('openssl', ['x509', '-in', at(`${name}.pem`), '-noout', '-fingerprint', '-sha1']).toString().split('=')[1].trim();
      const sha256 = execFileSync('openssl', ['x509', '-in', at(`${name}.pem`), '-noout', '-fingerprint', '-sha256']).toString().split('=')[1].trim();
      assert.ok(text.includes(`SHA-1:    ${sha1}`), `${name} SHA-1 as openssl prints it`);
      assert.ok(text.includes(`SHA-256:  ${sha256}`), `${name} SHA-256`);
    }
    assert.match(text, /- soon\.example\.com[\s\S]*?Valid: .*\b(9|10) days left \(expires within 30 days\)/);
    assert.match(text, /- gone\.example\.com[\s\S]*?Valid: .*EXPIRED 2 days ago/);
    assert.match(text, /- year\.example\.com[\s\S]*?Chain: +complete, root not trusted in a store seen: "year\.example\.com" <- "Certwiz Practice Issuing CA - not trusted" \[saved with it\]/);
    assert.match(text, /- soon\.example\.com[\s\S]*?Chain: +INCOMPLETE: "soon\.example\.com"\n +The CA "Throw-away Test CA"/);
    assert.match(text, /Pending requests \(1\):\n- pending\.example\.com/);
    assert.match(text, /Security: Medium \(no password; protected by a local file\)/);
    assert.match(text, /Certificate stores seen \(0\)/);
    // The failures of the dcv test, from earlier CLI runs (each its own process).
    assert.match(text, /DCV_NOT_FOUND +\(cli dcv check\)/);
    assert.match(text, /DCV_UNREACHABLE +\(cli dcv check\)/);
    assert.ok(!text.includes(CODE));
    const out = await certwiz(['report', '--out', at('report.txt')]);
    assert.equal(out.code, 0, out.stderr);
    assert.match(fs.readFileSync(at('report.txt'), 'utf8'), /^Certwiz helpdesk report/);
    expectError(await certwiz(['report', '--out', at('report.txt')]), 3, 'FILE_EXISTS');
    // The error file holds codes and names only.
    const log = JSON.parse(fs.readFileSync(path.join(home, 'error-log.json'), 'utf8'));
    assert.ok(log.every((e: object) => Object.keys(e).sort().join() === 'at,code,where'));
    assert.equal(fs.statSync(path.join(home, 'error-log.json')).mode & 0o777, 0o600);
  });
});
