import type { ReactNode } from 'react';
import { useDeferredValue } from 'react';
import type { CatalogState } from './use-catalog';
import { useCatalog } from './use-catalog';

/** The catalog state once loaded. */
export type CatalogReady = Extract<CatalogState, { status: 'ready' }>;

/** Renders `children` once the catalog (with this browser's custom entries) is loaded. */
export function CatalogGate({ children }: { children: (ready: CatalogReady) => ReactNode }) {
  // Deferred: the view's first render with the catalog is interruptible, in slices, so a slow
  // phone's main thread is never blocked for the whole of it.
  const state = useDeferredValue(useCatalog());
  if (state.status === 'pending')
    return (
      <p className="panel" role="status">
        Loading the catalog…
      </p>
    );
  if (state.status === 'error')
    return (
      <section className="panel" role="alert">
        <h1>The catalog could not be loaded</h1>
        <p>{state.error.message}</p>
        <button type="button" onClick={state.retry}>
          Try again
        </button>
      </section>
    );
  return <>{children(state)}</>;
}
