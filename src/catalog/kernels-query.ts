import { queryOptions, useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Catalog } from '../core/catalog';
import { kernelHardwareId, withKernels } from '../core/catalog';
import type { HardwareKernels } from '../core/kernels/schema';
import { HardwareKernels as HardwareKernelsSchema } from '../core/kernels/schema';

/** One GPU's measured kernel tables (public/catalog/kernels/<id>.json), fetched when first used. */
export const kernelsQuery = (hardwareId: string) =>
  queryOptions({
    queryKey: ['kernels', hardwareId],
    queryFn: async ({ signal }): Promise<HardwareKernels> => {
      const url = `${import.meta.env.BASE_URL}catalog/kernels/${hardwareId}.json`;
      const res = await fetch(url, { signal });
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      const parsed = HardwareKernelsSchema.safeParse(await res.json());
      if (!parsed.success) throw new Error(`${url}: not a kernel table file`);
      return parsed.data;
    },
    staleTime: Infinity,
    retry: 1,
  });

export interface KernelCatalog {
  catalog: Catalog;
  /** Hardware whose tables are still loading (their figures wait for them). */
  pending: readonly string[];
}

/**
 * The catalog with the measured kernel tables the given hardware is priced with (its own, or a
 * reference GPU's for the kernels' launch latency). Figures priced before the tables arrive
 * would change when they do, so views wait while `pending` is not empty.
 */
export function useKernelCatalog(catalog: Catalog, hardwareIds: readonly string[]): KernelCatalog {
  // A GPU's own tables, or for one without them (AMD, H20, H800, custom hardware) those of a
  // measured GPU of its class, whose kernels' launch latency it is priced with.
  const ids = useMemo(
    () =>
      [
        ...new Set(
          hardwareIds.flatMap((id) => {
            const k = kernelHardwareId(catalog, id);
            return k ? [k] : [];
          }),
        ),
      ].sort(),
    [catalog, hardwareIds],
  );
  const results = useQueries({ queries: ids.map((id) => kernelsQuery(id)) });
  const loaded = results.map((r) => r.data ?? null);
  const key = loaded.map((d) => (d ? d.hardware : '')).join(',');
  const pendingKey = ids.filter((_, i) => results[i]!.isPending).join(',');
  return useMemo(
    () => ({
      catalog: withKernels(
        catalog,
        loaded.filter((d): d is HardwareKernels => d !== null),
      ),
      pending: pendingKey ? pendingKey.split(',') : [],
    }),
    // `loaded` changes identity every render; its content is `key`.
    [catalog, key, pendingKey],
  );
}
