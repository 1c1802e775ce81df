import { queryOptions } from '@tanstack/react-query';
import { catalogOf } from '../core/catalog';
import { loadCatalogFiles } from '../workers/data-bridge';

/** The shipped catalog (models + hardware), fetched once and validated (in a worker). */
export const catalogQuery = queryOptions({
  queryKey: ['catalog'],
  queryFn: async ({ signal }) =>
    catalogOf(
      await loadCatalogFiles(
        `${import.meta.env.BASE_URL}catalog/models.json`,
        `${import.meta.env.BASE_URL}catalog/hardware.json`,
        signal,
      ),
    ),
  staleTime: Infinity,
  retry: 1,
});
