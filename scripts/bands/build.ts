/**
 * `npm run bands` — the error band of every predicted figure (src/core/bands.ts). For each
 * source group of the measurements (a headline source, or a silicon system), refit the
 * calibration without it and predict its rows: held-out ratios predicted / measured for every
 * metric, TTFT included. Their 10th–90th percentiles per class go to public/catalog/bands.json,
 * with each metric family's widening (the least that makes bands rebuilt without a source hold
 * 80% of that source's rows); the ratios themselves to tests/fixtures/held-out-residuals.json
 * (the coverage test reads them).
 * Rows set aside as copies, as layouts that cannot run, as attention-DP replicas or by Little's
 * law are left out (they do not describe a deployment a user could plan); rows of contradictory
 * families stay in (each is a real measurement of one of the deployments its record merged).
 * Takes a few minutes (two refits per group: with kernel tables and on rooflines alone).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogFromDisk, loadMeasurementsFromDisk } from '../../src/catalog/node';
import type { BandClass, BandMetric } from '../../src/core/bands';
import type { BandsFile } from '../../src/core/bands-file';
import {
  bandClassOf,
  bandsFrom,
  calibrationFingerprint,
  coverage,
  familyOf,
  ratioBand,
  wideningToCover,
} from '../../src/core/bands';
import type { Catalog } from '../../src/core/catalog';
import type { Calibration } from '../../src/core/perf/calibration';
import { CALIBRATION, PRIOR } from '../../src/core/perf/calibration';
import { prepare } from '../../src/core/prepare';
import type { ScenarioInput } from '../../src/core/scenario/schema';
import { compareRows } from '../../src/core/validation/compare-rows';
import { CONTRADICTORY_RECORD } from '../../src/core/validation/consistency';
import { fitCalibration, fitPoints } from '../../src/core/validation/fit';
import type { Metric } from '../../src/core/validation/measurements';

const MIN_ROWS = 25;
const root = join(import.meta.dirname, '../..');
const catalog = loadCatalogFromDisk();
const measurements = loadMeasurementsFromDisk();
const rows = measurements.filter((r) => !r.setAside || r.setAside.startsWith(CONTRADICTORY_RECORD));

/** The family a metric's residual belongs to, and whether its ratio is inverted to join it. */
const FAMILY: Record<Metric, { metric: BandMetric; invert: boolean }> = {
  ttftMs: { metric: 'ttft', invert: false },
  tpotMs: { metric: 'tpot', invert: false },
  e2eLatencyMs: { metric: 'tpot', invert: false },
  tokPerSecPerUser: { metric: 'tpot', invert: true },
  outputTokPerSecPerGpu: { metric: 'throughput', invert: false },
  totalTokPerSecPerGpu: { metric: 'throughput', invert: false },
  prefillTokPerSecPerGpu: { metric: 'throughput', invert: false },
  decodeTokPerSecPerGpu: { metric: 'throughput', invert: false },
};

export interface Residual {
  cls: BandClass;
  ratio: number;
  group: string;
}

const groups = [...new Set(rows.map((r) => r.group))];

/**
 * Every row predicted with its source held out of the fit, under `catalog` (with kernel tables,
 * or without: rooflines alone) and a calibration refit from `start` without the source. Rows
 * `keep` refuses are left out.
 */
function heldOutResiduals(
  cat: Catalog,
  start: Calibration,
  keep: (id: string, cls: Omit<BandClass, 'metric'>) => boolean,
): Residual[] {
  const fitted = fitPoints(measurements, cat).points;
  const classes = new Map<string, Omit<BandClass, 'metric'> | null>();
  const classOf = (id: string, scenario: ScenarioInput) => {
    if (!classes.has(id)) {
      const p = prepare(scenario, cat);
      classes.set(id, p.ok ? bandClassOf(p.prepared) : null);
    }
    return classes.get(id)!;
  };
  const out: Residual[] = [];
  for (const g of groups) {
    const held = rows.filter((r) => r.group === g);
    const fit = fitCalibration(
      fitted.filter((p) => p.group !== g),
      PRIOR,
      { start, maxIterations: 8 },
    );
    console.error(`  held out ${g} (${held.length} rows)`);
    for (const f of compareRows(held, cat, fit.calibration)) {
      if (f.ratio === null || !(f.ratio > 0)) continue;
      const cls = classOf(f.id, f.scenario);
      if (!cls || !keep(f.id, cls)) continue;
      const family = FAMILY[f.metric];
      out.push({
        cls: { metric: family.metric, ...cls },
        ratio: family.invert ? 1 / f.ratio : f.ratio,
        group: g,
      });
    }
  }
  return out;
}

// As the app prices them (GPUs without tables on rooflines); then, for the honest range of a
// prediction on rooflines alone, every row whose GPU has tables priced as if it had none (rows on
// GPUs without tables are in already, as the app prices them).
console.error('with kernel tables');
const kernelPriced = new Set<string>();
const residuals = heldOutResiduals(catalog, CALIBRATION, (id, cls) => {
  if (cls.pricing === 'kernels') kernelPriced.add(id);
  return true;
});
console.error('rooflines alone');
const roofCatalog = loadCatalogFromDisk({ kernels: false });
const roofStart = fitCalibration(fitPoints(measurements, roofCatalog).points, PRIOR).calibration;
residuals.push(...heldOutResiduals(roofCatalog, roofStart, (id) => kernelPriced.has(id)));

const bands = bandsFrom(residuals, MIN_ROWS);
// Each source's rows against bands rebuilt without it: what a new source meets.
const heldOutBands = groups.map((g) => ({
  rows: residuals.filter((r) => r.group === g),
  file: {
    note: '',
    minRows: MIN_ROWS,
    bands: bandsFrom(
      residuals.filter((r) => r.group !== g),
      MIN_ROWS,
    ),
  } satisfies BandsFile,
}));
const widening: Record<string, number> = {};
for (const family of [...new Set(residuals.map((r) => familyOf(r.cls)))].sort()) {
  const checked = heldOutBands.flatMap(({ rows: held, file }) =>
    held.flatMap((r) => {
      if (familyOf(r.cls) !== family) return [];
      const b = ratioBand(r.cls, file);
      return b ? [{ ratio: r.ratio, q10: b.q10, q90: b.q90 }] : [];
    }),
  );
  widening[family] = wideningToCover(checked);
}
const draft: BandsFile = {
  note: 'Written by npm run bands (scripts/bands/build.ts). Do not edit by hand.',
  minRows: MIN_ROWS,
  widening,
  bands,
};
// Coverage on the rows the bands came from, and with each source's bands refit without it.
const all = coverage(residuals, draft);
let covered = 0;
let counted = 0;
for (const { rows: held, file } of heldOutBands) {
  const c = coverage(held, { ...file, widening });
  covered += c.covered;
  counted += c.rows;
}
const file: BandsFile = {
  ...draft,
  calibration: calibrationFingerprint(CALIBRATION),
  coverage: {
    rows: all.rows,
    share: Number(all.share.toFixed(4)),
    sourceHeldOutShare: Number((covered / counted).toFixed(4)),
  },
};
writeFileSync(join(root, 'public/catalog/bands.json'), JSON.stringify(file, null, 2) + '\n');
// Compact: class keys once, then [class index, ratio, group index] per residual.
const keys = [...new Set(residuals.map((r) => JSON.stringify(r.cls)))];
const keyIndex = new Map(keys.map((k, i) => [k, i]));
const groupIndex = new Map(groups.map((g, i) => [g, i]));
writeFileSync(
  join(root, 'tests/fixtures/held-out-residuals.json'),
  JSON.stringify({
    note: 'Held-out ratios predicted / measured, written by npm run bands. Do not edit by hand.',
    classes: keys.map((k) => JSON.parse(k) as BandClass),
    groups,
    residuals: residuals.map((r) => [
      keyIndex.get(JSON.stringify(r.cls))!,
      Number(r.ratio.toPrecision(4)),
      groupIndex.get(r.group)!,
    ]),
  }) + '\n',
);
console.log(
  `${residuals.length} held-out residuals, ${Object.keys(bands).length} classes, widened ` +
    `${Object.entries(widening)
      .map(([f, k]) => `${f} ×${k}`)
      .join(', ')}; the 80% bands ` +
    `cover ${(all.share * 100).toFixed(1)}% of them, and ${((covered / counted) * 100).toFixed(1)}% ` +
    `when each source's own rows are left out of its bands`,
);
