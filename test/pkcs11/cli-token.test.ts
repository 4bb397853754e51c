/**
 * `certwiz token list` and the card PIN rules of the CLI contract (issue 5), against SoftHSM2.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSoftHsm, serialOf, SOFTHSM_MODULE, type SoftHsm } from './softhsm';

let hsm: SoftHsm;
before(() => {
  hsm = createSoftHsm([{ label: 'CLI Card', pin: '5555' }]);
});
after(() => hsm?.cleanup());

const driver = path.join(__dirname, 'cli-driver.ts');
function run(args: string[], env: Record<string, string | undefined> = {}) {
  const e: NodeJS.ProcessEnv = { ...hsm.env, CERTWIZ_HOME: path.join(hsm.dir, 'home'), HOME: hsm.dir, CERTWIZ_PIN: undefined, ...env };
  for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
  const r = spawnSync(process.execPath, ['--import', 'tsx', driver, ...args], { env: e, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('certwiz token list', () => {
  test('--json lists reader, label, manufacturer, model, serial and usable key types', () => {
    const r = run(['list', '--json'], { CERTWIZ_PKCS11_MODULE: SOFTHSM_MODULE });
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.module, SOFTHSM_MODULE);
    const t = j.tokens.find((x: { label: string }) => x.label === 'CLI Card');
    assert.ok(t, r.out);
    assert.equal(t.serial, serialOf(hsm, 'CLI Card'));
    assert.equal(t.manufacturer, 'SoftHSM project');
    assert.equal(t.model, 'SoftHSM v2');
    assert.match(t.slotDescription, /SoftHSM slot/);
    assert.deepEqual(t.keyGenMechanisms, ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256', 'ec-p384']);
    assert.equal(t.pin.status, 'ok');
  });

  test('--module overrides CERTWIZ_PKCS11_MODULE; people get the Certum dialog words', () => {
    const r = run(['list', '--module', SOFTHSM_MODULE], { CERTWIZ_PKCS11_MODULE: '/nonexistent.so' });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /CLI Card\n {2}Reader: +SoftHSM slot/);
    assert.match(r.out, new RegExp(`Card number: +${serialOf(hsm, 'CLI Card')}`));
    assert.match(r.out, /Key types: +rsa-2048, rsa-3072, rsa-4096, ec-p256, ec-p384/);
  });

  test('a library path that does not exist exits 3 FILE_NOT_FOUND, also as JSON', () => {
    const r = run(['list', '--module', '/nonexistent/lib.so', '--json']);
    assert.equal(r.code, 3);
    assert.match(r.err, /certwiz: FILE_NOT_FOUND:/);
    assert.equal(JSON.parse(r.out).error.code, 'FILE_NOT_FOUND');
  });
});

describe('card PIN on the command line', () => {
  test('a wrong PIN from CERTWIZ_PIN exits 4 PIN_INCORRECT without printing it', () => {
    const r = run(['pin', '--module', SOFTHSM_MODULE, '--token', 'CLI Card'], { CERTWIZ_PIN: '9753' });
    assert.equal(r.code, 4, r.err);
    assert.match(r.err, /PIN_INCORRECT/);
    assert.ok(!r.err.includes('9753') && !r.out.includes('9753'));
  });

  test('--pin-file beats CERTWIZ_PIN; the right PIN is accepted', () => {
    const f = path.join(hsm.dir, 'pin.txt');
    writeFileSync(f, '5555\n', { mode: 0o600 });
    const r = run(['pin', '--module', SOFTHSM_MODULE, '--token', 'CLI Card', '--pin-file', f], { CERTWIZ_PIN: '0000' });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /PIN accepted/);
  });

  test('no PIN and no terminal exits 3 PASSWORD_REQUIRED instead of hanging', () => {
    const r = run(['pin', '--module', SOFTHSM_MODULE, '--token', 'CLI Card']);
    assert.equal(r.code, 3);
    assert.match(r.err, /PASSWORD_REQUIRED: The card PIN is needed/);
  });

  test('a card that is not there exits 5 TOKEN_NOT_PRESENT', () => {
    const r = run(['pin', '--module', SOFTHSM_MODULE, '--token', 'Missing Card'], { CERTWIZ_PIN: '5555' });
    assert.equal(r.code, 5);
    assert.match(r.err, /TOKEN_NOT_PRESENT/);
  });
});
