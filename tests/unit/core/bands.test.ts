import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BandClass } from '../../../src/core/bands';
import type { BandsFile } from '../../../src/core/bands-file';
import {
  bandKeys,
  bandsFrom,
  calibrationFingerprint,
  coverage,
  quantile,
  ratioBand,
  widened,
  wideningToCover,
} from '../../../src/core/bands';
import { withBands } from '../../../src/core/catalog';
import { CALIBRATION } from '../../../src/core/perf/calibration';
import { plan } from '../../../src/core/plan';
import { DEFAULT_SCENARIO } from '../../../src/core/scenario/schema';
import { catalog, planOf, rooflinePlanOf } from './fixtures';

/** Held-out ratios written by `npm run bands` beside the bands (each source refit without it). */
const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/held-out-residuals.json'), 'utf8'),
) as { classes: BandClass[]; groups: string[]; residuals: Array<[number, number, number]> };
const residuals = fixture.residuals.map(([c, ratio, g]) => ({
  cls: fixture.classes[c]!,
  ratio,
  group: fixture.groups[g]!,
}));
const file: BandsFile = catalog.bands!;
const CLASS = {
  pricing: 'kernels',
  mode: 'aggregated',
  framework: 'vllm',
  generation: 'blackwell',
  load: '5–32 per rank',
} as const;

describe('error bands from held-out residuals', () => {
  it('were computed with the committed calibration (rerun npm run bands after npm run calibrate)', () => {
    expect(file.calibration).toBe(calibrationFingerprint(CALIBRATION));
  });

  it('the committed bands hold at least 80% of the held-out figures they were built from', () => {
    const c = coverage(residuals, file);
    expect(c.rows).toBeGreaterThan(1000);
    expect(c.share).toBeGreaterThanOrEqual(0.8);
    expect(c.share).toBeLessThanOrEqual(0.95);
  });

  it('bands rebuilt without a source hold 80% of that source’s figures, not far more', () => {
    let covered = 0;
    let rows = 0;
    for (const g of fixture.groups) {
      const rest = bandsFrom(
        residuals.filter((r) => r.group !== g),
        file.minRows,
      );
      const c = coverage(
        residuals.filter((r) => r.group === g),
        { ...file, bands: rest },
      );
      covered += c.covered;
      rows += c.rows;
    }
    expect(covered / rows).toBeGreaterThanOrEqual(0.8);
    expect(covered / rows).toBeLessThanOrEqual(0.85);
  });

  it('percentiles of many sources under-cover a new one: every family is widened, none narrowed', () => {
    for (const metric of ['ttft', 'tpot', 'throughput'] as const)
      expect(file.widening?.[metric]).toBeGreaterThanOrEqual(1);
    const b = ratioBand({ ...CLASS, metric: 'ttft' }, file)!;
    expect(b.lo).toBeLessThanOrEqual(b.q10);
    expect(b.hi).toBeGreaterThanOrEqual(b.q90);
    expect(Math.sqrt(b.lo * b.hi)).toBeCloseTo(Math.sqrt(b.q10 * b.q90), 9);
  });

  it('the widening is the least that covers the target share of figures', () => {
    const band = { q10: 0.8, q90: 1.25 };
    expect(widened(band, 1)).toEqual({ widening: 1, lo: 0.8, hi: 1.25 });
    // Four of five inside at 1; the fifth (1.5) needs log 1.5 / log 1.25 = 1.82.
    const five = [0.9, 1, 1.1, 1.2, 1.5].map((ratio) => ({ ratio, ...band }));
    expect(wideningToCover(five, 0.8)).toBe(1);
    expect(wideningToCover(five, 1)).toBe(1.85);
    expect(wideningToCover([], 0.8)).toBe(1);
  });

  it('a class with too few rows falls back to a coarser one, ending at the metric', () => {
    const cls: BandClass = {
      metric: 'tpot',
      pricing: 'kernels',
      mode: 'aggregated',
      framework: 'no-such-framework',
      generation: 'hopper',
      load: '≤ 4 per rank',
    };
    const b = ratioBand(cls, file)!;
    expect(b).not.toBeNull();
    expect(bandKeys(cls)).toContain(b.key);
    expect(b.key.includes('no-such-framework')).toBe(false);
    expect(b.q10).toBeLessThan(b.q90);
  });

  it('a figure priced on rooflines alone takes its range from roofline-priced residuals', () => {
    const kernels = planOf(DEFAULT_SCENARIO);
    const roofs = rooflinePlanOf(DEFAULT_SCENARIO);
    expect(kernels.bands.tpot!.key.startsWith('tpot|')).toBe(true);
    expect(roofs.bands.tpot!.key.startsWith('rooflines|tpot|')).toBe(true);
    expect(roofs.bands.ttft!.key.startsWith('rooflines|ttft|')).toBe(true);
    // A residual is predicted / measured: the measurement lies at the figure over the ratio.
    for (const p of [kernels, roofs]) {
      const { lo, hi } = p.bands.tpot!;
      expect(p.latency.tpotMsRange![0]).toBeCloseTo(p.latency.tpotMs / hi, 9);
      expect(p.latency.tpotMsRange![1]).toBeCloseTo(p.latency.tpotMs / lo, 9);
    }
  });

  it('a catalog without bands gives its figures without ranges, and a malformed file says so', () => {
    const bare = { ...catalog };
    delete bare.bands;
    const r = plan(DEFAULT_SCENARIO, bare);
    expect(r.ok && r.plan.runs && r.plan.latency.tpotMsRange).toBeNull();
    expect(() => withBands(bare, { note: 'x', bands: {} })).toThrow(/bands\.json: .*minRows/s);
  });

  it('percentiles interpolate between sorted values', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([0, 10], 0.1)).toBeCloseTo(1, 12);
  });

  it('cost per token moves inversely to throughput: its band is the throughput band turned over', () => {
    const p = planOf(DEFAULT_SCENARIO);
    const [tLo, tHi] = p.throughput.outputTokPerSecPerGpuRange!;
    const [cLo, cHi] = p.cost.usdPerMillionOutputTokensAllInRange!;
    const k = p.throughput.outputTokPerSecPerGpu * p.cost.usdPerMillionOutputTokensAllIn!;
    expect(cLo * tHi).toBeCloseTo(k, 6);
    expect(cHi * tLo).toBeCloseTo(k, 6);
    const [uLo, uHi] = p.throughput.tokPerSecPerUserRange!;
    const [sLo, sHi] = p.latency.tpotMsRange!;
    expect(uLo * sHi).toBeCloseTo(p.throughput.tokPerSecPerUser * p.latency.tpotMs, 6);
    expect(uHi * sLo).toBeCloseTo(p.throughput.tokPerSecPerUser * p.latency.tpotMs, 6);
  });
});
