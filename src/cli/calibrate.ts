/**
 * `npm run calibrate` — fits the calibration (achievable fractions of peak per hardware
 * generation, overheads and batch limits per framework, MoE imbalance, collective latency) to
 * every measurement in public/catalog/measurements.json and writes src/core/perf/calibration.json.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCatalogFromDisk, loadMeasurementsFromDisk } from '../catalog/node';
import { PRIOR } from '../core/perf/calibration';
import { CalibrationFile } from '../core/perf/calibration-file';
import { fitCalibration, fitPoints } from '../core/validation/fit';

const out = fileURLToPath(new URL('../core/perf/calibration.json', import.meta.url));
const catalog = loadCatalogFromDisk();
const { points, errors } = fitPoints(loadMeasurementsFromDisk(), catalog);
if (errors.length) {
  console.error(`calibrate: ${errors.length} rows could not be prepared:\n${errors.join('\n')}`);
  process.exit(1);
}
const t0 = performance.now();
const fit = fitCalibration(points, PRIOR, {
  onIteration: (i, cost) => console.error(`  iteration ${i + 1}: cost ${cost.toFixed(3)}`),
});
const seconds = (performance.now() - t0) / 1000;
console.log(
  `fitted ${fit.parameters.length} parameters to ${points.length} points in ${seconds.toFixed(1)} s (${fit.iterations} iterations)`,
);
console.log('parameter'.padEnd(34) + 'prior'.padStart(10) + 'fitted'.padStart(10));
for (const p of fit.parameters)
  console.log(
    p.name.padEnd(34) + p.prior.toPrecision(3).padStart(10) + p.fitted.toPrecision(3).padStart(10),
  );
/** The fit to 5 significant digits: the shipped figures move by under 0.01%, and the app's
 * first-paint bundle carries 5 digits of each parameter rather than 17. */
function significant<T>(v: T): T {
  if (typeof v === 'number') return Number(v.toPrecision(5)) as T;
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, significant(x)])) as T;
  return v;
}

writeFileSync(
  out,
  JSON.stringify(
    CalibrationFile.parse({
      note: 'Written by npm run calibrate (src/cli/calibrate.ts). Do not edit by hand.',
      points: points.length,
      parameters: fit.parameters,
      calibration: significant(fit.calibration),
    }),
    null,
    2,
  ) + '\n',
);
console.log(`wrote ${out}`);
