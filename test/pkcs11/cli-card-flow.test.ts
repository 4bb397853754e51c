/**
 * The card flow of the CLI contract (issue 5) against SoftHSM2, with OpenSC's pkcs11-tool and
 * OpenSSL as the independent peers:
 *   csr --token -> practice-ca sign -> complete -> pkcs11-tool lists key and certificate with one
 *   ID; a wrong PIN exits 4 and leaves nothing on the card; pfx import --store token:LABEL.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSoftHsm, serialOf, SOFTHSM_MODULE, type SoftHsm } from './softhsm';

const PIN = '246810';
let hsm: SoftHsm;
let home: string;
before(() => {
  hsm = createSoftHsm([
    { label: 'Flow Card', pin: PIN },
    { label: 'PFX Card', pin: PIN },
    { label: 'Gone Card', pin: PIN },
  ]);
  home = path.join(hsm.dir, 'home');
});
after(() => hsm?.cleanup());

const driver = path.join(__dirname, 'cli-run.ts');
function certwiz(args: string[], env: Record<string, string | undefined> = {}) {
  const e: NodeJS.ProcessEnv = {
    ...hsm.env,
    CERTWIZ_HOME: home,
    HOME: hsm.dir,
    CERTWIZ_PKCS11_MODULE: SOFTHSM_MODULE,
    CERTWIZ_PIN: undefined,
    CERTWIZ_KEY_PASSWORD: undefined,
    ...env,
  };
  for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
  const r = spawnSync(process.execPath, ['--import', 'tsx', driver, ...args], { cwd: path.join(__dirname, '..', '..'), env: e, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** pkcs11-tool's object list for one token, split per object. */
function objectsOn(label: string): string[] {
  const out = hsm.pkcs11Tool(['--token-label', label, '--login', '--pin', PIN, '--list-objects']);
  return out.split(/\n(?=\S)/).filter((b) => /Object;/.test(b));
}
const idOf = (block: string) => /\bID:\s+([0-9a-f]+)/.exec(block)?.[1];
/** An object's DER as pkcs11-tool reads it (through a file: stdout would be decoded as text). */
function readObject(label: string, type: 'pubkey' | 'cert', id: string): Buffer {
  const f = path.join(hsm.dir, `obj-${type}-${id.slice(0, 8)}.der`);
  hsm.pkcs11Tool(['--token-label', label, '--read-object', '--type', type, '--id', id, '--output-file', f]);
  return readFileSync(f);
}

describe('certwiz csr --token, practice CA, complete onto the card', () => {
  const csrFile = () => path.join(hsm.dir, 'card.csr');

  test('token list is registered and names the cards', () => {
    const r = certwiz(['token', 'list', '--json']);
    assert.equal(r.code, 0, r.err);
    const labels = JSON.parse(r.out).tokens.filter((t: { initialized: boolean }) => t.initialized).map((t: { label: string }) => t.label);
    assert.deepEqual(labels.sort(), ['Flow Card', 'Gone Card', 'PFX Card']);
  });

  test('a wrong PIN exits 4 PIN_INCORRECT and leaves no key on the card', () => {
    const r = certwiz(['csr', '--profile', 'generic-server', '--cn', 'card.example.com', '--token', 'Flow Card', '--out', csrFile()], { CERTWIZ_PIN: '999999' });
    assert.equal(r.code, 4, r.err);
    assert.match(r.err, /certwiz: PIN_INCORRECT:/);
    assert.ok(!r.err.includes('999999'));
    assert.equal(objectsOn('Flow Card').length, 0);
  });

  test('a key type the request does not allow on this card is refused before the PIN', () => {
    const r = certwiz(['csr', '--profile', 'generic-server', '--cn', 'card.example.com', '--token', 'No Such Card', '--out', csrFile()], { CERTWIZ_PIN: PIN });
    assert.equal(r.code, 5, r.err);
    assert.match(r.err, /TOKEN_NOT_PRESENT/);
  });

  let requestId = '';
  test('csr --token: key made on the card, CSR signed by it (openssl verifies), no key file', () => {
    const r = certwiz(['csr', '--profile', 'generic-server', '--cn', 'card.example.com', '--key', 'ec-p256', '--token', 'Flow Card', '--out', csrFile(), '--json'], { CERTWIZ_PIN: PIN });
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    requestId = j.requestId;
    assert.deepEqual(j.token, { label: 'Flow Card', serial: serialOf(hsm, 'Flow Card') });
    const v = spawnSync('openssl', ['req', '-in', csrFile(), '-verify', '-noout'], { encoding: 'utf8' });
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout + v.stderr, /verify OK/i);
    // The CSR's public key is the card's.
    const pubOnCard = readObject('Flow Card', 'pubkey', idOf(objectsOn('Flow Card').find((b) => /Public Key/.test(b))!)!);
    const csrSpki = execFileSync('openssl', ['req', '-in', csrFile(), '-pubkey', '-noout', '-outform', 'DER']);
    const cardSpki = execFileSync('openssl', ['pkey', '-pubin', '-inform', 'DER', '-pubout'], { input: pubOnCard });
    assert.equal(cardSpki.toString(), csrSpki.toString());
    const rec = JSON.parse(readFileSync(path.join(home, 'keys', `${requestId}.json`), 'utf8'));
    assert.equal(rec.protection, 'token');
    assert.equal(rec.encryptedKeyPem, undefined);
    assert.equal(rec.token.serial, serialOf(hsm, 'Flow Card'));
    const objs = objectsOn('Flow Card');
    const priv = objs.find((b) => /Private Key Object/.test(b))!;
    assert.ok(priv, objs.join('\n'));
    assert.match(priv, /Access:.*sensitive/);
    assert.match(priv, /never extractable/);
    assert.equal(idOf(priv), rec.token.ckaId);
  });

  test('complete without a PIN and no terminal exits 3, nothing written', () => {
    const cert = path.join(hsm.dir, 'card.pem');
    const s = certwiz(['practice-ca', 'sign', csrFile(), '--out', cert]);
    assert.equal(s.code, 0, s.err);
    const r = certwiz(['complete', cert]);
    assert.equal(r.code, 3, r.err);
    assert.match(r.err, /PASSWORD_REQUIRED/);
    assert.equal(objectsOn('Flow Card').filter((b) => /Certificate Object/.test(b)).length, 0);
  });

  test('complete writes the certificate (and, asked, the chain) onto the card with the key’s ID', () => {
    const cert = path.join(hsm.dir, 'card.pem');
    const r = certwiz(['complete', cert, '--chain-to-card', '--json'], { CERTWIZ_PIN: PIN });
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.entry.status, 'installed');
    assert.equal(j.entry.token.label, 'Flow Card');
    const objs = objectsOn('Flow Card');
    const priv = objs.find((b) => /Private Key Object/.test(b))!;
    const certs = objs.filter((b) => /Certificate Object/.test(b));
    const leaf = certs.find((b) => idOf(b) === idOf(priv));
    assert.ok(leaf, objs.join('\n'));
    assert.match(leaf, /subject:.*card\.example\.com/i);
    // Sub CA and root of the practice CA, under their own key-identifier IDs.
    assert.equal(certs.length, 3, objs.join('\n'));
    const der = readObject('Flow Card', 'cert', idOf(leaf)!);
    const fromCard = execFileSync('openssl', ['x509', '-inform', 'DER', '-outform', 'PEM'], { input: der }).toString();
    assert.equal(fromCard.replace(/\s/g, ''), readFileSync(cert, 'utf8').replace(/\s/g, ''));
    const list = JSON.parse(certwiz(['list', '--json']).out);
    assert.equal(list.entries.find((e: { id: string }) => e.id === requestId).status, 'installed');
  });

  test('a second complete of the same certificate says it is done (exit 1 ALREADY_COMPLETED)', () => {
    const r = certwiz(['complete', path.join(hsm.dir, 'card.pem')], { CERTWIZ_PIN: PIN });
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /ALREADY_COMPLETED/);
  });
});

describe('certwiz pfx import --store token:LABEL', () => {
  test('key and certificate land on the card, private and never extractable', () => {
    const key = path.join(hsm.dir, 'p.key');
    const crt = path.join(hsm.dir, 'p.crt');
    const pfx = path.join(hsm.dir, 'p.p12');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', crt, '-subj', '/CN=PFX to card', '-days', '30'], { stdio: 'pipe' });
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', key, '-in', crt, '-out', pfx, '-passout', 'pass:pfx-pass', '-name', 'My PFX key'], { stdio: 'pipe' });
    const wrong = certwiz(['pfx', 'import', pfx, '--store', 'token:PFX Card'], { CERTWIZ_PFX_PASSWORD: 'pfx-pass', CERTWIZ_PIN: '000000' });
    assert.equal(wrong.code, 4, wrong.err);
    assert.equal(objectsOn('PFX Card').length, 0);
    const r = certwiz(['pfx', 'import', pfx, '--store', 'token:PFX Card', '--json'], { CERTWIZ_PFX_PASSWORD: 'pfx-pass', CERTWIZ_PIN: PIN });
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.imported.length, 1);
    assert.equal(j.imported[0].label, 'My PFX key');
    const objs = objectsOn('PFX Card');
    const priv = objs.find((b) => /Private Key Object/.test(b))!;
    const cert = objs.find((b) => /Certificate Object/.test(b))!;
    assert.ok(priv && cert, objs.join('\n'));
    assert.equal(idOf(priv), j.imported[0].ckaId);
    assert.equal(idOf(cert), idOf(priv));
    // Imported, so not "never extractable" (CKA_NEVER_EXTRACTABLE is false), but not extractable.
    assert.match(priv, /Access:\s+sensitive/);
    assert.doesNotMatch(priv, /extractable/);
    assert.match(priv, /label:\s+My PFX key/);
  });
});

test('the card PIN file is read from --pin-file and never echoed', () => {
  const f = path.join(hsm.dir, 'pin.txt');
  writeFileSync(f, `${PIN}\n`, { mode: 0o600 });
  const r = certwiz(['csr', '--profile', 'generic-server', '--cn', 'pinfile.example.com', '--token', serialOf(hsm, 'Flow Card'), '--pin-file', f, '--out', path.join(hsm.dir, 'pf.csr')]);
  assert.equal(r.code, 0, r.err);
  assert.ok(!r.out.includes(PIN) && !r.err.includes(PIN));
  assert.match(r.err, /Do not remove the card from the reader/);
});

test('complete when the card is not in a reader exits 5 TOKEN_NOT_PRESENT before asking for the PIN; the request stays pending', () => {
  const csr = path.join(hsm.dir, 'gone.csr');
  const cert = path.join(hsm.dir, 'gone.pem');
  const made = certwiz(['csr', '--profile', 'generic-server', '--cn', 'gone.example.com', '--key', 'ec-p256', '--token', 'Gone Card', '--out', csr, '--json'], { CERTWIZ_PIN: PIN });
  assert.equal(made.code, 0, made.err);
  assert.equal(certwiz(['practice-ca', 'sign', csr, '--out', cert]).code, 0);
  // Each CLI run is its own process, so the token can be removed between runs (card pulled).
  execFileSync('softhsm2-util', ['--delete-token', '--token', 'Gone Card'], { env: hsm.env, stdio: 'pipe' });
  const r = certwiz(['complete', cert]); // no PIN given: the card check comes first
  assert.equal(r.code, 5, r.err);
  assert.match(r.err, /TOKEN_NOT_PRESENT/);
  const list = JSON.parse(certwiz(['list', '--json']).out);
  assert.equal(list.entries.find((e: { id: string }) => e.id === JSON.parse(made.out).requestId).status, 'pending');
});
