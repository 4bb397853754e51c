import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, createPublicKey, type KeyObject } from 'node:crypto';
import { openKeyStore } from '../../electron/core/keystore';
import { createFallbackProtector } from '../../electron/core/medium';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-ks-'));
const ecKey = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const form = { cn: 'www.example.com', sans: [] as string[] };

function store() {
  const dir = tmp();
  return { dir, ks: openKeyStore(dir, createFallbackProtector(dir)) };
}

function pending(ks: ReturnType<typeof openKeyStore>, key: KeyObject, level: 'high' | 'medium', password?: string) {
  return ks.savePending({ privateKey: key, csrPem: 'CSR', profileId: 'generic-server', keyAlgorithm: 'ec-p256', securityLevel: level, password, subjectForm: form });
}

/** A self-signed certificate for `key`, made by openssl (the peer) in a temp dir. */
function selfSigned(key: KeyObject): string {
  const d = tmp();
  fs.writeFileSync(path.join(d, 'k.pem'), key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  execFileSync('openssl', ['req', '-x509', '-key', path.join(d, 'k.pem'), '-subj', '/CN=imported.example', '-days', '2', '-out', path.join(d, 'c.pem')]);
  const pem = fs.readFileSync(path.join(d, 'c.pem'), 'utf8');
  fs.rmSync(d, { recursive: true });
  return pem;
}

function opensslPkey(pem: string, pass: string): string {
  const d = tmp();
  fs.writeFileSync(path.join(d, 'b.pem'), pem);
  try {
    return execFileSync('openssl', ['pkey', '-in', path.join(d, 'b.pem'), '-passin', `pass:${pass}`, '-pubout'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  } finally {
    fs.rmSync(d, { recursive: true });
  }
}

const pubPem = (k: KeyObject) => createPublicKey(k).export({ type: 'spki', format: 'pem' }) as string;

describe('key store', () => {
  test('should store a High key as PBES2/PBKDF2-SHA256/AES-256-CBC PKCS#8 that openssl opens with the password', async () => {
    const { dir, ks } = store();
    const key = ecKey();
    const rec = await pending(ks, key, 'high', 'correct horse');
    const file = path.join(dir, 'keys', `${rec.id}.json`);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const onDisk = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.match(onDisk.encryptedKeyPem, /BEGIN ENCRYPTED PRIVATE KEY/);
    assert.equal(onDisk.protection, 'password');
    assert.equal(onDisk.csrPem, 'CSR');
    const asn1 = execFileSync('openssl', ['asn1parse'], { input: onDisk.encryptedKeyPem }).toString();
    for (const oid of ['PBES2', 'PBKDF2', 'hmacWithSHA256', 'aes-256-cbc']) assert.ok(asn1.includes(oid), oid);
    assert.equal(opensslPkey(onDisk.encryptedKeyPem, 'correct horse'), pubPem(key));
    assert.equal((await ks.unlockPrivateKey(rec.id, 'correct horse')).asymmetricKeyType, 'ec');
  });

  test('should refuse a wrong or missing password with stable codes', async () => {
    const { ks } = store();
    const rec = await pending(ks, ecKey(), 'high', 'right');
    await assert.rejects(ks.unlockPrivateKey(rec.id, 'wrong'), { code: 'KEY_PASSWORD_INCORRECT' });
    await assert.rejects(ks.unlockPrivateKey(rec.id), { code: 'PASSWORD_REQUIRED' });
    await assert.rejects(pending(ks, ecKey(), 'high'), { code: 'PASSWORD_REQUIRED' });
    await assert.rejects(ks.unlockPrivateKey('k-nope'), { code: 'NOT_FOUND' });
    await assert.rejects(ks.unlockPrivateKey('../../etc/passwd'), { code: 'NOT_FOUND' });
  });

  test('should keep a Medium key encrypted under a wrapped secret, with the labelled fallback file', async () => {
    const { dir, ks } = store();
    const key = ecKey();
    const rec = await pending(ks, key, 'medium');
    assert.equal(rec.protection, 'fallback-file');
    assert.ok(rec.wrappedSecret);
    assert.match(rec.encryptedKeyPem!, /BEGIN ENCRYPTED PRIVATE KEY/);
    assert.equal(fs.statSync(path.join(dir, 'medium.key')).mode & 0o777, 0o600);
    const unlocked = await ks.unlockPrivateKey(rec.id);
    assert.equal(pubPem(unlocked), pubPem(key));
    // A store copied without medium.key cannot open its Medium keys.
    fs.rmSync(path.join(dir, 'medium.key'));
    const copy = openKeyStore(dir, createFallbackProtector(dir));
    await assert.rejects(copy.unlockPrivateKey(rec.id), { code: 'MEDIUM_PROTECTION_UNAVAILABLE' });
  });

  test('should say which protector a Medium key needs when another one is in use', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-ks-'));
    const fallback = createFallbackProtector(dir);
    // A stand-in for Electron's safeStorage protector (electron/main): same interface.
    const keyring = { kind: 'os-keyring' as const, wrap: fallback.wrap, unwrap: fallback.unwrap };
    const key = ecKey();
    const rec = await pending(openKeyStore(dir, keyring), key, 'medium');
    assert.equal(rec.protection, 'os-keyring');
    assert.equal(pubPem(await openKeyStore(dir, keyring).unlockPrivateKey(rec.id)), pubPem(key));
    await assert.rejects(openKeyStore(dir, fallback).unlockPrivateKey(rec.id), (e: { code: string; params: Record<string, string> }) => e.code === 'MEDIUM_PROTECTION_UNAVAILABLE' && e.params.protection === 'os-keyring');
  });

  test('should back up High as the stored PEM and Medium under a backup password, both opened by openssl', async () => {
    const { ks } = store();
    const k1 = ecKey();
    const high = await pending(ks, k1, 'high', 'pw-high');
    await assert.rejects(ks.backupKeyPem(high.id, 'nope'), { code: 'KEY_PASSWORD_INCORRECT' });
    const b1 = await ks.backupKeyPem(high.id, 'pw-high');
    assert.equal(b1, high.encryptedKeyPem);
    assert.equal(opensslPkey(b1, 'pw-high'), pubPem(k1));
    const k2 = ecKey();
    const med = await pending(ks, k2, 'medium');
    await assert.rejects(ks.backupKeyPem(med.id), { code: 'PASSWORD_REQUIRED' });
    const b2 = await ks.backupKeyPem(med.id, undefined, 'backup-pw');
    assert.equal(opensslPkey(b2, 'backup-pw'), pubPem(k2));
    assert.throws(() => opensslPkey(b2, 'other'));
  });

  test('should change the security level both ways, asking the current password where High', async () => {
    const { ks } = store();
    const key = ecKey();
    const rec = await pending(ks, key, 'medium');
    await assert.rejects(ks.setSecurityLevel(rec.id, 'medium'), { code: 'LEVEL_UNCHANGED' });
    await assert.rejects(ks.setSecurityLevel(rec.id, 'high'), { code: 'PASSWORD_REQUIRED' });
    const high = await ks.setSecurityLevel(rec.id, 'high', undefined, 'new-pw');
    assert.equal(high.securityLevel, 'high');
    assert.equal(high.wrappedSecret, undefined);
    assert.equal(opensslPkey(high.encryptedKeyPem!, 'new-pw'), pubPem(key));
    await assert.rejects(ks.setSecurityLevel(rec.id, 'medium', 'wrong'), { code: 'KEY_PASSWORD_INCORRECT' });
    const back = await ks.setSecurityLevel(rec.id, 'medium', 'new-pw');
    assert.equal(back.securityLevel, 'medium');
    assert.equal(pubPem(await ks.unlockPrivateKey(rec.id)), pubPem(key));
  });

  test('should install a matching certificate, find it by either thumbprint, and refuse a foreign one', async () => {
    const { ks } = store();
    const key = ecKey();
    const rec = await pending(ks, key, 'medium');
    await assert.rejects(ks.install(rec.id, selfSigned(ecKey()), []), { code: 'NO_PENDING_KEY' });
    const certPem = selfSigned(key);
    const inst = await ks.install(rec.id, certPem, []);
    assert.equal(inst.status, 'installed');
    const sha1 = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha1'], { input: certPem }).toString().split('=')[1].trim();
    const sha256 = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256'], { input: certPem }).toString().split('=')[1].trim();
    assert.equal((await ks.get(sha1)).id, rec.id);
    assert.equal((await ks.get(sha256.toLowerCase())).id, rec.id);
    await assert.rejects(ks.install(rec.id, certPem, []), { code: 'ALREADY_COMPLETED' });
    assert.equal((await ks.findPendingBySpki(rec.spkiSha256)), undefined);
  });

  test('should import a restored key with its certificate, once', async () => {
    const { ks } = store();
    const key = ecKey();
    const certPem = selfSigned(key);
    await assert.rejects(
      ks.importKey({ privateKey: ecKey(), certificatePem: certPem, securityLevel: 'medium', exportable: true }),
      { code: 'INVALID_INPUT' },
    );
    const rec = await ks.importKey({ privateKey: key, certificatePem: certPem, securityLevel: 'high', password: 'p', exportable: false, friendlyName: 'Restored' });
    assert.equal(rec.status, 'installed');
    assert.equal(rec.keyAlgorithm, 'ec-p256');
    await assert.rejects(ks.backupKeyPem(rec.id, 'p'), { code: 'INVALID_INPUT' });
    await assert.rejects(
      ks.importKey({ privateKey: key, certificatePem: certPem, securityLevel: 'medium', exportable: true }),
      { code: 'ALREADY_COMPLETED' },
    );
  });

  test('should skip a damaged file in list() and report it as KEY_STORE_CORRUPT on get()', async () => {
    const { dir, ks } = store();
    const rec = await pending(ks, ecKey(), 'medium');
    fs.writeFileSync(path.join(dir, 'keys', 'k-bad.json'), '{"version":1,');
    fs.writeFileSync(path.join(dir, 'keys', '.certwiz-tmp-k-x.json.123'), 'partial');
    assert.deepEqual((await ks.list()).map((r) => r.id), [rec.id]);
    await assert.rejects(ks.get('k-bad'), { code: 'KEY_STORE_CORRUPT' });
    await ks.remove(rec.id);
    assert.deepEqual(await ks.list(), []);
  });
});
