import type { CatalogFiles } from '../core/catalog';
import { checkCatalogFiles } from '../core/catalog';

async function fetchJson(url: string, signal?: AbortSignal): Promise<unknown> {
  const res = await fetch(url, { signal: signal ?? null });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

/** Fetches models.json and hardware.json and checks them (a CatalogError says what is wrong). */
export async function readCatalogFiles(
  modelsUrl: string,
  hardwareUrl: string,
  signal?: AbortSignal,
): Promise<CatalogFiles> {
  const [models, hardware] = await Promise.all([
    fetchJson(modelsUrl, signal),
    fetchJson(hardwareUrl, signal),
  ]);
  return checkCatalogFiles(models, hardware);
}
