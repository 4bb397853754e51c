import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import {
  IMPORT_CERTS_SCRIPT,
  IMPORT_CRL_SCRIPT,
  IMPORT_PFX_SCRIPT,
  LIST_SCRIPT,
  REMOVE_SCRIPT,
  WindowsStore,
  elevationHint,
  powershellArgs,
  type Runner,
} from '../../electron/core/stores/windows';
import { parseCertutilStore, parseGetChildItemTable, parseJsonList } from '../../electron/core/stores/windows-parse';
import type { RunOptions } from '../../electron/core/stores/exec';

const FIX = join(import.meta.dirname, 'fixtures');
const fixture = (n: string) => readFileSync(join(FIX, n), 'utf8');
const der = (n: string) => new Uint8Array(Buffer.from(fixture(n).replace(/-----[^-]+-----|\s/g, ''), 'base64'));
const sha1 = (d: Uint8Array) => createHash('sha1').update(d).digest('hex');

interface Call {
  cmd: string;
  args: string[];
  script?: string;
  input?: Record<string, unknown>;
}

function fakeRunner(replies: { stdout?: string; stderr?: string; code?: number }[]): { run: Runner; calls: Call[] } {
  const calls: Call[] = [];
  const run: Runner = async (cmd: string, args: string[], options?: RunOptions) => {
    const enc = args[args.indexOf('-EncodedCommand') + 1];
    calls.push({
      cmd,
      args,
      script: args.includes('-EncodedCommand') ? Buffer.from(enc, 'base64').toString('utf16le') : undefined,
      input: options?.input ? JSON.parse(new TextDecoder().decode(options.input)) : undefined,
    });
    const r = replies.shift() ?? {};
    return { code: r.code ?? 0, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  };
  return { run, calls };
}

describe('Windows command lines', () => {
  test('powershell argv is fixed and the script travels UTF-16LE base64 encoded', () => {
    const args = powershellArgs('Write-Output 1');
    assert.deepEqual(args.slice(0, 6), ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    assert.equal(args[6], 'VwByAGkAdABlAC0ATwB1AHQAcAB1AHQAIAAxAA==');
  });

  test('import of a Sub CA and a confirmed root: one run, CA and Root stores, DER in stdin JSON', async () => {
    const { run, calls } = fakeRunner([
      { stdout: JSON.stringify([{ Store: 'CA', Thumbprint: 'A', Subject: 's' }, { Store: 'Root', Thumbprint: 'B', Subject: 'r' }]) },
    ]);
    const store = new WindowsStore('LocalMachine', run);
    const placed = await store.importCertificates([
      { der: der('practice-sub.pem'), options: { location: 'intermediate' } },
      { der: der('practice-root.pem'), options: { location: 'root' } },
    ]);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].cmd, 'powershell.exe');
    assert.equal(calls[0].script, IMPORT_CERTS_SCRIPT);
    assert.equal(calls[0].input?.location, 'LocalMachine');
    const items = calls[0].input?.items as { store: string; der: string }[];
    assert.deepEqual(items.map((i) => i.store), ['CA', 'Root']);
    assert.equal(items[0].der, Buffer.from(der('practice-sub.pem')).toString('base64'));
    assert.deepEqual(placed.map((p) => p.location), ['intermediate', 'root']);
    assert.match(IMPORT_CERTS_SCRIPT, /catch \{ Remove-Added \$added; throw \}/, 'batch is rolled back on failure');
  });

  test('PFX: password only in stdin, exportable and strong protection map to key storage flags', async () => {
    const { run, calls } = fakeRunner([{ stdout: '[{"Store":"My","Thumbprint":"AB","Subject":"CN=localhost"}]' }]);
    const store = new WindowsStore('CurrentUser', run);
    await store.importPfx(new Uint8Array([1, 2, 3]), 'pfx-secret', { exportable: true, securityLevel: 'high' });
    assert.ok(!calls[0].args.join(' ').includes('pfx-secret'), 'password never in argv');
    assert.equal(calls[0].script, IMPORT_PFX_SCRIPT);
    assert.deepEqual(calls[0].input, {
      location: 'CurrentUser',
      pfx: 'AQID',
      password: 'pfx-secret',
      exportable: true,
      userProtected: true,
      trustRoot: false,
    });
    assert.match(IMPORT_PFX_SCRIPT, /\$F::UserProtected/);
    assert.match(IMPORT_PFX_SCRIPT, /\$F::Exportable/);
    assert.match(IMPORT_PFX_SCRIPT, /if \(-not \$req\.trustRoot\) \{ continue \}/, 'roots skipped unless confirmed');
    await assert.rejects(new WindowsStore('LocalMachine', run).importPfx(new Uint8Array([1]), 'x', { securityLevel: 'high' }), {
      code: 'INVALID_INPUT',
    });
  });

  test('CRL goes to the CA store through certutil -user -addstore', async () => {
    const { run, calls } = fakeRunner([{ stdout: '[{"Store":"CA"}]' }]);
    const crl = readFileSync(join(FIX, '..', 'fixtures', 'practice-root.pem')); // any bytes fail first:
    await assert.rejects(new WindowsStore('CurrentUser', run).importCrl(new Uint8Array(crl)), { code: 'CRL_INVALID' });
    assert.equal(calls.length, 0, 'nothing runs for a CRL that does not parse');
    assert.match(IMPORT_CRL_SCRIPT, /@\('-f', '-user', '-addstore'\)/);
    assert.match(IMPORT_CRL_SCRIPT, /& certutil\.exe @a 'CA' \$f/);
  });

  test('remove by SHA-1 searches My, CA and Root', async () => {
    const { run, calls } = fakeRunner([{ stdout: '[{"Removed":1}]' }]);
    await new WindowsStore('CurrentUser', run).remove('54:9e:d2:65:81:fd:8b:33:d4:50:5c:0d:40:f8:cd:6a:af:ae:e3:63');
    assert.equal(calls[0].script, REMOVE_SCRIPT);
    assert.deepEqual(calls[0].input, { location: 'CurrentUser', thumbprint: '549ED26581FD8B33D4505C0D40F8CD6AAFAEE363', stores: ['My', 'CA', 'Root'] });
  });

  test('elevation hint is a runnable Start-Process line', () => {
    assert.equal(
      elevationHint(['store', 'import', 'C:\\Users\\a b\\sub.crt', '--store', 'windows:LocalMachine']),
      `Start-Process -Verb RunAs -FilePath certwiz -ArgumentList "store import 'C:\\\\Users\\\\a b\\\\sub.crt' --store windows:LocalMachine"`,
    );
  });
});

describe('Windows outputs (recorded samples)', () => {
  test('list JSON: three stores, keys, thumbprints recomputed from the raw certificate', async () => {
    const { run, calls } = fakeRunner([{ stdout: fixture('windows-list.json') }]);
    const list = await new WindowsStore('CurrentUser', run).list();
    assert.equal(calls[0].script, LIST_SCRIPT);
    assert.deepEqual(list.map((e) => e.location), ['personal', 'intermediate', 'root']);
    assert.deepEqual(list.map((e) => e.hasKey), [true, false, false]);
    assert.equal(list[1].sha1, sha1(der('practice-sub.pem')));
    assert.equal(list[2].trust, 'trusted');
    assert.equal(list[2].selfSigned, true);
    assert.equal(list[0].handle, `Cert:\\CurrentUser\\My\\${sha1(der('practice-leaf.pem')).toUpperCase()}`);
  });

  test('ConvertTo-Json single object and empty output', () => {
    assert.equal(parseJsonList(fixture('windows-list-single.json')).length, 1);
    assert.deepEqual(parseJsonList(''), []);
    assert.throws(() => parseJsonList('<html>'), { code: 'STORE_TOOL_FAILED' });
  });

  test('certutil -store: certificates with and without keys, and the CRL', () => {
    const ca = parseCertutilStore(fixture('certutil-user-store-ca.txt'));
    assert.equal(ca.length, 2);
    assert.equal(ca[0].kind, 'certificate');
    assert.equal(ca[0].sha1, sha1(der('practice-sub.pem')));
    assert.equal(ca[0].subject, 'CN=Practice Sub CA 3 - 17, O=Certwiz Test');
    assert.equal(ca[0].hasKey, false);
    assert.equal(ca[1].kind, 'crl');
    assert.equal(ca[1].issuer, 'CN=Practice Root CA 3, O=Certwiz Test');
    assert.equal(ca[1].nextUpdate, '22/12/2026 07:57');
    const my = parseCertutilStore(fixture('certutil-user-store-my.txt'));
    assert.equal(my[0].hasKey, true);
    assert.equal(my[0].serialNumber, '3001');
  });

  test('Get-ChildItem table', () => {
    const rows = parseGetChildItemTable(fixture('get-childitem-currentuser-my.txt'));
    assert.deepEqual(rows, [{ thumbprint: sha1(der('practice-leaf.pem')), subject: 'CN=localhost, O=Certwiz Test', store: 'CurrentUser\\My' }]);
  });

  test('errors: access denied on LocalMachine says how to elevate; bad PFX password', async () => {
    const denied = fakeRunner([{ code: 1, stderr: fixture('windows-error-access-denied.txt') }]);
    await assert.rejects(
      new WindowsStore('LocalMachine', denied.run).importCertificates([{ der: der('practice-sub.pem'), options: { location: 'intermediate' } }]),
      (e: { code: string; message: string; params: Record<string, string> }) =>
        e.code === 'STORE_READ_ONLY' && /Run as administrator/.test(e.message) && e.params.reason === 'needs-admin',
    );
    const bad = fakeRunner([{ code: 1, stderr: fixture('windows-error-bad-password.txt') }]);
    await assert.rejects(new WindowsStore('CurrentUser', bad.run).importPfx(new Uint8Array([1]), 'x'), { code: 'PFX_BAD_PASSWORD' });
  });
});
