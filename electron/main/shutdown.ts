/**
 * What the Electron shell releases before the process ends (`will-quit`): every PKCS#11 library
 * is C_Finalize'd (PKCS#11 v2.40 §5.4: "C_Finalize ... should be the last Cryptoki call an
 * application makes"; some middleware keeps the card session and its PIN state open until then)
 * and the PFX worker thread is terminated (electron/core/pkcs12/offthread.ts).
 *
 * Both are imported lazily: a run that never touched a card or a PFX loads nothing new, and a
 * missing native module cannot stop the app from quitting (the caller ignores failures).
 */
export async function releaseNativeResources(): Promise<void> {
  const [{ finalizeAll }, { stopPfxWorker }] = await Promise.all([import('../core/pkcs11/library'), import('../core/pkcs12/offthread')]);
  try {
    finalizeAll();
  } finally {
    await stopPfxWorker();
  }
}

/** How long quitting waits for the release before it goes on anyway. */
export const RELEASE_TIMEOUT_MS = 3000;

/**
 * The `will-quit` listener: the first time, hold the quit (preventDefault), release, then quit
 * again; the second `will-quit` passes. A release that fails or hangs never keeps the app open.
 */
export function quitAfterRelease(app: { quit(): void }, release: () => void | Promise<void>, timeoutMs = RELEASE_TIMEOUT_MS) {
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
        app.quit();
      });
  };
}
