import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CertwizError } from '../../shared/errors';
import { authorizationDomains, checkDns, checkHttp, dcvCheck, dcvInstructions, dcvOptionsFromEnv, dcvOutcomeError, MAX_BODY } from '../../electron/core/dcv';
import { closedTcpPort, closedUdpPort, startDnsResponder, startWebPair, type DnsResponder, type WebPair } from './responders';

const CODE = '1Qw8eLaXc0Lp09Jt1a1exQDFK1p3Fr4R9Q1UJUL7QZfW+1B99UBI1eJe2Kx4vC';
const IDN = 'www.我的服务器.com';
const IDN_ASCII = 'www.xn--zfru1g2vn33etpw.com';
const PATH = '/.well-known/pki-validation/fileauth.txt';

function rejectsWith(fn: () => unknown, code: string, rule?: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof CertwizError);
    assert.equal(e.code, code);
    if (rule) assert.equal(e.params.rule, rule);
    assert.ok(!JSON.stringify(e.params).includes(CODE) && !e.message.includes(CODE), 'the code never goes into an error');
    return true;
  });
}

describe('DCV instructions (guide 004 C 4)', () => {
  test('website change: both well-known URLs in A-labels, the file name and the trimmed content', () => {
    const [plain, idn] = dcvInstructions('http', ['WWW.Example.com ', IDN], `${CODE}\r\n`);
    assert.equal(plain.domain, 'WWW.Example.com');
    assert.equal(plain.asciiDomain, 'www.example.com');
    assert.deepEqual(plain.urls, [`http://www.example.com${PATH}`, `https://www.example.com${PATH}`]);
    assert.equal(plain.fileName, 'fileauth.txt');
    assert.equal(plain.fileContent, CODE);
    assert.equal(idn.domain, IDN);
    assert.equal(idn.asciiDomain, IDN_ASCII);
    assert.deepEqual(idn.urls, [`http://${IDN_ASCII}${PATH}`, `https://${IDN_ASCII}${PATH}`]);
    assert.equal(idn.txtName, undefined);
  });

  test('DNS change: TXT on the domain, a wildcard on its base name; e-mail: the five BR 3.2.2.4.4 addresses', () => {
    const [d, w] = dcvInstructions('dns', [IDN, '*.example.org'], CODE);
    assert.equal(d.txtName, IDN_ASCII);
    assert.equal(d.txtValue, CODE);
    assert.equal(w.asciiDomain, '*.example.org');
    assert.equal(w.txtName, 'example.org');
    const local = ['admin', 'administrator', 'webmaster', 'hostmaster', 'postmaster'];
    const [e, hk] = dcvInstructions('email', ['*.shop.example.hk', 'www.post.gov.hk'], '');
    assert.deepEqual(e.addresses, [...local.map((l) => `${l}@shop.example.hk`), ...local.map((l) => `${l}@example.hk`)]);
    assert.deepEqual(hk.addresses, [...local.map((l) => `${l}@www.post.gov.hk`), ...local.map((l) => `${l}@post.gov.hk`)], 'gov.hk is a suffix');
    assert.equal(e.txtValue, undefined);
    assert.deepEqual(authorizationDomains('a.b.example.co.uk'), ['a.b.example.co.uk', 'b.example.co.uk', 'example.co.uk']);
    assert.deepEqual(authorizationDomains('example.com'), ['example.com']);
    assert.deepEqual(authorizationDomains('www.xn--zfru1g2vn33etpw.com'), ['www.xn--zfru1g2vn33etpw.com', 'xn--zfru1g2vn33etpw.com']);
  });

  test('refuses what cannot work, with stable codes and the CSR form\'s rule ids', () => {
    rejectsWith(() => dcvInstructions('http', ['*.example.com'], CODE), 'DCV_METHOD_NOT_APPLICABLE');
    rejectsWith(() => dcvInstructions('dns', ['localhost'], CODE), 'FIELD_INVALID', 'dns.notFullyQualified');
    rejectsWith(() => dcvInstructions('dns', ['a..b.com'], CODE), 'FIELD_INVALID', 'dns.emptyLabel');
    rejectsWith(() => dcvInstructions('dns', ['example.com'], ' \r\n'), 'FIELD_INVALID', 'dcv.codeEmpty');
    rejectsWith(() => dcvInstructions('dns', ['example.com'], `${CODE}\u0000`), 'FIELD_INVALID', 'dcv.codeInvalid');
    rejectsWith(() => dcvInstructions('dns', [], CODE), 'FIELD_INVALID');
    rejectsWith(() => dcvInstructions('dns', Array(101).fill('example.com'), CODE), 'INVALID_INPUT');
  });
});

describe('DCV check against local peers on 127.0.0.1', () => {
  let web: WebPair;
  let dns: DnsResponder;
  before(async () => {
    web = await startWebPair();
    dns = await startDnsResponder();
    const file = (body: string | Buffer, status = 200) => (_q: unknown, res: import('node:http').ServerResponse) => res.writeHead(status, { 'Content-Type': 'text/plain' }).end(body);
    web.routes.set('ok.example.test', file(`\uFEFF${CODE}\r\n`));
    web.routes.set(IDN_ASCII, file(CODE));
    web.routes.set('wrong.example.test', file('another-code'));
    web.routes.set('big.example.test', file(Buffer.alloc(MAX_BODY + 10, 'a')));
    web.routes.set('forbidden.example.test', file('no', 403));
    // http -> https on the same host (a common server setup): followed.
    web.routes.set('tls.example.test', (req, res, scheme) => {
      if (scheme === 'http') res.writeHead(301, { Location: `https://tls.example.test${req.url}` }).end();
      else res.writeHead(200).end(CODE);
    });
    // A redirect to another host proves nothing about this one.
    web.routes.set('away.example.test', (req, res) => res.writeHead(302, { Location: `http://ok.example.test${req.url}` }).end());
    // Accepts and never answers.
    web.routes.set('silent.example.test', () => undefined);
  });
  after(async () => {
    await web.close();
    await dns.close();
  });
  const http = () => ({ ports: { http: web.http, https: web.https }, connectAddress: '127.0.0.1', timeoutMs: 1500 });

  test('http: the file on both URLs matches despite BOM and CRLF; the Host header is the A-label', async () => {
    const r = await checkHttp('ok.example.test', CODE, http());
    assert.equal(r.found, true);
    assert.deepEqual(r.checks.map((c) => [c.status, c.httpStatus]), [['match', 200], ['match', 200]]);
    assert.equal(r.checks[0].where, `http://ok.example.test:${web.http}${PATH}`);
    const idn = await dcvCheck('http', IDN, CODE, { http: http() });
    assert.equal(idn.found, true);
    assert.ok(web.requests.includes(`https://${IDN_ASCII}${PATH}`));
  });

  test('http: mismatch, not found, too large, redirects (same host followed, other host not)', async () => {
    const wrong = await checkHttp('wrong.example.test', CODE, http());
    assert.deepEqual(wrong.checks.map((c) => c.status), ['mismatch', 'mismatch']);
    assert.equal(dcvOutcomeError('wrong.example.test', wrong)?.code, 'DCV_MISMATCH');
    const missing = await checkHttp('missing.example.test', CODE, http());
    assert.deepEqual(missing.checks.map((c) => [c.status, c.httpStatus]), [['notFound', 404], ['notFound', 404]]);
    assert.equal(dcvOutcomeError('missing.example.test', missing)?.code, 'DCV_NOT_FOUND');
    assert.deepEqual((await checkHttp('forbidden.example.test', CODE, http())).checks.map((c) => c.httpStatus), [403, 403]);
    assert.deepEqual((await checkHttp('big.example.test', CODE, http())).checks.map((c) => c.status), ['mismatch', 'mismatch']);
    const tls = await checkHttp('tls.example.test', CODE, http());
    assert.deepEqual(tls.checks.map((c) => c.status), ['match', 'match']);
    const before = web.requests.length;
    const away = await checkHttp('away.example.test', CODE, http());
    assert.deepEqual(away.checks.map((c) => [c.status, c.httpStatus]), [['notFound', 302], ['notFound', 302]]);
    assert.deepEqual(web.requests.slice(before).filter((u) => u.includes('ok.example.test')), [], 'the other host is never asked');
  });

  test('http: a silent server times out, a closed port is unreachable, never a hang', async () => {
    const t0 = Date.now();
    const silent = await checkHttp('silent.example.test', CODE, { ...http(), timeoutMs: 600 });
    assert.deepEqual(silent.checks.map((c) => c.status), ['timeout', 'timeout']);
    assert.ok(Date.now() - t0 < 3000, 'both URLs within the deadline');
    assert.equal(dcvOutcomeError('silent.example.test', silent)?.code, 'DCV_TIMEOUT');
    const closed = await checkHttp('ok.example.test', CODE, { ...http(), ports: { http: await closedTcpPort(), https: await closedTcpPort() } });
    assert.deepEqual(closed.checks.map((c) => c.status), ['unreachable', 'unreachable']);
    assert.equal(dcvOutcomeError('ok.example.test', closed)?.code, 'DCV_UNREACHABLE');
  });

  test('dns: a TXT record split in 255-octet strings matches; others mismatch; NXDOMAIN is not found', async () => {
    const servers = [`127.0.0.1:${dns.port}`];
    dns.txt.set(IDN_ASCII, [['v=spf1 -all'], [CODE.slice(0, 20), CODE.slice(20)]]);
    dns.txt.set('example.org', [[CODE]]);
    dns.txt.set('wrong.example.test', [['something-else']]);
    dns.txt.set('empty.example.test', []);
    const idn = await dcvCheck('dns', IDN, ` ${CODE}\n`, { dns: { servers, timeoutMs: 2000 } });
    assert.deepEqual(idn, { found: true, checks: [{ where: IDN_ASCII, status: 'match' }] });
    assert.ok(dns.queries.includes(`${IDN_ASCII}/16`));
    assert.equal((await dcvCheck('dns', '*.example.org', CODE, { dns: { servers } })).found, true);
    assert.equal((await checkDns('wrong.example.test', CODE, { servers })).checks[0].status, 'mismatch');
    assert.equal((await checkDns('empty.example.test', CODE, { servers })).checks[0].status, 'notFound');
    const nx = await checkDns('nx.example.test', CODE, { servers });
    assert.equal(nx.checks[0].status, 'notFound');
    assert.equal(dcvOutcomeError('nx.example.test', nx)?.code, 'DCV_NOT_FOUND');
  });

  test('dns: a silent server times out in time; a closed port is unreachable or a timeout, never a hang', async () => {
    dns.silent.add('slow.example.test');
    const t0 = Date.now();
    const slow = await checkDns('slow.example.test', CODE, { servers: [`127.0.0.1:${dns.port}`], timeoutMs: 700 });
    assert.equal(slow.checks[0].status, 'timeout');
    assert.ok(Date.now() - t0 < 2500);
    const closed = await checkDns('ok.example.test', CODE, { servers: [`127.0.0.1:${await closedUdpPort()}`], timeoutMs: 1500 });
    assert.ok(['unreachable', 'timeout'].includes(closed.checks[0].status), closed.checks[0].status);
    assert.ok(['DCV_UNREACHABLE', 'DCV_TIMEOUT'].includes(dcvOutcomeError('ok.example.test', closed)!.code));
  });

  test('environment hooks for tests and diagnostics', () => {
    const o = dcvOptionsFromEnv({ CERTWIZ_DNS_SERVER: '127.0.0.1:5353, 127.0.0.2', CERTWIZ_DCV_HTTP_PORT: '8080', CERTWIZ_DCV_CONNECT: '127.0.0.1', CERTWIZ_DCV_TIMEOUT_MS: '900' });
    assert.deepEqual(o.dns, { servers: ['127.0.0.1:5353', '127.0.0.2'], timeoutMs: 900 });
    assert.deepEqual(o.http, { ports: { http: 8080, https: undefined }, connectAddress: '127.0.0.1', timeoutMs: 900 });
    assert.deepEqual(dcvOptionsFromEnv({}), { http: {}, dns: {} });
  });
});
