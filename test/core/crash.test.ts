import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createCore } from '../../electron/core/service';
import { createFallbackProtector } from '../../electron/core/medium';

const child = path.join(__dirname, 'fixtures', 'csr-child.ts');

/** Runs the child until a stdout line starts with `killAt`, SIGKILLs it, returns that line. */
function runAndKill(home: string, killAt: string, alg = 'rsa-4096'): Promise<{ line: string; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, alg], { env: { ...process.env, CERTWIZ_HOME: home }, stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    let hit = '';
    p.stdout.on('data', (d) => {
      buf += d;
      const line = buf.split('\n').find((l) => l.startsWith(killAt));
      if (line && !hit) {
        hit = line;
        p.kill('SIGKILL');
      }
    });
    p.on('error', reject);
    p.on('exit', (_code, signal) => (hit ? resolve({ line: hit, signal }) : reject(new Error(`child ended before ${killAt}: ${buf}`))));
  });
}

const keyFiles = (home: string) => (fs.existsSync(path.join(home, 'keys')) ? fs.readdirSync(path.join(home, 'keys')) : []);

describe('nothing lost when the process is killed', () => {
  test('should leave nothing when killed during key generation', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-crash-'));
    const r = await runAndKill(home, 'stage:keygen');
    assert.equal(r.signal, 'SIGKILL');
    assert.deepEqual(keyFiles(home), []);
  });

  test('should leave nothing when killed between key generation and saving', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-crash-'));
    const r = await runAndKill(home, 'stage:csr', 'ec-p256');
    assert.equal(r.signal, 'SIGKILL');
    const core = createCore({ dataDir: home, medium: createFallbackProtector(home), shell: 'cli', version: 't' });
    // Either nothing, or (if the rename won the race with the signal) one complete pending request.
    const list = await core['certs:list']({});
    assert.ok(list.length <= 1);
    assert.ok(keyFiles(home).every((f) => f.endsWith('.json') && !f.startsWith('.')), keyFiles(home).join(','));
  });

  test('should leave a complete pending request that still completes when killed right after the CSR is shown', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-crash-'));
    const r = await runAndKill(home, 'csr:', 'ec-p256');
    assert.equal(r.signal, 'SIGKILL');
    const [, id, csrB64] = r.line.split(':');
    const core = createCore({ dataDir: home, medium: createFallbackProtector(home), shell: 'cli', version: 't' });
    const list = await core['certs:list']({});
    assert.deepEqual(list.map((e) => [e.id, e.status]), [[id, 'pending']]);
    assert.equal((await core.keystore.get(id)).csrPem, Buffer.from(csrB64, 'base64').toString());
    const issued = await core['practiceCa:sign']({ requestId: id });
    const done = await core['request:complete']({ fileName: 'c.pem', dataBase64: Buffer.from(issued.certificatePem).toString('base64') });
    assert.equal(done.entry.status, 'installed');
    assert.equal((await core.keystore.unlockPrivateKey(id)).asymmetricKeyType, 'ec');
  });
});
