import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MemoryInputs } from '../../../src/core/memory';
import { poolMemory, weightsPerGpu } from '../../../src/core/memory';
import { kvBytesPerSequence } from '../../../src/core/model/kv';
import { plan } from '../../../src/core/plan';
import { resolveLayout } from '../../../src/core/scenario/layout';
import type { Framework, ScenarioInput } from '../../../src/core/scenario/schema';
import { DEFAULT_SCENARIO, FRAMEWORKS } from '../../../src/core/scenario/schema';
import { anyPlanOf, catalog } from './fixtures';

const run = anyPlanOf;
const scenario = (over: Partial<ScenarioInput>): ScenarioInput => ({
  ...DEFAULT_SCENARIO,
  ...over,
});

describe('memory fit (vLLM blog, TensorRT-LLM README: "runnable on 8xB200"; models.md §8)', () => {
  it('V4-Pro native fits 8×B200', () => {
    expect(run(DEFAULT_SCENARIO).memory.fits).toBe(true);
  });
  it('V4-Pro native does not fit 4×B200', () => {
    const p = run(scenario({ gpus: 4, parallelism: { tp: 1, ep: 4, pp: 1, dpAttention: true } }));
    expect(p.memory.fits).toBe(false);
    expect(p.warnings.map((w) => w.code)).toContain('does-not-fit');
  });
  it('V4-Pro native does not fit 8×H100', () => {
    expect(run(scenario({ hardware: 'h100-sxm' })).memory.fits).toBe(false);
  });
  it('V4-Flash native fits 4×B200 (vLLM: "runnable on 4xB200")', () => {
    const p = run(
      scenario({
        model: 'deepseek-v4-flash',
        gpus: 4,
        parallelism: { tp: 1, ep: 4, pp: 1, dpAttention: true },
      }),
    );
    expect(p.memory.fits).toBe(true);
  });
  it('the fewest GPUs that fit V4-Pro on B200 is 8, on H100 more than 8', () => {
    expect(run(DEFAULT_SCENARIO).memory.fewestGpus?.gpus).toBe(8);
    expect(run(scenario({ hardware: 'h100-sxm' })).memory.fewestGpus!.gpus).toBeGreaterThan(8);
  });
});

describe('per-GPU memory plan', () => {
  const base = run(DEFAULT_SCENARIO);
  it('adds up: weights + KV + workspace + free = capacity', () => {
    const m = base.memory;
    expect(
      m.weightsBytesPerGpu + m.kvCacheBytesPerGpu + m.workspaceBytesPerGpu + m.freeBytesPerGpu,
    ).toBeCloseTo(m.capacityBytesPerGpu, 0);
  });
  it('counts KV for ceil(64 / 8 DP ranks) = 8 sequences per GPU at 9,216 tokens', () => {
    expect(base.memory.sequencesPerGpu).toBe(8);
    expect(base.memory.contextTokens).toBe(9216);
  });
  it('does not split a single shared KV head by TP (MLA / V4): TP8 holds 8x the KV per GPU of DP8', () => {
    const tp8 = run(scenario({ parallelism: { tp: 8, ep: 8, pp: 1, dpAttention: false } }));
    expect(tp8.memory.kvShareHeldPerGpu).toBe(1);
    expect(tp8.memory.kvCacheBytesPerGpu).toBeCloseTo(8 * base.memory.kvCacheBytesPerGpu, 0);
    expect(tp8.warnings.map((w) => w.code)).toContain('kv-not-split-by-tp');
  });
  it('warns when TP does not divide the attention heads (128 heads: TP 8 is fine, TP 6 is refused by frameworks)', () => {
    const codes = (tp: number) =>
      run({
        ...DEFAULT_SCENARIO,
        model: 'deepseek-r1',
        gpus: 24,
        parallelism: { tp, ep: 24, pp: 1, dpAttention: true },
      }).warnings.map((w) => w.code);
    expect(codes(8)).not.toContain('tp-not-dividing-heads');
    expect(codes(6)).toContain('tp-not-dividing-heads');
  });
  it('splits GQA KV heads by TP (Llama 8 KV heads at TP8: one head per GPU)', () => {
    const p = run({
      ...DEFAULT_SCENARIO,
      model: 'llama-3.1-405b',
      parallelism: { tp: 8, ep: 1, pp: 1, dpAttention: false },
    });
    expect(p.memory.kvShareHeldPerGpu).toBeCloseTo(1 / 8, 12);
  });
  it('replicates attention across attention-DP ranks and splits it by TP, all but the down-projections every head reads', () => {
    const dp = base.memory.weightsByGroupBytesPerGpu.attention;
    const tp = run(scenario({ parallelism: { tp: 8, ep: 8, pp: 1, dpAttention: false } })).memory
      .weightsByGroupBytesPerGpu.attention;
    // V4-Pro's wq_a [1536, 7168] and wkv [512, 7168], FP8 with one UE8M0 scale per 128×128 block
    // (models.md §4), in each of 61 layers, stay whole on every TP rank.
    const whole = 61 * ((1536 + 512) * 7168 + ((1536 + 512) / 128) * (7168 / 128));
    expect(tp).toBeCloseTo(whole + (dp - whole) / 8, 0);
  });
  it("holds MLA's down-projections whole on every TP rank (DeepSeek-R1 at TP 8)", () => {
    const r1 = (tp: number) =>
      run(
        scenario({
          model: 'deepseek-r1',
          precision: { weights: 'native', kvCache: 'fp8' },
          parallelism: { tp, ep: 8, pp: 1, dpAttention: tp === 1 },
        }),
      ).memory.weightsByGroupBytesPerGpu.attention;
    // q_a_proj [1536, 7168] and kv_a_proj_with_mqa [576, 7168] per layer, FP8 with 128×128
    // block scales (F32), in 61 layers: more than an eighth of the attention on each rank.
    const whole = 61 * ((1536 + 576) * 7168 + 4 * Math.ceil((1536 + 576) / 128) * (7168 / 128));
    expect(r1(8)).toBeCloseTo(whole + (r1(1) - whole) / 8, -3);
  });
  it('"max" concurrency resolves to the largest that fits, and one more does not fit', () => {
    const p = run(
      scenario({ workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 'max' } }),
    );
    expect(p.memory.holdsAllSequences).toBe(true);
    expect(p.concurrency).toBe(p.memory.maxConcurrency);
    const over = run(
      scenario({
        workload: { inputTokens: 8192, outputTokens: 1024, concurrency: p.concurrency + 8 },
      }),
    );
    // The deployment still runs: the KV cache holds what it can and the rest queue.
    expect(over.memory.holdsAllSequences).toBe(false);
    expect(over.memory.fits).toBe(true);
    expect(over.warnings.map((w) => w.code)).toContain('requests-queue');
  });
  it('the longest context that fits does fit, and a longer one does not', () => {
    const p = run(
      scenario({
        model: 'deepseek-v3',
        hardware: 'h200-sxm',
        precision: { weights: 'native', kvCache: 'bf16' },
      }),
    );
    const n = p.memory.maxContextTokens;
    expect(p.memory.maxContextLimitedBy).toBe('memory');
    const at = (ctx: number) =>
      run(
        scenario({
          model: 'deepseek-v3',
          hardware: 'h200-sxm',
          precision: { weights: 'native', kvCache: 'bf16' },
          workload: { inputTokens: ctx - 1, outputTokens: 1, concurrency: 64 },
        }),
      ).memory.holdsAllSequences;
    expect(at(n)).toBe(true);
    expect(at(n + 1)).toBe(false);
  });
  it('loads the MTP block only with speculative decoding', () => {
    const mtp = run(scenario({ speculative: { draftTokens: 1, acceptanceLength: 1.8 } }));
    expect(mtp.memory.weightsBytesPerGpu).toBeGreaterThan(base.memory.weightsBytesPerGpu);
    expect(mtp.sizing.loadedWeightsBytes).toBe(864_704_792_696);
    expect(base.sizing.loadedWeightsBytes).toBe(850_748_205_004);
  });
  it('disaggregation: the prefill and decode pools are planned separately', () => {
    const p = run({
      ...DEFAULT_SCENARIO,
      gpus: 16,
      parallelism: undefined,
      disaggregation: {
        prefill: { gpus: 8, tp: 8, ep: 1, dpAttention: false },
        decode: { gpus: 8, tp: 1, ep: 8, dpAttention: true },
      },
    });
    expect(p.memory.prefill).not.toBeNull();
    expect(p.layout.prefill?.instances).toBe(1);
    expect(p.memory.sequencesPerGpu).toBe(8);
  });
});

describe('invalid scenarios are refused with a reason', () => {
  it.each([
    [{ model: 'gpt-5' }, /model: unknown id "gpt-5"/],
    [{ hardware: 'tpu-v9' }, /hardware: unknown id/],
    [
      { gpus: 12, parallelism: { tp: 1, ep: 8, pp: 1, dpAttention: true } },
      /does not tile 12 GPUs/,
    ],
    [
      { workload: { inputTokens: -5, outputTokens: 1024, concurrency: 64 } },
      /workload.inputTokens/,
    ],
    [{ gpus: 0 }, /gpus/],
    [{ speculative: { draftTokens: 1, acceptanceLength: 2.5 } }, /acceptance length/],
    [
      {
        gpus: 16,
        disaggregation: {
          prefill: { gpus: 8, tp: 8, ep: 1, pp: 1, dpAttention: false },
          decode: { gpus: 4, tp: 1, ep: 4, pp: 1, dpAttention: true },
        },
      },
      /must equal gpus 16/,
    ],
  ] as const)('%j', (over, message) => {
    const r = plan(scenario(over as Partial<ScenarioInput>), catalog);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('; ')).toMatch(message);
  });
});

describe('physical invariants (property tests)', () => {
  const ids = [...catalog.models.keys()];
  const kvFormat = fc.record({
    kv: fc.constantFrom('bf16' as const, 'fp8' as const),
    indexer: fc.constantFrom('bf16' as const, 'fp8' as const, 'fp4' as const),
  });
  it('KV per sequence never decreases with context', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ids),
        fc.integer({ min: 0, max: 2 ** 21 }),
        fc.integer({ min: 0, max: 70_000 }),
        kvFormat,
        (id, n, d, f) => {
          const m = catalog.models.get(id)!;
          return (
            kvBytesPerSequence(m, n + d, f).totalBytes >= kvBytesPerSequence(m, n, f).totalBytes
          );
        },
      ),
      { numRuns: 500 },
    );
  });
  const inputs = (id: string, hw: string, framework: Framework = 'sglang'): MemoryInputs => ({
    model: catalog.models.get(id)!,
    hardware: catalog.hardware.get(hw)!,
    weights: 'native',
    kvFormat: { kv: 'fp8', indexer: 'fp8' },
    withMtp: false,
    framework,
    draftTokens: 0,
  });
  const layoutArb = fc.record({
    tp: fc.constantFrom(1, 2, 4, 8),
    ep: fc.constantFrom(1, 2, 4, 8, 16, 32),
    pp: fc.constantFrom(1, 2),
    dpAttention: fc.boolean(),
  });
  it('per-GPU memory never decreases with context or concurrency', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ids),
        fc.constantFrom(...catalog.hardware.keys()),
        layoutArb,
        fc.integer({ min: 1, max: 4096 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 2 ** 20 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.constantFrom(...FRAMEWORKS),
        (id, hw, p, c, dc, n, dn, fw) => {
          const layout = resolveLayout(p, Math.max(p.tp * p.pp, p.ep) * 2);
          const inp = inputs(id, hw, fw);
          const a = poolMemory(inp, layout, c, n).totalBytesPerGpu;
          return (
            poolMemory(inp, layout, c + dc, n).totalBytesPerGpu >= a &&
            poolMemory(inp, layout, c, n + dn).totalBytesPerGpu >= a
          );
        },
      ),
      { numRuns: 500 },
    );
  });
  it('more EP ranks never increase expert bytes per GPU', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ids), layoutArb, fc.constantFrom(2, 4, 8), (id, p, k) => {
        const inp = inputs(id, 'b200');
        const gpus = 64 * 8;
        const a = weightsPerGpu(inp, resolveLayout(p, gpus)).routedExperts;
        const b = weightsPerGpu(inp, resolveLayout({ ...p, ep: p.ep * k }, gpus)).routedExperts;
        return b <= a;
      }),
      { numRuns: 300 },
    );
  });
  it('max concurrency never increases with context', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ids),
        fc.integer({ min: 1, max: 2 ** 19 }),
        fc.integer({ min: 1, max: 2 ** 19 }),
        fc.constantFrom(...FRAMEWORKS),
        (id, n, dn, fw) => {
          const inp = inputs(id, 'gb300-nvl72', fw);
          const layout = resolveLayout({ tp: 1, ep: 16, pp: 1, dpAttention: true }, 16);
          return (
            poolMemory(inp, layout, 1, n + dn).maxConcurrency <=
            poolMemory(inp, layout, 1, n).maxConcurrency
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
