/**
 * Cards coming and going, and cards that share a label, against SoftHSM2.
 *
 * SoftHSM only discovers tokens at C_Initialize, so insertion cannot be simulated in-process;
 * deleting a token's files is how it "pulls" one.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createSoftHsm, serialOf, SOFTHSM_MODULE, type SoftHsm } from './softhsm';

let hsm: SoftHsm;
let core: typeof import('../../electron/core/pkcs11');
before(async () => {
  hsm = createSoftHsm([
    { label: 'Stays', pin: '1111' },
    { label: 'Pulled', pin: '2222' },
    { label: 'Twin', pin: '3333' },
    { label: 'Twin', pin: '4444' },
  ]);
  core = await import('../../electron/core/pkcs11');
});
after(() => {
  core?.finalizeAll();
  hsm?.cleanup();
});

const labels = (ts: { label: string; initialized: boolean }[]) => ts.filter((t) => t.initialized).map((t) => t.label).sort();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('two cards with one label', () => {
  test('the label alone is refused (never a guess); the serial picks one', async () => {
    assert.throws(() => core.findToken('Twin', SOFTHSM_MODULE), (e: any) => {
      assert.equal(e.code, 'INVALID_INPUT');
      assert.equal(String(e.params.serials).split(', ').length, 2);
      return true;
    });
    const serials = core.listTokens(SOFTHSM_MODULE).filter((t) => t.label === 'Twin').map((t) => t.serial);
    const second = serials[1];
    // The PIN is the second card's: proves the serial reached the right card.
    const right = await core.generateKeyOnToken({ module: SOFTHSM_MODULE, token: second, pin: '4444', alg: 'ec-p256', label: 'by serial' }).catch((e) => e);
    const wrong = await core.generateKeyOnToken({ module: SOFTHSM_MODULE, token: second, pin: '3333', alg: 'ec-p256', label: 'by serial' }).catch((e) => e);
    // SoftHSM assigns both Twin tokens PINs we set in order; one of the two must be right.
    assert.ok(('ckaId' in right) !== ('ckaId' in wrong), 'exactly one PIN opens the card chosen by serial');
    assert.equal(('ckaId' in right ? wrong : right).code, 'PIN_INCORRECT');
  });
});

describe('watchTokens', () => {
  test('reports the list at once, and again when a card is pulled; stop() ends it', async () => {
    const seen: string[][] = [];
    const stop = core.watchTokens(SOFTHSM_MODULE, (t) => seen.push(labels(t)), { intervalMs: 50 });
    assert.deepEqual(seen, [['Pulled', 'Stays', 'Twin', 'Twin']]);
    execFileSync('softhsm2-util', ['--delete-token', '--serial', serialOf(hsm, 'Pulled')], { env: hsm.env, stdio: 'pipe' });
    for (let i = 0; i < 100 && seen.length < 2; i++) await sleep(50);
    stop();
    assert.deepEqual(seen.at(-1), ['Stays', 'Twin', 'Twin']);
    const n = seen.length;
    await sleep(200);
    assert.equal(seen.length, n, 'no calls after stop()');
  });

  test('an operation on the pulled card is TOKEN_NOT_PRESENT', async () => {
    const err = await core.generateKeyOnToken({ module: SOFTHSM_MODULE, token: 'Pulled', pin: '2222', alg: 'ec-p256', label: 'x' }).catch((e) => e);
    assert.equal(err.code, 'TOKEN_NOT_PRESENT');
  });
});
