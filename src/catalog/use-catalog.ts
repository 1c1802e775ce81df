import { useQuery } from '@tanstack/react-query';
import { useMemo, useSyncExternalStore } from 'react';
import type { Catalog } from '../core/catalog';
import { withCustom } from '../core/catalog';
import { CustomCatalogStore } from '../state/custom-catalog';
import { catalogQuery } from './queries';

let store: CustomCatalogStore | null = null;
export function customCatalogStore(): CustomCatalogStore {
  store ??= new CustomCatalogStore();
  return store;
}

export type CatalogState =
  | { status: 'pending' }
  | { status: 'error'; error: Error; retry: () => void }
  | {
      status: 'ready';
      catalog: Catalog;
      customModelIds: ReadonlySet<string>;
      customHardwareIds: ReadonlySet<string>;
    };

/** The shipped catalog with this browser's custom models and hardware layered over it. */
export function useCatalog(): CatalogState {
  const q = useQuery(catalogQuery);
  const s = customCatalogStore();
  const custom = useSyncExternalStore(s.subscribe, s.getSnapshot, s.getSnapshot);
  return useMemo((): CatalogState => {
    if (q.isPending) return { status: 'pending' };
    if (q.isError) return { status: 'error', error: q.error, retry: () => void q.refetch() };
    return {
      status: 'ready',
      catalog: withCustom(q.data, custom.models, custom.hardware),
      customModelIds: new Set(custom.models.map((m) => m.id)),
      customHardwareIds: new Set(custom.hardware.map((h) => h.id)),
    };
  }, [q, custom]);
}
