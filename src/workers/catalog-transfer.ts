import type { Catalog } from '../core/catalog';
import type { HardwareKernels } from '../core/kernels/schema';
import { kernelsTextOf } from './kernel-texts';

/** A catalog as it crosses to a worker: its kernel tables as text where their text is known. */
export interface CatalogTransfer {
  catalog: Catalog;
  kernelTexts: Array<[hardwareId: string, text: string]>;
}

export function packCatalog(catalog: Catalog): CatalogTransfer {
  if (!catalog.kernels) return { catalog, kernelTexts: [] };
  const kept = new Map<string, HardwareKernels>();
  const kernelTexts: CatalogTransfer['kernelTexts'] = [];
  for (const [id, k] of catalog.kernels) {
    const text = kernelsTextOf(k);
    if (text === undefined) kept.set(id, k);
    else kernelTexts.push([id, text]);
  }
  return { catalog: { ...catalog, kernels: kept }, kernelTexts };
}

/** The catalog a transfer carried, its kernel tables parsed back (checked where they were
 * loaded: not checked again). */
export function unpackCatalog(t: CatalogTransfer): Catalog {
  if (t.kernelTexts.length === 0) return t.catalog;
  const kernels = new Map(t.catalog.kernels ?? []);
  for (const [id, text] of t.kernelTexts) kernels.set(id, JSON.parse(text) as HardwareKernels);
  return { ...t.catalog, kernels };
}
