import { useRegisterSW } from 'virtual:pwa-register/react';

/** Offers a new release when one is waiting; the page keeps running the old one until then. */
export function UpdatePrompt() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW();
  if (!needRefresh && !offlineReady) return null;
  return (
    <div className="notice update-prompt" role="status" data-testid="update-prompt">
      {needRefresh ? (
        <>
          A new version of Token Factory is available.{' '}
          <button type="button" onClick={() => void updateServiceWorker(true)}>
            Reload to update
          </button>{' '}
          <button type="button" onClick={() => setNeedRefresh(false)}>
            Later
          </button>
        </>
      ) : (
        <>
          Token Factory now works offline.{' '}
          <button type="button" onClick={() => setOfflineReady(false)}>
            OK
          </button>
        </>
      )}
    </div>
  );
}
