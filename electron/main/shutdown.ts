/**
 * What the Electron shell releases before the process ends (`will-quit`): every PKCS#11 library
 * is C_Finalize'd (PKCS#11 v2.40 §5.4: "C_Finalize ... should be the last Cryptoki call an
 * application makes"; some middleware keeps the card session and its PIN state open until then)
 * and the PFX worker thread is terminated (electron/core/pkcs12/offthread.ts).
 *
 * All are imported lazily: a run that never touched a card or a PFX loads nothing new, and a
 * missing native module cannot stop the app from quitting (the caller ignores failures). The
 * token workers' module also answers, afterwards, whether a library is still hung (anyLibraryHung).
 */
export async function releaseNativeResources(): Promise<void> {
  const [{ finalizeAll }, { stopPfxWorker }, { hungTokenLibraries }] = await Promise.all([
    import('../core/pkcs11/library'),
    import('../core/pkcs12/offthread'),
    import('../core/pkcs11/offthread'),
  ]);
  hungNow = () => hungTokenLibraries().size > 0;
  try {
    finalizeAll();
  } finally {
    await stopPfxWorker();
  }
}

/**
 * Whether a PKCS#11 library still has a thread stuck in a driver call (offthread.ts
 * `hungTokenLibraries`), synchronous so the quit path can ask again at its last moment. Set by
 * releaseNativeResources, which loads that module anyway; "no" until then (nothing was released,
 * e.g. a custom release in tests).
 */
let hungNow: () => boolean = () => false;
export function anyLibraryHung(): boolean {
  return hungNow();
}

/** SIGKILL (TerminateProcess on Windows): the only end a thread stuck in native code cannot delay. */
export function killHard(): void {
  process.kill(process.pid, 'SIGKILL');
}

/** How long quitting waits for the release before it goes on anyway. */
export const RELEASE_TIMEOUT_MS = 3000;
/** With a hung library: how long the normal quit may take before the process is ended hard. */
export const HUNG_GRACE_MS = 1500;

export interface HardExit {
  /** Asked after the release and again right before the kill (default: anyLibraryHung). */
  hungCheck?: () => boolean;
  kill?: () => void;
  graceMs?: number;
}

/**
 * The `will-quit` listener: the first time, hold the quit (preventDefault), release, then quit
 * again; the second `will-quit` passes. A release that fails or hangs never keeps the app open.
 *
 * A hung card library would still keep it alive: Node joins every worker thread when the
 * environment ends, and a thread inside a driver call that never returns cannot be stopped
 * (measured on Node 20, see offthread.ts markHung), so the process would linger after its windows
 * closed, holding the single-instance lock, and the next start would only focus a ghost. So
 * when a library is still hung after the release, the process ends itself with SIGKILL on the
 * app's `quit` event (the last JS moment of a quit: windows closed, `will-quit` done, before the
 * teardown that would join the worker), or after `graceMs` if that event never comes. There is
 * no double kill with offthread.ts's own guard on process 'exit': a killed process emits no
 * 'exit', and the guard stays the net for a process that ends without this listener (CLI, web
 * shell). Chromium treats the lock of a dead process as stale, so the next start gets it.
 */
export function quitAfterRelease(
  app: { quit(): void; on?(event: 'quit', listener: () => void): unknown },
  release: () => void | Promise<void>,
  timeoutMs = RELEASE_TIMEOUT_MS,
  hard: HardExit = {},
) {
  const { hungCheck = anyLibraryHung, kill = killHard, graceMs = HUNG_GRACE_MS } = hard;
  let state: 'running' | 'releasing' | 'released' = 'running';
  return (event: { preventDefault(): void }) => {
    if (state === 'released') return;
    event.preventDefault();
    if (state === 'releasing') return;
    state = 'releasing';
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
      timer.unref?.();
    });
    void Promise.race([Promise.resolve().then(release), timeout])
      .catch(() => undefined)
      .finally(() => {
        clearTimeout(timer);
        state = 'released';
        if (hung(hungCheck)) {
          let ended = false;
          const end = () => {
            if (ended || !hung(hungCheck)) return;
            ended = true;
            kill();
          };
          try {
            app.on?.('quit', end);
          } catch {
            /* the grace timer still ends it */
          }
          // unref'd: a process that ends normally first (the driver came back) is not held.
          setTimeout(end, graceMs).unref?.();
        }
        app.quit();
      });
  };
}

function hung(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}
