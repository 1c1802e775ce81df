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
  // The query result is a new object every render; its fields are stable. Depending on them keeps
  // the catalog (and every figure computed from it) the same object until the data changes.
  const { data, error, refetch } = useQuery(catalogQuery);
  const s = customCatalogStore();
  const custom = useSyncExternalStore(s.subscribe, s.getSnapshot, s.getSnapshot);
  return useMemo((): CatalogState => {
    if (error) return { status: 'error', error, retry: () => void refetch() };
    if (!data) return { status: 'pending' };
    return {
      status: 'ready',
      catalog: withCustom(data, custom.models, custom.hardware),
      customModelIds: new Set(custom.models.map((m) => m.id)),
      customHardwareIds: new Set(custom.hardware.map((h) => h.id)),
    };
  }, [data, error, refetch, custom]);
}
