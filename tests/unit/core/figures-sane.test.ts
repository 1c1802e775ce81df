import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enginesFor } from '../../../src/core/framework';
import { plan } from '../../../src/core/plan';
import type { ScenarioInput } from '../../../src/core/scenario/schema';
import { catalog } from './fixtures';

const models = [...catalog.models.keys()];
const hardware = [...catalog.hardware.values()];

/** Any plannable scenario of the catalog: model, GPU and one of its engines, a layout that tiles
 * the GPUs, aggregated or disaggregated, any workload and arrivals. */
const scenario: fc.Arbitrary<ScenarioInput> = fc
  .record({
    model: fc.constantFrom(...models),
    hw: fc.constantFrom(...hardware),
    fw: fc.nat(3),
    log2Gpus: fc.integer({ min: 0, max: 6 }),
    tpShift: fc.nat(3),
    wide: fc.boolean(),
    dis: fc.boolean(),
    inputTokens: fc.integer({ min: 1, max: 262_144 }),
    outputTokens: fc.integer({ min: 1, max: 16_384 }),
    concurrency: fc.integer({ min: 1, max: 8192 }),
    protocol: fc.constantFrom('closed-loop', 'offline', 'poisson'),
    rate: fc.double({ min: 0.01, max: 100, noNaN: true }),
    mtp: fc.boolean(),
  })
  .map((r) => {
    const gpus = 2 ** r.log2Gpus;
    const engines = enginesFor(r.hw);
    const tp = Math.min(gpus, 2 ** r.tpShift);
    const layout = r.wide
      ? { tp: 1, ep: gpus, pp: 1, dpAttention: true }
      : { tp, ep: tp, pp: 1, dpAttention: false };
    const half = Math.max(1, gpus / 2);
    return {
      model: r.model,
      hardware: r.hw.id,
      gpus,
      precision: { weights: 'native', kvCache: 'fp8' },
      framework: engines[r.fw % engines.length]!,
      ...(r.dis && gpus >= 2
        ? {
            disaggregation: {
              prefill: { gpus: half, tp: half, ep: half, pp: 1, dpAttention: false },
              decode: { gpus: half, tp: 1, ep: half, pp: 1, dpAttention: true },
            },
          }
        : { parallelism: layout }),
      workload: {
        inputTokens: r.inputTokens,
        outputTokens: r.outputTokens,
        concurrency: r.concurrency,
        protocol: r.protocol,
        ...(r.protocol === 'poisson' ? { requestsPerSec: r.rate } : {}),
      },
      ...(r.mtp ? { speculative: { draftTokens: 1, acceptanceLength: 1.8 } } : {}),
    } as ScenarioInput;
  });

describe('no figure is ever NaN, infinite or negative', () => {
  it('every plannable scenario: figures finite and non-negative, no step part below zero', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const r = plan(s, catalog);
        if (!r.ok || !r.plan.runs) return;
        const p = r.plan;
        const figures = {
          ...p.latency,
          ...p.throughput,
          ...p.energy,
          usdPerMillionOutputTokens: p.cost.usdPerMillionOutputTokens,
          usdPerMillionInputTokens: p.cost.usdPerMillionInputTokens,
        };
        for (const [k, v] of Object.entries(figures))
          if (typeof v === 'number') expect(Number.isFinite(v) && v >= 0, `${k} = ${v}`).toBe(true);
        for (const step of [p.serving.decodeStepMs, p.serving.prefillStepMs])
          for (const [op, ms] of Object.entries(step ?? {}))
            expect(Number.isFinite(ms) && ms >= 0, `${op} = ${ms} ms`).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
