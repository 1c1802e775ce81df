/** How often a long-open tab asks whether a new release is out (one small request for sw.js). */
export const UPDATE_CHECK_MS = 60 * 60 * 1000;

/**
 * Calls `check` every `intervalMs` while the tab is online, and again whenever the tab comes back
 * into view or back online (a laptop woken after a week). Returns the function that stops it.
 */
export function scheduleUpdateChecks(
  check: () => void,
  intervalMs: number = UPDATE_CHECK_MS,
  win: Window = window,
): () => void {
  const doc = win.document;
  const online = () => win.navigator.onLine !== false;
  const timer = win.setInterval(() => {
    if (online()) check();
  }, intervalMs);
  const onVisible = () => {
    if (doc.visibilityState === 'visible' && online()) check();
  };
  const onOnline = () => check();
  doc.addEventListener('visibilitychange', onVisible);
  win.addEventListener('online', onOnline);
  return () => {
    win.clearInterval(timer);
    doc.removeEventListener('visibilitychange', onVisible);
    win.removeEventListener('online', onOnline);
  };
}
