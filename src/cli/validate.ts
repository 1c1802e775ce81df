/**
 * `npm run validate` — every measurement next to its prediction (in-sample, with the committed
 * calibration, and leave-one-source-out: refit without the row's source or system), then the
 * error statistics per category, and per slice (hardware, framework, model, load) the silicon
 * TPOT error with measured kernel tables beside a rooflines-only fit of the same model.
 * `--rows` prints every row; `--no-loso` skips the refits; `--no-slices` the rooflines-only fit.
 */
import { loadCatalogFromDisk, loadMeasurementsFromDisk } from '../catalog/node';
import { CALIBRATION, PRIOR } from '../core/perf/calibration';
import { fitCalibration, fitPoints, predictPoint } from '../core/validation/fit';
import type { SliceRow } from '../core/validation/slices';
import { sliceTable } from '../core/validation/slices';
import { heldOutTargets } from '../core/validation/targets';
import type { PointResult } from '../core/validation/report';
import { CATEGORIES, leaveOneGroupOut, summarize } from '../core/validation/report';
import type { ErrorStats } from '../core/validation/stats';
import { errorStats, ratioFactor } from '../core/validation/stats';
import { compareRows } from '../core/validation/compare-rows';
import { THROUGHPUT_METRICS } from '../core/validation/measurements';
import {
  CONFLICTING_COPIES,
  MISRECORDED_COPY,
  CONTRADICTORY_RECORD,
  FASTER_THAN_MEMORY,
  COPY_OF,
  REPLICATED_DP,
  TP_TIMES_EP,
  STATED_CONCURRENCY,
} from '../core/validation/consistency';

const args = new Set(process.argv.slice(2));
const loso = !args.has('--no-loso');
const catalog = loadCatalogFromDisk();
const rows = loadMeasurementsFromDisk();
const { points, errors } = fitPoints(rows, catalog);
if (errors.length) {
  console.error(errors.join('\n'));
  process.exit(1);
}
const t0 = performance.now();
const held = loso
  ? leaveOneGroupOut(points, PRIOR, CALIBRATION, (g, n) =>
      console.error(`  refit without ${g} (${n} points)`),
    )
  : new Map();
const results: PointResult[] = points.map((point) => ({
  point,
  predicted: predictPoint(point, CALIBRATION),
  heldOut: held.get(point) ?? null,
}));

const fmt = (v: number | null) => (v === null ? '—' : v.toPrecision(4));
const ratio = (p: number | null, m: number) => (p === null ? '—' : (p / m).toFixed(2));
if (args.has('--rows') || !args.has('--summary')) {
  console.log(
    ['set', 'id', 'metric', 'measured', 'predicted', 'ratio', 'held-out', 'ratio'].join('\t'),
  );
  for (const r of results)
    console.log(
      [
        r.point.set,
        r.point.id,
        r.point.metric,
        fmt(r.point.measured),
        fmt(r.predicted),
        ratio(r.predicted, r.point.measured),
        fmt(r.heldOut),
        ratio(r.heldOut, r.point.measured),
      ].join('\t'),
    );
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const line = (s: ErrorStats) =>
  `n=${s.count}  median |error| ${pct(s.medianAbsError)}  within ±25% ${pct(s.shareWithin25)}  worst ×${s.worstFactor.toFixed(2)}  bias ×${s.geoMeanRatio.toFixed(2)}`;
console.log('\nSummary');
const summaries = summarize(results, loso);
for (const c of summaries) {
  console.log(`\n${c.name}`);
  console.log(`  in-sample            ${line(c.inSample)}`);
  if (c.heldOut) console.log(`  leave-one-source-out ${line(c.heldOut)}`);
  console.log(`  worst five (${loso ? 'held-out' : 'in-sample'}):`);
  for (const w of c.worst)
    console.log(
      `    ${w.id} ${w.metric}: measured ${fmt(w.measured)}, predicted ${fmt(w.predicted)} (×${w.factor.toFixed(2)})`,
    );
}
// Aggregated and disaggregated serving, apart (they differ by mechanism, not by noise).
console.log('\nBy serving mode (kept rows)');
for (const c of CATEGORIES) {
  for (const mode of ['aggregated', 'disaggregated'] as const) {
    const rs = results.filter(
      (r) =>
        c.filter(r.point) &&
        r.predicted !== null &&
        (r.point.prepared.prefillLayout ? 'disaggregated' : 'aggregated') === mode,
    );
    if (rs.length === 0) continue;
    const held = rs.flatMap((r) => (r.heldOut === null ? [] : [r.heldOut / r.point.measured]));
    console.log(`  ${c.name}, ${mode}`);
    console.log(
      `    in-sample            ${line(errorStats(rs.map((r) => r.predicted! / r.point.measured)))}`,
    );
    if (loso && held.length) console.log(`    leave-one-source-out ${line(errorStats(held))}`);
  }
}

// Per slice: kernel-priced (committed calibration) beside rooflines only (fitted here the same
// way on a catalog without kernel tables), silicon TPOT.
let table: SliceRow[] | null = null;
if (!args.has('--no-slices')) {
  const roofCatalog = loadCatalogFromDisk({ kernels: false });
  const roof = fitPoints(rows, roofCatalog).points;
  const roofFit = fitCalibration(roof, PRIOR).calibration;
  const byId = new Map(roof.map((p) => [`${p.id} ${p.metric}`, p]));
  const silicon = results.filter((r) => r.point.set === 'silicon' && r.point.metric === 'tpotMs');
  table = sliceTable(
    silicon.map((r) => {
      const rp = byId.get(`${r.point.id} ${r.point.metric}`);
      const rr = rp ? predictPoint(rp, roofFit) : null;
      return {
        point: r.point,
        kernel: r.predicted === null ? null : r.predicted / r.point.measured,
        roofline: rr === null ? null : rr / r.point.measured,
        heldOut: r.heldOut === null ? null : r.heldOut / r.point.measured,
      };
    }),
    10,
  );
  console.log('\nSilicon TPOT per slice (median |error|; slices of 10+ rows)');
  console.log(
    '  ' +
      [
        'slice',
        'rows',
        'kernel-priced',
        'kernels',
        'rooflines only',
        loso ? 'kernels held out' : '',
      ]
        .join('\t')
        .trim(),
  );
  for (const r of table)
    console.log(
      '  ' +
        [
          `${r.dimension} ${r.value}`,
          r.count,
          pct(r.kernelPricedShare),
          pct(r.kernelMedian),
          pct(r.rooflineMedian),
          r.heldOutMedian === null ? '' : pct(r.heldOutMedian),
        ]
          .join('\t')
          .trim(),
    );
}
// TTFT: predicted and reported, not fitted (it depends on queueing the sources do not describe).
const compared = compareRows(rows, catalog);
const ttftRatios = compared.flatMap((f) =>
  f.metric === 'ttftMs' && f.ratio !== null && !f.setAside ? [f.ratio] : [],
);
console.log(
  `\nTTFT (reported, not fitted)\n  in-sample            ${line(errorStats(ttftRatios))}`,
);
if (loso)
  console.log(
    `\nleave-one-source-out refits took ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
// Every figure on every row, set-aside rows included (they are never fitted: their predictions
// are out of sample), so a set-aside rule cannot flatter the figures above unnoticed.
console.log('\nAll rows, kept and set aside (committed calibration)');
const families: Array<[string, (f: (typeof compared)[number]) => boolean]> = [
  [
    'headline throughput per GPU',
    (f) => f.set === 'headline' && THROUGHPUT_METRICS.includes(f.metric),
  ],
  [
    'headline TPOT and tok/s/user',
    (f) =>
      f.set === 'headline' &&
      (f.metric === 'tpotMs' || f.metric === 'tokPerSecPerUser' || f.metric === 'e2eLatencyMs'),
  ],
  ['silicon TPOT', (f) => f.set === 'silicon' && f.metric === 'tpotMs'],
  ['TTFT (every load)', (f) => f.metric === 'ttftMs'],
];
for (const [name, keep] of families)
  for (const scope of ['kept', 'all'] as const) {
    const ratios = compared.flatMap((f) =>
      keep(f) && f.ratio !== null && (scope === 'all' || !f.setAside) ? [f.ratio] : [],
    );
    console.log(
      `  ${name}, ${scope === 'all' ? 'all rows ' : 'kept rows'}  ${line(errorStats(ratios))}`,
    );
  }

// Rows set aside (src/core/validation/consistency.ts): listed for transparency, never fitted.
const aside = compared.filter(
  (f) => f.setAside && f.set === 'silicon' && f.metric === 'tpotMs' && f.ratio !== null,
);
const asideWith = (prefix: string) => aside.filter((f) => f.setAside!.startsWith(prefix)).length;
const contradictory = asideWith(CONTRADICTORY_RECORD);
const headlineAside = rows.filter((r) => r.set === 'headline' && r.setAside);
const little = aside.filter((f) => f.setAside!.includes(STATED_CONCURRENCY)).length;
const replicas = asideWith(REPLICATED_DP);
const copies = asideWith(COPY_OF);
const conflicting = asideWith(CONFLICTING_COPIES);
const misrecordedCopies = asideWith(MISRECORDED_COPY);
const tpTimesEp = asideWith(TP_TIMES_EP);
const tooFast = asideWith(FASTER_THAN_MEMORY);
const counted = [
  contradictory,
  little,
  replicas,
  tpTimesEp,
  copies,
  conflicting,
  misrecordedCopies,
  tooFast,
];
const cannotRun = aside.length - counted.reduce((sum, n) => sum + n, 0);
console.log(
  `\nSet aside: ${headlineAside.length} headline rows whose own throughput and latency ` +
    `contradict their stated concurrency (Little's law: ${headlineAside.map((r) => r.id).join(', ')})\n` +
    `  ${aside.length} silicon rows: ${copies} copies of a measurement listed by another dump, ` +
    `${conflicting} copies of one measurement recorded as different deployments, ` +
    `${misrecordedCopies} copies recording a deployment another copy of them proves wrong, ` +
    `${contradictory} in self-contradictory records, ${little} by Little's law, ${replicas} ` +
    `recorded as attention-DP replicas (TP × EP counted as GPUs), ${tpTimesEp} recording TP × EP ` +
    `GPUs for a TP server, ${tooFast} faster than their deployment's memory can be read ` +
    `(speculative decoding or a layout not recorded), ${cannotRun} whose recorded ` +
    `layout cannot run (the weights do not fit or TP does not divide the heads)\n` +
    `  their TPOT, in-sample    ${line(errorStats(aside.map((f) => f.ratio!)))}\n` +
    `  all silicon TPOT rows    ${line(
      errorStats(
        compared.flatMap((f) =>
          f.set === 'silicon' && f.metric === 'tpotMs' && f.ratio !== null ? [f.ratio] : [],
        ),
      ),
    )}`,
);

// The accuracy targets, on the held-out predictions.
if (loso) {
  console.log('\nTargets (leave-one-source-out)');
  for (const t of heldOutTargets(summaries, table))
    console.log(
      `  ${t.name} ${pct(t.value)} ≤ ${pct(t.limit)}: ${t.met ? 'met' : 'NOT met'}${t.detail ? ` (${t.detail})` : ''}`,
    );
  const beyond = results.filter(
    (r) =>
      r.heldOut !== null &&
      CATEGORIES.some((c) => c.within3x && c.filter(r.point)) &&
      ratioFactor(r.heldOut / r.point.measured) > 3,
  );
  console.log(
    `  no headline figure or silicon TPOT off by more than 3×: ${beyond.length ? `NOT met (${beyond.length}: ${beyond.map((r) => `${r.point.id} ${r.point.metric}`).join(', ')})` : 'met'}`,
  );
}
