import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk, loadMeasurementsFromDisk } from '../../../src/catalog/node';
import { CALIBRATION, PRIOR } from '../../../src/core/perf/calibration';
import { CalibrationFile } from '../../../src/core/perf/calibration-file';
import type { FitPoint } from '../../../src/core/validation/fit';
import { fitCalibration, fitPoints, predictPoint } from '../../../src/core/validation/fit';
import { levenbergMarquardt } from '../../../src/core/validation/least-squares';
import { cloneCalibration } from '../../../src/core/validation/parameters';
import { inSample, summarize } from '../../../src/core/validation/report';
import fitted from '../../../src/core/perf/calibration.json';

const catalog = loadCatalogFromDisk();
const rows = loadMeasurementsFromDisk();
const { points, errors } = fitPoints(rows, catalog);

describe('Levenberg–Marquardt', () => {
  it('finds the minimum of a known nonlinear least-squares problem (Rosenbrock)', () => {
    const r = levenbergMarquardt(
      (z) => Float64Array.from([10 * (z[1]! - z[0]! ** 2), 1 - z[0]!]),
      Float64Array.from([-1.2, 1]),
      {
        maxIterations: 200,
        tolerance: 1e-14,
      },
    );
    expect(r.z[0]).toBeCloseTo(1, 4);
    expect(r.z[1]).toBeCloseTo(1, 4);
  });
});

describe('calibration fit', () => {
  it('every measurement row can be prepared; only rows set aside are left out of the fit', () => {
    expect(errors).toEqual([]);
    const fitted = rows.filter((r) => !r.setAside);
    expect(new Set(points.map((p) => p.id)).size).toBe(fitted.length);
    // The set-aside rules must not eat the data (2,956 rows, about 2,300 distinct measurements,
    // 1,199 kept since the records multiplying TP by EP, and their copies, were set aside).
    expect(fitted.length).toBeGreaterThan(1150);
  });

  it('recovers a known calibration from synthetic measurements made with it', () => {
    const truth = cloneCalibration(PRIOR);
    truth.generations.blackwell.compute = 0.42;
    truth.generations.hopper.memory = 0.72;
    truth.frameworks.trtllm.perLayerOverheadUs = 36;
    truth.moeImbalance = 1.4;
    const sample = points.filter((_, i) => i % 10 === 0);
    const synthetic: FitPoint[] = sample.flatMap((p) => {
      const v = predictPoint(p, truth);
      return v && v > 0 ? [{ ...p, measured: v }] : [];
    });
    // Weak priors: this tests the optimiser, not the regularisation.
    const fit = fitCalibration(synthetic, PRIOR, { maxIterations: 60, priorScale: 100 });
    const worst = Math.max(
      ...synthetic.map((p) => Math.abs(Math.log(predictPoint(p, fit.calibration)! / p.measured))),
    );
    expect(worst).toBeLessThan(0.02);
  });

  it('the committed calibration is physical: fractions of peak in (0, 1], positive overheads and limits', () => {
    for (const g of Object.values(CALIBRATION.generations))
      for (const v of [g.compute, g.memory, g.link]) expect(v > 0 && v <= 1).toBe(true);
    for (const f of Object.values(CALIBRATION.frameworks)) {
      expect(f.perLayerOverheadUs).toBeGreaterThan(0);
      expect(f.maxBatchPerRank).toBeGreaterThanOrEqual(1);
      // A batch limit counts whole requests, whatever the fit's continuous value.
      expect(Number.isInteger(f.maxBatchPerRank)).toBe(true);
    }
    expect(CALIBRATION.moeImbalance).toBeGreaterThanOrEqual(1);
    expect(CalibrationFile.parse(fitted).points).toBe(points.length);
  });

  it('the calibration file is checked against its schema: an impossible value is refused', () => {
    const broken = structuredClone(fitted) as { calibration: { hotExpertShare?: number } };
    broken.calibration.hotExpertShare = 1.5;
    expect(CalibrationFile.safeParse(broken).success).toBe(false);
    expect(CalibrationFile.safeParse(fitted).success).toBe(true);
  });

  it('the app ships the file as written, so the file must set every field: a missing one is refused', () => {
    const partial = structuredClone(fitted) as {
      calibration: { generations: Record<string, unknown> };
    };
    delete partial.calibration.generations.ada;
    expect(CalibrationFile.safeParse(partial).success).toBe(false);
    expect(CALIBRATION).toEqual(CalibrationFile.parse(fitted).calibration);
  });

  it('the committed calibration is the fit of the committed measurements (in-sample accuracy regression guard)', () => {
    const summary = summarize(inSample(points, CALIBRATION), false);
    const by = Object.fromEntries(summary.map((c) => [c.name, c.inSample]));
    // Measured by `npm run validate`; a model change that loses accuracy fails here.
    // (leave-one-source-out, the target, is measured there: it refits ~30 times.)
    // Kernel-priced steps (measured tables) fit the silicon rows as well as the rooflines did
    // and V4 without speculative decoding far better, but the SGLang V4 MTP recipes (C rows,
    // acceptance lengths assumed) run 1.4-1.6x faster than the tables allow.
    // TTFT at light load: 24.8% before the dequantised-weights charge, 25.2% after (its held-out
    // figure improved, 30.7% -> 30.5%); 24.1% -> 26.6% when a fused MoE its engine did not measure
    // took a measurement of the same kernel on the same GPU instead of the roofline (held out
    // 29.1% -> 28.6%), which took silicon TPOT 12.8% -> 11.3% (held out 14.3% -> 12.4%).
    expect(by['silicon TPOT']!.medianAbsError).toBeLessThan(0.125);
    expect(by['headline throughput per GPU']!.medianAbsError).toBeLessThan(0.22);
    expect(by['headline TPOT and tok/s/user']!.medianAbsError).toBeLessThan(0.42);
    expect(by['TTFT at light load (fitted)']!.medianAbsError).toBeLessThan(0.275);
  });
});
