import { readFileSync } from 'node:fs';
import { loadCatalogFromDisk } from '/work/main/src/catalog/node';
import { predictRow } from '/work/main/src/core/validation/measurements';
import type { MeasurementRow, Metric } from '/work/main/src/core/validation/measurements';
import { errorStats } from '/work/main/src/core/validation/stats';
import { PRIOR } from '/work/main/src/core/perf/calibration';
const file = JSON.parse(readFileSync('/work/main/public/catalog/measurements.json', 'utf8'));
const cat = loadCatalogFromDisk();
const buckets = new Map<string, number[]>();
const t0 = performance.now();
const hl: string[] = [];
for (const row of file.rows as MeasurementRow[]) {
  const p = predictRow(row, cat, PRIOR);
  if (!p.ok) {
    console.log('ERR', row.id, p.error);
    continue;
  }
  for (const [m, v] of Object.entries(row.metrics) as [Metric, number][]) {
    const pr = p.predicted[m];
    if (pr === undefined) continue;
    const key = `${row.set}|${m}|${row.set === 'silicon' ? row.scenario.hardware + '|' + row.scenario.framework + '|' + (row.scenario.disaggregation ? 'dis' : 'agg') : ''}`;
    (buckets.get(key) ?? buckets.set(key, []).get(key)!).push(pr / v);
    if (row.set === 'headline')
      hl.push(`${row.id} ${m} pred=${pr.toPrecision(4)} meas=${v} ratio=${(pr / v).toFixed(2)}`);
  }
}
console.log('ms', (performance.now() - t0).toFixed(0));
for (const [k, r] of [...buckets].sort()) {
  const s = errorStats(r);
  console.log(
    k.padEnd(55),
    s.count,
    'med',
    s.medianAbsError.toFixed(2),
    'geo',
    s.geoMeanRatio.toFixed(2),
    'worst',
    s.worstFactor.toFixed(1),
  );
}
if (process.argv[2]) console.log(hl.join('\n'));
