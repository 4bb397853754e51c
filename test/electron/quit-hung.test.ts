/**
 * The real quit path (shutdown.ts releaseNativeResources + quitAfterRelease, default hung check
 * and kill) in a child process with a card driver that really never returns (the C shim over
 * SoftHSM of test/pkcs11/slow-module.ts sleeping in C_GetSlotList). The child keeps its event
 * loop alive like Electron's message loop and emits the app's 'quit' after quit(), as Electron
 * does. With a hung driver it must die by SIGKILL at that 'quit' — before process 'exit', so it is
 * this listener and not offthread.ts's exit guard that ends it; with a healthy driver it must end
 * normally (no kill).
 */
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSoftHsm, SOFTHSM_MODULE, type SoftHsm } from '../pkcs11/softhsm';
import { buildSlowModule } from '../pkcs11/slow-module';

const root = path.resolve(__dirname, '../..');
let hsm: SoftHsm;
let slow: string | undefined;

before(() => {
  hsm = createSoftHsm([{ label: 'Quit Card', pin: '11223344' }]);
  slow = buildSlowModule(hsm.dir);
});
after(() => hsm?.cleanup());

function runChild(hang: boolean) {
  const script = path.join(hsm.dir, `quit-child-${hang ? 'hung' : 'ok'}.ts`);
  writeFileSync(
    script,
    `import { EventEmitter } from 'node:events';
    import * as p11 from ${JSON.stringify(path.join(root, 'electron/core/pkcs11/index.ts'))};
    import { quitAfterRelease, releaseNativeResources } from ${JSON.stringify(path.join(root, 'electron/main/shutdown.ts'))};
    (async () => {
      await p11.listTokensAsync(${JSON.stringify(slow)});
      if (${hang}) {
        process.env.SLOW_P11_MS = '120000';
        p11.setTokenWorkerOptions({ timeoutMs: 500 });
        const e: any = await p11.listTokensAsync(${JSON.stringify(slow)}).catch((err) => err);
        console.log(e.code);
      }
      const messageLoop = setInterval(() => undefined, 1000);
      const app: any = new EventEmitter();
      app.quit = () => {
        console.log('quit');
        clearInterval(messageLoop);
        setImmediate(() => app.emit('quit'));
      };
      // First in line, ahead of offthread.ts's exit guard (registered when the driver hung):
      // 'exit' printed means the process got as far as exiting, i.e. this listener did not end it.
      process.prependListener('exit', () => console.log('exit'));
      quitAfterRelease(app, releaseNativeResources)({ preventDefault() {} });
    })();`,
  );
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: root, env: { ...hsm.env, SLOW_P11_REAL: SOFTHSM_MODULE }, encoding: 'utf8', timeout: 40_000 });
  return { ...r, ms: Date.now() - t0, lines: r.stdout.trim().split('\n') };
}

describe('quit with a card driver stuck in a call (real worker, real SIGKILL)', () => {
  test('hung: the process ends by SIGKILL on the quit event, before exit, within seconds', { timeout: 60_000 }, (t) => {
    if (!slow) return t.skip('gcc or p11-kit headers missing');
    const r = runChild(true);
    assert.deepEqual(r.lines, ['TOKEN_TIMEOUT', 'quit'], r.stderr);
    assert.equal(r.signal, 'SIGKILL', 'ended hard instead of waiting two minutes for the driver');
    assert.ok(r.ms < 20_000, `ended after ${r.ms} ms`);
  });

  test('healthy driver: the same quit ends normally, without a kill', { timeout: 60_000 }, (t) => {
    if (!slow) return t.skip('gcc or p11-kit headers missing');
    const r = runChild(false);
    assert.deepEqual(r.lines, ['quit', 'exit'], r.stderr);
    assert.equal(r.signal, null);
    assert.equal(r.status, 0);
  });
});
