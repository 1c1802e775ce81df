import { queryOptions } from '@tanstack/react-query';
import type { Catalog } from '../core/catalog';
import { catalogOf } from '../core/catalog';
import { loadBandsFile, loadCatalogFiles } from '../workers/data-bridge';

/** The shipped catalog (models + hardware) with its error bands, fetched once and checked in a
 * worker. */
export const catalogQuery = queryOptions({
  queryKey: ['catalog'],
  queryFn: async ({ signal }) => {
    const [files, bands] = await Promise.all([
      loadCatalogFiles(
        `${import.meta.env.BASE_URL}catalog/models.json`,
        `${import.meta.env.BASE_URL}catalog/hardware.json`,
        signal,
      ),
      loadBandsFile(`${import.meta.env.BASE_URL}catalog/bands.json`, signal),
    ]);
    const catalog: Catalog = { ...catalogOf(files), bands };
    return catalog;
  },
  staleTime: Infinity,
  retry: 1,
});
