import { queryOptions, useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Catalog } from '../core/catalog';
import { isKernelFramework, kernelHardwareId, withKernels } from '../core/catalog';
import type { Framework } from '../core/scenario/schema';
import type { HardwareKernels, KernelFramework } from '../core/kernels/schema';
import { loadKernels } from '../workers/data-bridge';

/** One GPU's measured kernel tables (public/catalog/kernels/<id>.json), fetched when first used:
 * every framework's, or only `framework`'s. */
export const kernelsQuery = (hardwareId: string, framework?: KernelFramework) =>
  queryOptions({
    queryKey: ['kernels', hardwareId, framework ?? 'all'],
    queryFn: ({ signal }): Promise<HardwareKernels> =>
      loadKernels(
        `${import.meta.env.BASE_URL}catalog/kernels/${hardwareId}.json`,
        signal,
        framework,
      ),
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
export function useKernelCatalog(
  catalog: Catalog,
  hardwareIds: readonly string[],
  /** The one engine the view plans with: a GPU with tables of its own loads only that
   * engine's (a quarter of the file); GPUs borrowing a reference's take them all. */
  framework?: Framework,
): KernelCatalog {
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
  const only = framework && isKernelFramework(framework) ? framework : undefined;
  const results = useQueries({
    queries: ids.map((id) =>
      kernelsQuery(id, only && !borrowed(catalog, hardwareIds, id) ? only : undefined),
    ),
  });
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

/** Whether a GPU of the view borrows `id`'s tables as its reference (it then needs them all). */
const borrowed = (catalog: Catalog, hardwareIds: readonly string[], id: string): boolean =>
  hardwareIds.some((h) => h !== id && kernelHardwareId(catalog, h) === id);
