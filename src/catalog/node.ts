import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCatalog } from '../core/catalog';
import type { Catalog } from '../core/catalog';
import { MeasurementsFile } from '../core/validation/measurements';
import type { MeasurementRow } from '../core/validation/measurements';

// Plain path functions: a DOM test environment (happy-dom) replaces the global URL class.
const catalogDir = join(dirname(fileURLToPath(import.meta.url)), '../../public/catalog/');

function readJson(name: string): unknown {
  return JSON.parse(readFileSync(catalogDir + name, 'utf8'));
}

let cached: Catalog | undefined;

/** The shipped catalog read from public/catalog (Node: CLI, tests, scripts). */
export function loadCatalogFromDisk(): Catalog {
  cached ??= buildCatalog(readJson('models.json'), readJson('hardware.json'));
  return cached;
}

/** The shipped measurements (public/catalog/measurements.json), validated. */
export function loadMeasurementsFromDisk(): MeasurementRow[] {
  const file = MeasurementsFile.parse(readJson('measurements.json'));
  return file.rows as MeasurementRow[];
}
