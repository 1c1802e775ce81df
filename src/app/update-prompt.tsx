import { useRef, useState } from 'react';
import { useRegisterSW } from 'virtual:pwa-register/react';
import { scheduleUpdateChecks } from './update-checks';

/**
 * Offers a new release when one is waiting; the page keeps running the old one until then. Only
 * the tab where "Reload to update" was pressed reloads: every other open tab is told the new
 * release is active and offered the reload, so no tab loses unsaved text. A long-open tab checks
 * for a release every hour and whenever it comes back into view.
 */
export function UpdatePrompt() {
  const requestedHere = useRef(false);
  /** A release another tab activated: offered here ('shown') until reloaded or put off. */
  const [activeElsewhere, setActiveElsewhere] = useState<'no' | 'shown' | 'later'>('no');
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({
    onNeedReload() {
      if (requestedHere.current) window.location.reload();
      else setActiveElsewhere('shown');
    },
    onRegisteredSW(_url, registration) {
      if (registration) scheduleUpdateChecks(() => void registration.update().catch(() => {}));
    },
  });
  if (activeElsewhere === 'later') return null;
  if (activeElsewhere === 'shown')
    return (
      <div className="notice update-prompt toast" role="status" data-testid="update-prompt">
        A new version of Token Factory was installed from another tab. Reload this tab to use it
        (the view is in its address; text you have not saved is lost).{' '}
        <button type="button" onClick={() => window.location.reload()}>
          Reload this tab
        </button>{' '}
        <button type="button" onClick={() => setActiveElsewhere('later')}>
          Later
        </button>
      </div>
    );
  if (!needRefresh && !offlineReady) return null;
  return (
    <div className="notice update-prompt toast" role="status" data-testid="update-prompt">
      {needRefresh ? (
        <>
          A new version of Token Factory is available.{' '}
          <button
            type="button"
            onClick={() => {
              requestedHere.current = true;
              void updateServiceWorker(true);
            }}
          >
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
