import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCatalog, withBands, withKernels } from '../core/catalog';
import { HardwareKernels, KERNEL_SYSTEMS } from '../core/kernels/schema';
import type { Catalog } from '../core/catalog';
import { MeasurementsFile } from '../core/validation/measurements';
import type { MeasurementRow } from '../core/validation/measurements';

// Plain path functions: a DOM test environment (happy-dom) replaces the global URL class.
const catalogDir = join(dirname(fileURLToPath(import.meta.url)), '../../public/catalog/');

function readJson(name: string): unknown {
  return JSON.parse(readFileSync(catalogDir + name, 'utf8'));
}

let cached: Catalog | undefined;
let cachedWithKernels: Catalog | undefined;

/** One hardware's measured kernel tables (public/catalog/kernels/<id>.json), if shipped. */
export function loadKernelsFromDisk(hardwareId: string): HardwareKernels | null {
  const name = `kernels/${hardwareId}.json`;
  if (!existsSync(catalogDir + name)) return null;
  return HardwareKernels.parse(readJson(name));
}

/**
 * The shipped catalog read from public/catalog (Node: CLI, tests, scripts), with its error bands
 * and every hardware's kernel tables unless `{ kernels: false }` (rooflines only).
 */
export function loadCatalogFromDisk(opts: { kernels?: boolean } = {}): Catalog {
  cached ??= withBands(
    buildCatalog(readJson('models.json'), readJson('hardware.json')),
    readJson('bands.json'),
  );
  if (opts.kernels === false) return cached;
  cachedWithKernels ??= withKernels(
    cached,
    Object.keys(KERNEL_SYSTEMS)
      .map(loadKernelsFromDisk)
      .filter((k): k is HardwareKernels => k !== null),
  );
  return cachedWithKernels;
}

/** The shipped measurements (public/catalog/measurements.json), validated. */
export function loadMeasurementsFromDisk(): MeasurementRow[] {
  const file = MeasurementsFile.parse(readJson('measurements.json'));
  return file.rows as MeasurementRow[];
}
