import { readFileSync } from 'node:fs';
import { loadCatalogFromDisk } from '../src/catalog/node';
import { predictRow } from '../src/core/validation/measurements';
import { PRIOR } from '../src/core/perf/calibration';
const file = JSON.parse(readFileSync('public/catalog/measurements.json', 'utf8'));
const cat = loadCatalogFromDisk();
const [hw, fw, mode, n] = process.argv.slice(2);
let k = 0;
for (const row of file.rows) {
  if (row.set !== 'silicon' || row.scenario.hardware !== hw || row.scenario.framework !== fw)
    continue;
  if ((mode === 'dis') !== Boolean(row.scenario.disaggregation)) continue;
  if (k++ >= Number(n ?? 12)) break;
  const p = predictRow(row, cat, PRIOR);
  if (!p.ok) continue;
  const s = row.scenario;
  const lay = s.disaggregation
    ? `P${JSON.stringify(s.disaggregation.prefill)} D${JSON.stringify(s.disaggregation.decode)}`
    : JSON.stringify(s.parallelism);
  const b = p.plan.serving.decodeStepMs;
  console.log(
    `${s.model} ${s.precision.weights} ${s.workload.inputTokens}/${s.workload.outputTokens} c=${s.workload.concurrency} g=${s.gpus} ${lay}\n   tpot meas ${row.metrics.tpotMs} pred ${p.predicted.tpotMs!.toFixed(2)} | ttft meas ${row.metrics.ttftMs} pred ${p.predicted.ttftMs!.toFixed(0)} | ` +
      Object.entries(b)
        .map(([k2, v]) => `${k2} ${(v as number).toFixed(2)}`)
        .join(' '),
  );
}
