/**
 * CKR_* → stable codes. SoftHSM never locks a PIN and reports a pulled token as a general error,
 * so these cases are driven with the error objects pkcs11js throws (code number + CKR name).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CertwizError } from '../../shared/errors';
import { ckrName, mapPkcs11Error, pinStatus } from '../../electron/core/pkcs11/errors';
import { checkPinShape } from '../../electron/core/pkcs11/session';
import { pinInfoFromToken } from '../../electron/core/pkcs11/tokens';
import type { PinInfo } from '../../electron/core/pkcs11/types';

/** The shape pkcs11js gives: `Pkcs11Error { message: 'CKR_NAME', code, method }`. */
function pkcs11Error(name: string, code: number): Error {
  return Object.assign(new Error(name), { name: 'Pkcs11Error', code, method: 'C_Login' });
}

const pin = (p: Partial<PinInfo> = {}): PinInfo => ({
  countLow: false,
  finalTry: false,
  locked: false,
  toBeChanged: false,
  initialized: true,
  pinPad: false,
  minLength: 4,
  maxLength: 32,
  ...p,
});

describe('mapPkcs11Error', () => {
  const table: [string, number, string][] = [
    ['CKR_PIN_INCORRECT', 0xa0, 'PIN_INCORRECT'],
    ['CKR_PIN_LOCKED', 0xa4, 'PIN_LOCKED'],
    ['CKR_PIN_LEN_RANGE', 0xa2, 'PIN_INVALID'],
    ['CKR_PIN_INVALID', 0xa1, 'PIN_INVALID'],
    ['CKR_TOKEN_NOT_PRESENT', 0xe0, 'TOKEN_NOT_PRESENT'],
    ['CKR_DEVICE_REMOVED', 0x32, 'TOKEN_NOT_PRESENT'],
    ['CKR_SESSION_HANDLE_INVALID', 0xb3, 'TOKEN_NOT_PRESENT'],
    ['CKR_DEVICE_MEMORY', 0x31, 'TOKEN_FULL'],
    ['CKR_MECHANISM_INVALID', 0x70, 'MECHANISM_NOT_SUPPORTED'],
    ['CKR_KEY_SIZE_RANGE', 0x62, 'MECHANISM_NOT_SUPPORTED'],
    ['CKR_CURVE_NOT_SUPPORTED', 0x140, 'MECHANISM_NOT_SUPPORTED'],
    ['CKR_TEMPLATE_INCONSISTENT', 0xd1, 'MECHANISM_NOT_SUPPORTED'],
    ['CKR_TOKEN_WRITE_PROTECTED', 0xe2, 'TOKEN_ERROR'],
    ['CKR_FUNCTION_CANCELED', 0x50, 'CANCELLED'],
    ['CKR_GENERAL_ERROR', 0x5, 'TOKEN_ERROR'],
    ['CKR_DEVICE_ERROR', 0x30, 'TOKEN_ERROR'],
  ];
  for (const [name, code, expected] of table) {
    test(`${name} becomes ${expected} with the CKR name as reason`, () => {
      const e = mapPkcs11Error(pkcs11Error(name, code), { token: 'Card' });
      assert.ok(e instanceof CertwizError);
      assert.equal(e.code, expected);
      assert.equal(e.params.reason, name);
      assert.equal(e.params.token, 'Card');
    });
  }

  test('the number decides when the message is a vendor text, the name when the number is missing', () => {
    assert.equal(mapPkcs11Error(Object.assign(new Error('vendor says no'), { code: 0xa4 })).code, 'PIN_LOCKED');
    assert.equal(mapPkcs11Error(new Error('CKR_DEVICE_REMOVED')).code, 'TOKEN_NOT_PRESENT');
    assert.equal(ckrName(new Error('CKR_DEVICE_MEMORY:49')), 'DEVICE_MEMORY');
  });

  test('unknown return values are TOKEN_ERROR with the hex value, plain errors TOKEN_ERROR', () => {
    const e = mapPkcs11Error(Object.assign(new Error('x'), { code: 0x80000001 }));
    assert.equal(e.code, 'TOKEN_ERROR');
    assert.equal(e.params.reason, '0x80000001');
    assert.equal(mapPkcs11Error(new TypeError('boom')).code, 'TOKEN_ERROR');
  });

  test('a CertwizError passes through unchanged', () => {
    const orig = new CertwizError('NO_PENDING_KEY', 'x');
    assert.equal(mapPkcs11Error(orig), orig);
  });

  test('after a wrong PIN the token flags decide the message: count low, final try, locked', () => {
    const err = pkcs11Error('CKR_PIN_INCORRECT', 0xa0);
    const low = mapPkcs11Error(err, { pinInfo: pin({ countLow: true }) });
    assert.equal(low.code, 'PIN_INCORRECT');
    assert.equal(low.params.pinStatus, 'count-low');
    const last = mapPkcs11Error(err, { pinInfo: pin({ countLow: true, finalTry: true }) });
    assert.equal(last.code, 'PIN_INCORRECT');
    assert.equal(last.params.pinStatus, 'final-try');
    assert.match(last.message, /One more wrong PIN locks the card/);
    const locked = mapPkcs11Error(err, { pinInfo: pin({ locked: true }) });
    assert.equal(locked.code, 'PIN_LOCKED');
    assert.equal(locked.exitCode, 4);
  });

  test('messages never carry the PIN even when a library puts it in its text', () => {
    const e = mapPkcs11Error(Object.assign(new Error('CKR_PIN_INCORRECT for 4711'), { code: 0xa0 }));
    assert.ok(!JSON.stringify(e.toInfo()).includes('4711'));
  });
});

describe('token flags', () => {
  test('CKF_USER_PIN_COUNT_LOW / FINAL_TRY / LOCKED / TO_BE_CHANGED and pin pad are read', () => {
    const info = pinInfoFromToken({ flags: 0x10000 | 0x20000 | 0x40000 | 0x80000 | 0x100 | 0x8, minPinLen: 4, maxPinLen: 32 });
    assert.deepEqual(info, {
      countLow: true,
      finalTry: true,
      locked: true,
      toBeChanged: true,
      initialized: true,
      pinPad: true,
      minLength: 4,
      maxLength: 32,
    });
    assert.equal(pinStatus(info), 'locked');
    assert.equal(pinStatus(pinInfoFromToken({ flags: 0x8, minPinLen: 4, maxPinLen: 8 })), 'ok');
  });
});

describe('checkPinShape (no try spent on a PIN the card cannot accept)', () => {
  const found = (p: Partial<PinInfo> = {}) => ({ info: { label: 'Certum', pinInfo: pin(p) } }) as never;
  test('Certum: 4 to 32 characters', () => {
    assert.doesNotThrow(() => checkPinShape('1234', found()));
    assert.doesNotThrow(() => checkPinShape('x'.repeat(32), found()));
    assert.throws(() => checkPinShape('123', found()), { code: 'PIN_INVALID' });
    assert.throws(() => checkPinShape('x'.repeat(33), found()), { code: 'PIN_INVALID' });
    assert.throws(() => checkPinShape('', found()), { code: 'PIN_INVALID' });
    assert.throws(() => checkPinShape(undefined, found()), { code: 'PIN_INVALID' });
  });
  test('limits count UTF-8 bytes, as PKCS#11 does', () => {
    assert.throws(() => checkPinShape('ééé', found({ maxLength: 5 })), { code: 'PIN_INVALID' });
  });
  test('a pin-pad reader needs no PIN from us', () => {
    assert.doesNotThrow(() => checkPinShape(undefined, found({ pinPad: true })));
  });
  test('the error names the limits, never the PIN', () => {
    try {
      checkPinShape('12', found());
      assert.fail('should throw');
    } catch (e) {
      assert.deepEqual((e as CertwizError).params, { token: 'Certum', min: 4, max: 32 });
    }
  });
});
