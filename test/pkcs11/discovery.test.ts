/**
 * Finding middleware on each OS and deciding which key types a token can make, without a token.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findModules, moduleCandidates } from '../../electron/core/pkcs11/modules';
import { keyAlgorithmsFromMechanisms, type MechanismFacts } from '../../electron/core/pkcs11/tokens';

describe('findModules', () => {
  test('Linux: OpenSC before SoftHSM, only files that exist', () => {
    const present = new Set(['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so']);
    assert.deepEqual(findModules('linux', {}, (p) => present.has(p)), [
      '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so',
      '/usr/lib/softhsm/libsofthsm2.so',
    ]);
  });

  test('CERTWIZ_PKCS11_MODULE comes first and is not repeated', () => {
    const env = { CERTWIZ_PKCS11_MODULE: '/usr/lib/softhsm/libsofthsm2.so' };
    assert.deepEqual(findModules('linux', env, (p) => p.includes('softhsm') || p.endsWith('/usr/lib64/libykcs11.so')), [
      '/usr/lib/softhsm/libsofthsm2.so',
      '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
      '/usr/lib/x86_64-linux-gnu/pkcs11/libsofthsm2.so',
      '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
      '/usr/lib/aarch64-linux-gnu/pkcs11/libsofthsm2.so',
      '/usr/lib64/softhsm/libsofthsm2.so',
      '/usr/lib64/pkcs11/libsofthsm2.so',
      '/usr/lib/pkcs11/libsofthsm2.so',
      '/usr/local/lib/softhsm/libsofthsm2.so',
      '/usr/local/lib/pkcs11/libsofthsm2.so',
      '/usr/lib64/libykcs11.so',
    ]);
  });

  test('Windows: Program Files from the environment, backslash paths, YubiKey and SafeNet', () => {
    const c = moduleCandidates('win32', { ProgramFiles: 'D:\\Apps', SystemRoot: 'C:\\WINNT' });
    assert.ok(c.includes('D:\\Apps\\OpenSC Project\\OpenSC\\pkcs11\\opensc-pkcs11.dll'));
    assert.ok(c.includes('D:\\Apps\\Yubico\\Yubico PIV Tool\\bin\\libykcs11.dll'));
    assert.ok(c.includes('C:\\WINNT\\System32\\eTPKCS11.dll'));
    assert.ok(c.includes('C:\\SoftHSM2\\lib\\softhsm2-x64.dll'));
  });

  test('macOS: the OpenSC installer and Homebrew locations', () => {
    const c = moduleCandidates('darwin', {});
    assert.equal(c[0], '/Library/OpenSC/lib/opensc-pkcs11.so');
    assert.ok(c.includes('/opt/homebrew/lib/libykcs11.dylib'));
    assert.ok(c.includes('/usr/local/lib/libeTPkcs11.dylib'));
  });

  test('nothing installed, nothing configured: an empty list', () => {
    assert.deepEqual(findModules('linux', {}, () => false), []);
  });
});

describe('keyAlgorithmsFromMechanisms', () => {
  const GEN = 0x10000;
  const SIGN = 0x800;
  const m = (type: number, flags: number, min = 0, max = 0): MechanismFacts => ({ type, flags, minKeySize: min, maxKeySize: max });

  test('a PIV-like card: RSA up to 2048 and P-256 with raw ECDSA only', () => {
    const mechs = [m(0x0, GEN, 1024, 2048), m(0x1, SIGN, 1024, 2048), m(0x1040, GEN, 256, 384), m(0x1041, SIGN, 256, 384)];
    assert.deepEqual(keyAlgorithmsFromMechanisms(mechs), ['rsa-2048', 'ec-p256', 'ec-p384']);
  });

  test('a card that generates RSA but cannot sign with it offers nothing', () => {
    assert.deepEqual(keyAlgorithmsFromMechanisms([m(0x0, GEN, 1024, 4096), m(0x1, 0x100 /* encrypt only */, 1024, 4096)]), []);
  });

  test('EC limited to P-256 by its size range; CKM_ECDSA_SHA384 missing keeps P-384 out', () => {
    const mechs = [m(0x1040, GEN, 256, 256), m(0x1044, SIGN, 256, 256)];
    assert.deepEqual(keyAlgorithmsFromMechanisms(mechs), ['ec-p256']);
    const wide = [m(0x1040, GEN, 256, 521), m(0x1044, SIGN, 256, 521)];
    assert.deepEqual(keyAlgorithmsFromMechanisms(wide), ['ec-p256']);
  });

  test('sizes reported in bytes (older EC cards) still count', () => {
    assert.deepEqual(keyAlgorithmsFromMechanisms([m(0x1040, GEN, 32, 48), m(0x1041, SIGN, 32, 48)]), ['ec-p256', 'ec-p384']);
  });

  test('SoftHSM2 offers all five', () => {
    const mechs = [m(0x0, GEN, 512, 16384), m(0x40, SIGN, 512, 16384), m(0x1040, GEN, 112, 521), m(0x1041, SIGN, 112, 521)];
    assert.deepEqual(keyAlgorithmsFromMechanisms(mechs), ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256', 'ec-p384']);
  });
});
