/**
 * The helpdesk report never shows a secret (issue 6): every secret field Certwiz accepts is filled
 * with a marker through the real flows (the IPC dispatcher, as the shells call it), right and
 * wrong, so that errors are logged too; then report:get, the CLI error file and the in-memory
 * error log must not hold the marker (nor its base64 or hex), a PEM block, or the PFX bytes.
 *
 * Secrets covered: key passwords (new, current, backup), PFX export and import passwords, the
 * card PIN (SoftHSM2, wrong then right), the DCV validation code (instructions and checks against
 * local peers), the registration data the CA's site asks for (voucher passcode, passcode ID,
 * challenge phrase, e-Cert PIN), which the flow state refuses, and junk fields in payloads.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSoftHsm, SOFTHSM_MODULE, type SoftHsm } from '../pkcs11/softhsm';
import { CHANNELS } from '../../shared/ipc';
import { createCore, type Core } from '../../electron/core/service';
import { createFallbackProtector } from '../../electron/core/medium';
import { createDispatcher, type Dispatcher } from '../../electron/ipc/dispatch';
import { errorLog, appendErrorFile } from '../../electron/core/error-log';
import { startDnsResponder, startWebPair, type DnsResponder, type WebPair } from '../dcv/responders';

const MARKER = 'Mk7Qz-SECRET-ZZ91';
const forms = (m: string) => [m, Buffer.from(m).toString('base64').replace(/=+$/, ''), Buffer.from(m).toString('hex'), m.toLowerCase(), m.toUpperCase()];
const PIN = `${MARKER}-pin`;

describe('helpdesk report holds no secret', () => {
  let hsm: SoftHsm;
  let core: Core;
  let call: (channel: string, payload: unknown) => Promise<{ ok: boolean; value?: any; error?: { code: string } }>;
  let web: WebPair;
  let dns: DnsResponder;
  let dataDir: string;
  const codes: string[] = [];

  before(async () => {
    // SoftHSM reads SOFTHSM2_CONF once per process: the token exists before the core loads it.
    hsm = createSoftHsm([{ label: 'Helpdesk card', pin: PIN }]);
    process.env.CERTWIZ_PKCS11_MODULE = SOFTHSM_MODULE;
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-report-secrets-'));
    dataDir = path.join(work, 'data');
    web = await startWebPair();
    dns = await startDnsResponder();
    core = createCore({ dataDir, medium: createFallbackProtector(dataDir), shell: 'web', version: 'test', exportDir: path.join(work, 'exports') });
    fs.mkdirSync(path.join(work, 'exports'));
    const dispatch: Dispatcher = createDispatcher(core, () => true);
    call = async (channel, payload) => {
      const r = (await dispatch(channel, payload, { origin: 'app://certwiz', isMainFrame: true })) as { ok: boolean; value?: any; error?: { code: string } };
      if (!r.ok) codes.push(r.error!.code);
      return r;
    };
    errorLog.clear();
  });
  after(async () => {
    await web?.close();
    await dns?.close();
    hsm?.cleanup();
  });

  test('every secret through the real flows, then the report', { timeout: 60_000 }, async (t) => {
    const ok = (r: { ok: boolean; error?: { code: string } }, what: string) => assert.equal(r.ok, true, `${what}: ${r.error?.code}`);
    const fails = (r: { ok: boolean; error?: { code: string } }, code: string) => assert.equal(r.error?.code, code);

    // Key passwords: a High key, signed by the practice CA and installed.
    const csr = await call('csr:create', { profileId: 'generic-server', subject: { cn: 'secret-test.example.com', sans: [] }, keyAlgorithm: 'ec-p256', securityLevel: 'high', password: `${MARKER}-key` });
    ok(csr, 'csr:create');
    const id = csr.value.requestId;
    const signed = await call('practiceCa:sign', { requestId: id });
    ok(signed, 'sign');
    ok(await call('request:complete', { fileName: 'c.pem', dataBase64: Buffer.from(signed.value.certificatePem + signed.value.chainPem.join('')).toString('base64') }), 'complete');
    fails(await call('key:backup', { id, password: `${MARKER}-wrong` }), 'KEY_PASSWORD_INCORRECT');
    ok(await call('key:backup', { id, password: `${MARKER}-key` }), 'backup');
    fails(await call('key:setSecurityLevel', { id, level: 'medium', currentPassword: `${MARKER}-nope` }), 'KEY_PASSWORD_INCORRECT');

    // PFX: export under a marker password, import it back (wrong password first) at High.
    // Moved out (key deleted after the written file verified), so the import brings it back.
    const exp = await call('pfx:export', { id, password: `${MARKER}-pfx`, keyPassword: `${MARKER}-key`, deleteKey: true });
    ok(exp, 'pfx:export');
    const pfxBytes = fs.readFileSync(exp.value.saved.path);
    const pfx64 = pfxBytes.toString('base64');
    // Files cross as bytes, or as a handle from file:upload where the PFX work has that channel.
    const handles = (CHANNELS as string[]).includes('file:upload');
    if (handles && typeof (core as unknown as Record<string, unknown>)['file:upload'] !== 'function') {
      t.diagnostic('file:upload is in the contract but not in the core yet (PFX work in progress): PFX import part skipped');
    } else {
      const pfxFile = async () => {
        if (!handles) return { fileName: 'back.pfx', dataBase64: pfx64 };
        const up = await call('file:upload', { fileName: 'back.pfx', dataBase64: pfx64 });
        ok(up, 'file:upload');
        return { fileId: up.value.fileId };
      };
      fails(await call('pfx:inspect', { ...(await pfxFile()), password: `${MARKER}-bad` }), 'PFX_BAD_PASSWORD');
      fails(await call('pfx:import', { ...(await pfxFile()), password: `${MARKER}-bad`, securityLevel: 'medium' }), 'PFX_BAD_PASSWORD');
      ok(await call('pfx:import', { ...(await pfxFile()), password: `${MARKER}-pfx`, securityLevel: 'high', newPassword: `${MARKER}-new`, exportable: true }), 'pfx:import');
    }
    // A Medium key moved to High with a marker password, and a Medium backup password.
    const med = await call('csr:create', { profileId: 'generic-email', subject: { cn: 'Secret Tester', email: 'tester@example.com', sans: [] }, keyAlgorithm: 'ec-p256', securityLevel: 'medium' });
    ok(med, 'medium csr');
    ok(await call('key:backup', { id: med.value.requestId, backupPassword: `${MARKER}-bk` }), 'medium backup');
    ok(await call('key:setSecurityLevel', { id: med.value.requestId, level: 'high', newPassword: `${MARKER}-lvl` }), 'to high');

    // The card's PIN: wrong, then right (key made on the SoftHSM token).
    const onCard = (pin: string) => call('csr:create', { profileId: 'generic-server', subject: { cn: 'card.example.com', sans: [] }, keyAlgorithm: 'ec-p256', securityLevel: 'high', keyLocation: { kind: 'token', token: 'Helpdesk card', module: SOFTHSM_MODULE, pin } });
    fails(await onCard(`${MARKER}-badpin`), 'PIN_INCORRECT');
    ok(await onCard(PIN), 'card csr');

    // The DCV validation code: instructions, a wrong file and a TXT record that is not it.
    const code = `${MARKER}-dcv`;
    web.routes.set('dcv.example.test', (_q, res) => res.writeHead(200).end('another value'));
    dns.txt.set('dcv.example.test', [['another value']]);
    ok(await call('dcv:instructions', { method: 'http', domains: ['dcv.example.test'], code }), 'instructions');
    fails(await call('dcv:instructions', { method: 'http', domains: ['*.dcv.example.test'], code }), 'DCV_METHOD_NOT_APPLICABLE');
    fails(await call('dcv:check', { method: 'dns', domain: 'bad..name', code }), 'FIELD_INVALID');
    const prevEnv = { ...process.env };
    Object.assign(process.env, { CERTWIZ_DNS_SERVER: `127.0.0.1:${dns.port}`, CERTWIZ_DCV_HTTP_PORT: String(web.http), CERTWIZ_DCV_HTTPS_PORT: String(web.https), CERTWIZ_DCV_CONNECT: '127.0.0.1', CERTWIZ_DCV_TIMEOUT_MS: '2000' });
    try {
      const h = await call('dcv:check', { method: 'http', domain: 'dcv.example.test', code });
      ok(h, 'http check');
      assert.deepEqual(h.value.checks.map((c: { status: string }) => c.status), ['mismatch', 'mismatch']);
      assert.equal((await call('dcv:check', { method: 'dns', domain: 'dcv.example.test', code })).value.checks[0].status, 'mismatch');
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in prevEnv)) delete process.env[k];
    }

    // Registration data the CA's site asks for (voucher passcode, passcode ID, challenge phrase,
    // the 16-digit e-Cert PIN): the flow state refuses them; junk fields in payloads too.
    for (const field of ['voucherPasscode', 'passcodeId', 'challengePhrase', 'ecertPin', 'password']) {
      fails(await call('flow:save', { flowId: 'esigntrust-email', state: { step: 'register', [field]: `${MARKER}-${field}` } }), 'IPC_INVALID_PAYLOAD');
    }
    ok(await call('flow:save', { flowId: 'hkpost-server', state: { step: 'dcv', dcvMethod: 'http', domains: ['dcv.example.test'] } }), 'flow:save');
    fails(await call('app:info', { challenge: MARKER }), 'IPC_INVALID_PAYLOAD');
    fails(await call(`${MARKER}:channel`, {}), 'IPC_UNKNOWN_CHANNEL');
    // A CLI failure recorded in the same data dir (the CLI writes codes only).
    await appendErrorFile(dataDir, 'cli pfx import', 'PFX_BAD_PASSWORD');

    const r = await call('report:get', { flow: 'hkpost-server', step: 'C 4' });
    ok(r, 'report:get');
    const text: string = r.value.text;
    // The report did see what it should.
    assert.match(text, /secret-test\.example\.com/);
    assert.match(text, /card\.example\.com[\s\S]*Key: +on the card "Helpdesk card"/);
    assert.match(text, /"Helpdesk card" SoftHSM project SoftHSM v2, serial [0-9a-f]+/);
    assert.match(text, /Security: High \(password asked on every use\)/);
    for (const c of ['KEY_PASSWORD_INCORRECT', 'PIN_INCORRECT', 'DCV_METHOD_NOT_APPLICABLE', 'IPC_INVALID_PAYLOAD', 'IPC_UNKNOWN_CHANNEL']) {
      assert.match(text, new RegExp(`  ${c}  \\(`), c);
    }
    assert.match(text, /PFX_BAD_PASSWORD +\(cli pfx import\)/);
    assert.ok(codes.length >= 10, 'the wrong attempts were made');

    // ...and nothing secret.
    for (const f of forms(MARKER)) assert.ok(!text.includes(f), `report holds ${f}: ${text.split("\n").filter((l) => l.includes(f)).join(" / ")}`);
    assert.doesNotMatch(text, /-----BEGIN|PRIVATE KEY/);
    assert.ok(!text.includes(pfx64.slice(0, 40)) && !text.includes(pfxBytes.subarray(0, 24).toString('hex')), 'no PFX content');
    const logText = JSON.stringify(errorLog.recent()) + fs.readFileSync(path.join(dataDir, 'error-log.json'), 'utf8');
    for (const f of forms(MARKER)) assert.ok(!logText.includes(f), `error log holds ${f}`);
    // The flow state on disk neither.
    for (const f of fs.readdirSync(path.join(dataDir, 'flows'))) assert.ok(!fs.readFileSync(path.join(dataDir, 'flows', f), 'utf8').includes(MARKER));
  });
});
