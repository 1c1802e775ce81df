import { queryOptions } from '@tanstack/react-query';
import { catalogOf, withBands } from '../core/catalog';
import { loadCatalogFiles } from '../workers/data-bridge';
import { fetchOk } from './fetch-ok';

/** The shipped catalog (models + hardware, validated in a worker) with its error bands, fetched
 * once. */
export const catalogQuery = queryOptions({
  queryKey: ['catalog'],
  queryFn: async ({ signal }) => {
    const [files, bands] = await Promise.all([
      loadCatalogFiles(
        `${import.meta.env.BASE_URL}catalog/models.json`,
        `${import.meta.env.BASE_URL}catalog/hardware.json`,
        signal,
      ),
      fetchOk(`${import.meta.env.BASE_URL}catalog/bands.json`, signal).then((r) => r.json()),
    ]);
    return withBands(catalogOf(files), bands);
  },
  staleTime: Infinity,
  retry: 1,
});
