import { queryOptions } from '@tanstack/react-query';
import { buildCatalog } from '../core/catalog';

async function fetchJson(name: string, signal: AbortSignal): Promise<unknown> {
  const url = `${import.meta.env.BASE_URL}catalog/${name}`;
  const res = await fetch(url, { signal });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

/** The shipped catalog (models + hardware), fetched once and validated. */
export const catalogQuery = queryOptions({
  queryKey: ['catalog'],
  queryFn: async ({ signal }) => {
    const [models, hardware] = await Promise.all([
      fetchJson('models.json', signal),
      fetchJson('hardware.json', signal),
    ]);
    return buildCatalog(models, hardware);
  },
  staleTime: Infinity,
  retry: 1,
});
