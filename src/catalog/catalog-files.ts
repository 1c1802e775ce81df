import type { CatalogFiles } from '../core/catalog';
import { checkBandsFile, checkCatalogFiles } from '../core/catalog';
import type { BandsFile } from '../core/bands-file';
import { fetchOk } from './fetch-ok';

const fetchJson = async (url: string, signal?: AbortSignal): Promise<unknown> =>
  (await fetchOk(url, signal)).json();

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

/** Fetches bands.json and checks it (a CatalogError says what is wrong). */
export async function readBandsFile(url: string, signal?: AbortSignal): Promise<BandsFile> {
  return checkBandsFile(await fetchJson(url, signal));
}
