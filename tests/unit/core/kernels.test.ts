import { describe, expect, it } from 'vitest';
import { loadKernelsFromDisk } from '../../../src/catalog/node';
import { kernelsFor } from '../../../src/core/catalog';
import { axisPos, curveAt, gridAt, gridAtOrScaled } from '../../../src/core/kernels/lookup';
import { kernelPricer, siblingSplit } from '../../../src/core/kernels/pricer';
import { KERNEL_SYSTEMS, latencyUsOf, quantiseLatencyUs } from '../../../src/core/kernels/schema';
import { CALIBRATION } from '../../../src/core/perf/calibration';
import { stepPricing } from '../../../src/core/perf/step-pricing';
import { stepEnv } from '../../../src/core/perf/terms/env';
import { serve, stepContext } from '../../../src/core/prepare';
import type { ScenarioInput } from '../../../src/core/scenario/schema';
import { DEFAULT_SCENARIO } from '../../../src/core/scenario/schema';
import { catalog, planOf, preparedOf } from './fixtures';

const b200 = loadKernelsFromDisk('b200')!;
const sglang = b200.frameworks.sglang!;
const vllm = b200.frameworks.vllm!;

describe('measured kernel lookups', () => {
  it('stores every latency within 0.3% (log2 in 1/128 steps)', () => {
    for (const us of [0.8, 3.7, 11.1, 87.7, 1234.5, 88037])
      expect(Math.abs(latencyUsOf(quantiseLatencyUs(us)) / us - 1)).toBeLessThan(0.003);
  });

  it('returns the measured latency at a measured shape', () => {
    // b200_sxm/sparse_attention/sglang/0.5.14/dsv4_csa_generation_module_perf.parquet:
    // V4-Flash, TP 1, FP8-block projections, batch 1, context 8,192: 0.1557 ms.
    const grid = sglang.attention['dsv4|csa|h4096|n64|tp1|fp8|decode']!;
    const hit = gridAt(grid, 1, 8192)!;
    expect(hit.lo).toBe(1);
    expect(hit.hi).toBe(1);
    expect(hit.us).toBeCloseTo(155.7, -0.3);
  });

  it('ships a GEMM sweep without its one-off timing spikes, and its steady points as timed', () => {
    // b200_sxm/gemm/vllm/0.24.0/gemm_perf.parquet, per-tensor FP8, n=256, k=7168: 9.71, 10.34,
    // 26.82, 10.35 and 10.37 µs at m = 2..6; at m = 8, 9.73 µs.
    const curve = vllm.gemm['fp8|256|7168']!;
    expect(curveAt(curve, 4)!.us).toBeCloseTo(10.37, 0);
    expect(curveAt(curve, 2)!.us).toBeCloseTo(9.71, 0);
    expect(curveAt(curve, 8)!.us).toBeCloseTo(9.73, 0);
  });

  it('interpolates between the measured shapes around an unmeasured one', () => {
    const curve = Object.values(vllm.moe)[0]!;
    const i = curve.x.findIndex((x, j) => j > 0 && x / curve.x[j - 1]! >= 2);
    const [a, b] = [curve.x[i - 1]!, curve.x[i]!];
    const mid = a * 1.5;
    const hit = curveAt(curve, mid)!;
    const lo = curveAt(curve, a)!.us;
    const hi = curveAt(curve, b)!.us;
    expect(hit.lo).toBe(a);
    expect(hit.hi).toBe(b);
    expect(hit.us).toBeGreaterThanOrEqual(Math.min(lo, hi));
    expect(hit.us).toBeLessThanOrEqual(Math.max(lo, hi));
  });

  it('every shipped attention grid is triangular: each context measured from the smallest batch up, no further at a longer one', () => {
    // A context measured at a few batches only (a side sweep) or a cell missing mid-column
    // would leave a hole that the lookup scales across from a far smaller batch.
    const holes: string[] = [];
    let grids = 0;
    for (const hw of Object.keys(KERNEL_SYSTEMS)) {
      for (const fk of Object.values(loadKernelsFromDisk(hw)!.frameworks)) {
        for (const [key, g] of Object.entries(fk!.attention)) {
          grids++;
          const n = g.y.length;
          let longer = Infinity;
          for (let j = 0; j < n; j++) {
            let reach = 0;
            while (reach < g.x.length && g.q[reach * n + j] !== null) reach++;
            const beyond = g.x.slice(reach).some((_, k) => g.q[(reach + k) * n + j] !== null);
            if (beyond || reach === 0 || reach > longer) holes.push(`${hw} ${key} at ${g.y[j]}`);
            longer = reach;
          }
        }
      }
    }
    expect(grids).toBeGreaterThan(1000);
    expect(holes).toEqual([]);
  });

  it('does not extrapolate past the measured range', () => {
    expect(axisPos([1, 2, 4], 8)).toBeNull();
    expect(axisPos([1, 2, 4], 0.5)).toBeNull();
    const curve = Object.values(sglang.gemm)[0]!;
    expect(curveAt(curve, curve.x.at(-1)! * 2)).toBeNull();
  });
});

/** DeepSeek-R1 in NVFP4 under TensorRT-LLM on 8 GPUs: TP 8 with `ep` expert-parallel ranks. */
const r1OnTrtllm = (
  hardware: string,
  ep: number,
  workload: ScenarioInput['workload'],
): ScenarioInput => ({
  model: 'deepseek-r1',
  hardware,
  gpus: 8,
  framework: 'trtllm',
  precision: { weights: 'nvfp4', kvCache: 'fp8' },
  parallelism: { tp: 8, ep, pp: 1, dpAttention: false },
  workload,
});

/** A scenario's decode context and the kernel pricer of its tables at a given MoE split. */
function decodeContextOf(s: ScenarioInput) {
  const p = preparedOf(s);
  const ctx = stepContext(p, CALIBRATION, p.decodeLayout);
  const pricerAt = (tp: number, moeTp: number, moeEp: number) =>
    kernelPricer(ctx.kernels!, ctx.model, ctx.hardware, ctx.weights, ctx.kvFormat, {
      tp,
      moeTp,
      moeEp,
    });
  return { p, ctx, pricerAt };
}

/** gpt-oss-120b in its MXFP4 checkpoint under TensorRT-LLM on 8 GPUs: TP 8, `ep` expert ranks. */
const gptOssOnTrtllm = (
  hardware: string,
  ep: number,
  workload: ScenarioInput['workload'],
): ScenarioInput => ({
  ...r1OnTrtllm(hardware, ep, workload),
  model: 'gpt-oss-120b',
  precision: { weights: 'native', kvCache: 'fp8' },
});

describe('pricing a step from the tables', () => {
  const flash: ScenarioInput = {
    ...DEFAULT_SCENARIO,
    model: 'deepseek-v4-flash',
    gpus: 4,
    parallelism: { tp: 4, ep: 1, pp: 1, dpAttention: false },
  };

  it('prices V4 attention, mHC and the matmuls from measured tables, and says so', () => {
    const lines = planOf(flash).serving.decodePricing;
    const kernel = lines.filter((l) => l.basis === 'kernel');
    expect(kernel.map((l) => l.what)).toEqual(
      expect.arrayContaining(['attention module', 'mHC mixing']),
    );
    for (const l of kernel) expect(l.source).toMatch(/^measured kernel table \(SGLang 0\.5\.\d+/);
  });

  it('prices V3.2’s sparse attention, its indexer included, from the measured module', () => {
    // b200_sxm/sparse_attention/vllm/0.24.0/dsa_generation_module_perf.parquet: V3.2, 16 heads
    // per rank, FP8-block projections, FP8 cache, batch 1, context 8,192: 0.1567 ms.
    const hit = gridAt(vllm.attention['dsa|h7168|r16|fp8_block|fp8|decode']!, 1, 8192)!;
    expect(hit.us).toBeCloseTo(156.7, -0.3);
    const v32: ScenarioInput = {
      ...r1OnTrtllm('b200', 1, { inputTokens: 2048, outputTokens: 1024, concurrency: 16 }),
      model: 'deepseek-v3.2',
      framework: 'vllm',
      precision: { weights: 'fp8', kvCache: 'fp8' },
    };
    const lines = planOf(v32).serving.decodePricing;
    const module = lines.find((l) => l.what === 'attention module')!;
    expect(module.source).toMatch(/vLLM 0\.\d+\.\d+, NVIDIA B200 \(HGX\); attention module dsa\|/);
    // The module times the indexer's projections and scoring: nothing prices them again.
    expect(lines.filter((l) => l.op === 'indexer')).toEqual([]);
    // TensorRT-LLM's B200 tables hold no such module: the roofline, indexer apart.
    const trt = planOf({ ...v32, framework: 'trtllm' }).serving.decodePricing;
    expect(trt.find((l) => l.what === 'attention module')).toBeUndefined();
    expect(trt.some((l) => l.op === 'indexer')).toBe(true);
  });

  it('falls back to the roofline where no table covers the hardware, and says so', () => {
    const amd = planOf({ ...flash, hardware: 'mi355x' }).serving.decodePricing;
    expect(amd.length).toBeGreaterThan(0);
    expect(amd.every((l) => l.basis !== 'kernel')).toBe(true);
    expect(amd.find((l) => l.op === 'attention')!.source).toMatch(/^roofline at \d+% of peak/);
  });

  it('a GPU without tables borrows only the launch latency of a measured GPU of its class', () => {
    const lines = planOf({ ...flash, hardware: 'mi355x' }).serving.decodePricing;
    const overhead = lines.find((l) => l.op === 'overhead')!;
    expect(overhead.what).toMatch(
      /launch latency of this model's kernels as measured on NVIDIA B200/,
    );
    // Its speed stays its own: every operation is on the MI355X roofline.
    for (const l of lines.filter((x) => x.op === 'attention' || x.op === 'moe'))
      expect(l.source).toMatch(/^roofline at \d+% of peak/);
    const h20 = planOf({
      ...flash,
      hardware: 'h20',
      gpus: 8,
      parallelism: { tp: 8, ep: 1, pp: 1, dpAttention: false },
    });
    expect(h20.serving.decodePricing.find((l) => l.op === 'overhead')!.what).toMatch(/NVIDIA H200/);
  });

  it('a V4 step borrowing them pays the indexer’s launches past the top-k, as the measured GPU does', () => {
    // On the B200 one sequence's V4-Flash CSA module at TP 4 costs 66 µs a layer at 1K of
    // context and 132 µs at 8K, past the top-k, where the indexer and top-k kernels switch on:
    // the MI355X's borrowed latency follows.
    const overheadMs = (inputTokens: number) => {
      const p = preparedOf({
        ...flash,
        hardware: 'mi355x',
        workload: { inputTokens, outputTokens: 256, concurrency: 1 },
      });
      const load = serve(p, CALIBRATION).decodeLoad;
      const lines = stepPricing(stepContext(p, CALIBRATION, p.decodeLayout), load);
      return lines.find((l) => l.op === 'overhead')!.ms;
    };
    expect(overheadMs(8192)).toBeGreaterThan(overheadMs(2048) + 0.5);
    expect(overheadMs(2048)).toBeGreaterThanOrEqual(overheadMs(1024));
  });

  it('falls back for a shape past the sweep: an LM head wider than any measured GEMM', () => {
    const p = preparedOf(DEFAULT_SCENARIO);
    const ctx = stepContext(p, CALIBRATION, p.decodeLayout);
    const pricer = kernelPricer(ctx.kernels!, ctx.model, ctx.hardware, ctx.weights, ctx.kvFormat, {
      tp: 1,
      moeEp: 8,
      moeTp: 1,
    });
    // 129,280 vocabulary rows at TP 1: wider than the widest measured n (65,536).
    expect(pricer.gemm('head', 8)).toBeNull();
    expect(pricer.gemm('sharedExperts', 8)).not.toBeNull();
    const lines = stepPricing(ctx, {
      decodeSeqsPerRank: 8,
      tokensPerSeq: 1,
      decodeContextTokens: 8704,
      prefillTokensPerRank: 0,
      promptTokens: 8192,
      instanceTokens: 64,
      draftTokens: 0,
    });
    expect(lines.find((l) => l.what === 'head matmuls')!.basis).toBe('roofline');
  });

  it('an operation no table covers still pays its kernel launches: an uncovered MoE at batch 1', () => {
    // Neither TensorRT-LLM's B200 tables (DeepSeek-V4's MoE shapes only) nor vLLM's hold
    // gpt-oss's MXFP4 MoE at TP 8: the experts go to the roofline, which alone would count only
    // the weights read, not the 36 fused-MoE launches.
    const oss = gptOssOnTrtllm('b200', 2, {
      inputTokens: 1024,
      outputTokens: 2048,
      concurrency: 1,
    });
    const { p, ctx, pricerAt } = decodeContextOf(oss);
    const launchUs = pricerAt(8, 4, 2).launchUs.moe!;
    expect(launchUs).toBeGreaterThan(5);
    const routed = planOf(oss).serving.decodePricing.find((l) => l.what === 'routed experts')!;
    expect(routed.basis).toBe('roofline');
    expect(routed.source).toMatch(/plus the launch latency of its fused-MoE kernel per layer/);
    expect(routed.ms).toBeGreaterThanOrEqual((CALIBRATION.kernelFixedShare * 36 * launchUs) / 1000);
    // Without tables (the roofline alone) the same experts cost less.
    const bare = stepPricing({ ...ctx, kernels: null }, serve(p, CALIBRATION).decodeLoad);
    expect(bare.find((l) => l.what === 'routed experts')!.ms).toBeLessThan(routed.ms);
  });

  it('an MLA decode core no table prices still pays its kernel launch, once a layer', () => {
    // SGLang's B200 tables hold no MLA module for DeepSeek-R1, so its attention core goes to the
    // roofline; at batch 1 on a short context that is well under a microsecond a layer, while
    // SGLang's own MLA decode kernel is never measured under 8 µs on this GPU
    // (b200_sxm/mla/sglang/0.5.14/generation_mla_perf.parquet).
    const r1: ScenarioInput = {
      ...r1OnTrtllm('b200', 1, { inputTokens: 1024, outputTokens: 1024, concurrency: 1 }),
      framework: 'sglang',
    };
    expect(sglang.mlaDecodeFloorUs).toBeGreaterThan(8);
    expect(sglang.mlaDecodeFloorUs).toBeLessThan(10.5);
    const core = planOf(r1).serving.decodePricing.find((l) => l.what === 'attention core')!;
    expect(core.basis).toBe('roofline');
    expect(core.source).toMatch(/plus the launch latency of its MLA decode kernel per layer/);
    expect(core.ms).toBeGreaterThanOrEqual(
      (CALIBRATION.kernelFixedShare * 61 * sglang.mlaDecodeFloorUs!) / 1000,
    );
    const p = preparedOf(r1);
    const ctx = stepContext(p, CALIBRATION, p.decodeLayout);
    const bare = stepPricing({ ...ctx, kernels: null }, serve(p, CALIBRATION).decodeLoad);
    expect(bare.find((l) => l.what === 'attention core')!.ms).toBeLessThan(core.ms / 10);
  });

  it('TensorRT-LLM on Blackwell prices a MoE its tables lack from vLLM’s timing of the same kernel', () => {
    // TensorRT-LLM's B200 tables hold only DeepSeek-V4's MoE shapes; vLLM's B200 NVFP4 MoE is
    // FlashInfer's TensorRT-LLM kernel, timed on the same GPU.
    const r1 = r1OnTrtllm('b200', 8, { inputTokens: 1024, outputTokens: 2048, concurrency: 64 });
    const routed = planOf(r1).serving.decodePricing.find((l) => l.what === 'routed experts')!;
    expect(routed.basis).toBe('kernel');
    expect(routed.source).toMatch(
      /^measured kernel table \(vLLM 0\.\d+\.\d+ timing the kernel TensorRT-LLM runs, NVIDIA B200 \(HGX\); moe nvfp4\|7168\|2048\|8\|256\|1\|8\|/,
    );
    // Not on Hopper, where vLLM's fused MoE is its own kernel, nor for vLLM itself.
    const p = preparedOf(r1OnTrtllm('h200-sxm', 8, r1.workload));
    expect(p.moeStandIn).toBeNull();
    expect(preparedOf({ ...r1, framework: 'vllm' }).moeStandIn).toBeNull();
  });

  it('only a board whose engine timed no fused MoE borrows its tray’s table, and it ships the tray’s measurements unchanged', () => {
    const gb200 = loadKernelsFromDisk('gb200-nvl72')!.frameworks.sglang!;
    expect(sglang.moeMeasuredOn).toBe('gb200');
    expect(sglang.moe).toEqual(gb200.moe);
    expect(sglang.version).toMatch(/moe 0\.\d+\.\d+ \(gb200\)/);
    // Every other engine and board timed its own (or, like TensorRT-LLM on Blackwell, a few shapes).
    for (const hw of Object.keys(KERNEL_SYSTEMS))
      for (const [fw, fk] of Object.entries(loadKernelsFromDisk(hw)!.frameworks))
        if (!(hw === 'b200' && fw === 'sglang')) {
          expect(fk!.moeMeasuredOn, `${hw} ${fw}`).toBeUndefined();
          expect(Object.keys(fk!.moe).length, `${hw} ${fw}`).toBeGreaterThan(0);
        }
  });

  it('SGLang on the B200 board prices its fused MoE from its own tables timed on the GB200 tray, and says so', () => {
    // SGLang 0.5.14 timed no fused MoE on the B200 board; on the GB200 tray (the same GPU die and
    // HBM) it timed every expert format. The B200 prices as the tray does, for the same tokens.
    const r1 = {
      ...r1OnTrtllm('b200', 8, { inputTokens: 1024, outputTokens: 1024, concurrency: 16 }),
      framework: 'sglang' as const,
    };
    const fp8 = { ...r1, precision: { weights: 'fp8' as const, kvCache: 'fp8' as const } };
    for (const s of [r1, fp8]) {
      const routed = planOf(s).serving.decodePricing.find((l) => l.what === 'routed experts')!;
      expect(routed.basis).toBe('kernel');
      expect(routed.source).toMatch(
        /^measured kernel table \(SGLang 0\.\d+\.\d+, NVIDIA B200 \(HGX\); moe (nvfp4|fp8_block)\|7168\|2048\|8\|256\|/,
      );
      expect(routed.source).toMatch(/measured on the GB200-NVL72 tray \(same GPU die and HBM\)/);
      const onTray = decodeContextOf({ ...s, hardware: 'gb200-nvl72' })
        .pricerAt(8, 8, 1)
        .moe(64)!;
      expect(decodeContextOf(s).pricerAt(8, 8, 1).moe(64)!.ms).toBe(onTray.ms);
    }
  });

  it('SGLang on Blackwell prices an NVFP4 MoE its tables lack from vLLM’s timing of the same FlashInfer kernel, and only that format', () => {
    // SGLang's tables hold no Qwen3-Coder-480B MoE shape; its NVFP4 experts run FlashInfer's
    // TensorRT-LLM kernel, the one vLLM's NVFP4 table times on the same GPU.
    const coder = {
      ...r1OnTrtllm('b200', 8, { inputTokens: 1024, outputTokens: 1024, concurrency: 16 }),
      model: 'qwen3-coder-480b-a35b',
      framework: 'sglang' as const,
    };
    const routed = planOf(coder).serving.decodePricing.find((l) => l.what === 'routed experts')!;
    expect(routed.basis).toBe('kernel');
    expect(routed.source).toMatch(
      /^measured kernel table \(vLLM 0\.\d+\.\d+ timing the kernel SGLang runs, NVIDIA B200 \(HGX\); moe nvfp4\|6144\|2560\|8\|160\|/,
    );
    // FP8 experts run another kernel in SGLang: their roofline stays.
    const fp8 = { ...coder, precision: { weights: 'fp8' as const, kvCache: 'fp8' as const } };
    const line = planOf(fp8).serving.decodePricing.find((l) => l.what === 'routed experts')!;
    expect(line.source).not.toMatch(/timing the kernel SGLang runs/);
  });

  it('an unmeasured MoE split is priced from the same GPUs split another way, and says so', () => {
    // TensorRT-LLM measured gpt-oss's MXFP4 MoE on H200 with whole experts per GPU (TP 1 × EP
    // 1..128), not sliced by TP: at TP 8 each GPU holds the same eighth of the expert weights.
    const s = gptOssOnTrtllm('h200-sxm', 1, {
      inputTokens: 1024,
      outputTokens: 1024,
      concurrency: 16,
    });
    const { pricerAt } = decodeContextOf(s);
    const at = (moeTp: number, moeEp: number) => pricerAt(8, moeTp, moeEp).moe(16)!;
    expect(at(8, 1).ms).toBe(at(1, 8).ms);
    const routed = planOf(s).serving.decodePricing.find((l) => l.what === 'routed experts')!;
    expect(routed.basis).toBe('kernel');
    expect(routed.source).toMatch(
      /the same GPUs split TP 1 × EP 8 for this layout's unmeasured TP 8 × EP 1/,
    );
  });

  it('the stand-in split is the measured one nearest in TP, on the same number of GPUs', () => {
    const measured = (have: string[]) => (t: number, e: number) => have.includes(`${t}x${e}`);
    expect(siblingSplit(8, 1, measured(['1x8', '4x2', '2x4']))).toEqual({ moeTp: 4, moeEp: 2 });
    expect(siblingSplit(1, 8, measured(['8x1', '2x4']))).toEqual({ moeTp: 2, moeEp: 4 });
    expect(siblingSplit(2, 2, measured(['1x4', '4x1']))).toEqual({ moeTp: 1, moeEp: 4 });
    expect(siblingSplit(4, 1, measured(['1x8', '2x2', '4x1']))).toEqual({ moeTp: 2, moeEp: 2 });
    expect(siblingSplit(4, 2, measured(['4x4', '8x2']))).toBeNull();
  });

  it('TP 8 on an NVL72 tray pair all-reduces as the same GPU measured it on its 8-GPU board', () => {
    // A GB200 tray holds 4 GPUs, and its tables stop at 4; the B200 board's 8-GPU all-reduce
    // crosses the same NVLink switch. vLLM and SGLang all-reduce with NCCL across hosts.
    const gb200 = loadKernelsFromDisk('gb200-nvl72')!;
    for (const fw of ['trtllm', 'vllm', 'sglang'] as const) {
      const fk = gb200.frameworks[fw]!;
      expect(Object.keys(fk.allReduce).sort()).toEqual(['2', '4', '8']);
      expect(fk.allReduceMeasuredOn).toEqual({
        '8': { system: 'b200_sxm', nccl: fw !== 'trtllm' },
      });
      expect(fk.allReduce['8']).toEqual(
        fw === 'trtllm' ? b200.frameworks.trtllm!.allReduce['8'] : expect.anything(),
      );
    }
    const r1 = r1OnTrtllm('gb200-nvl72', 8, {
      inputTokens: 8192,
      outputTokens: 1024,
      concurrency: 16,
    });
    const line = (s: ScenarioInput) =>
      planOf(s).serving.decodePricing.find((l) => l.op === 'tpComms')!;
    const trt = line(r1);
    expect(trt.basis).toBe('kernel');
    expect(trt.source).toMatch(/all-reduce 8 GPUs, BF16, measured on the B200 board/);
    const viaNccl = line({ ...r1, framework: 'vllm' });
    expect(viaNccl.source).toMatch(/NCCL's .*measured on the B200 board/);
    // NCCL's all-reduce waits longer per call than TensorRT-LLM's one-shot kernel.
    expect(viaNccl.ms).toBeGreaterThan(trt.ms);
  });

  it('never lends a catalog GPU’s tables to custom hardware with the same id', () => {
    const b = catalog.hardware.get('b200')!;
    expect(kernelsFor(catalog, b, 'sglang')).not.toBeNull();
    expect(kernelsFor(catalog, { ...b }, 'sglang')).toBeNull();
    expect(kernelsFor(catalog, b, 'generic')).toBeNull();
  });
});

describe('past the longest context a decode table measured', () => {
  // vLLM's and TensorRT-LLM's V4 module tables measure decode up to 65,536 tokens of context.
  const at = (framework: 'vllm' | 'trtllm', context: number) =>
    planOf({
      ...DEFAULT_SCENARIO,
      framework,
      parallelism: { tp: 8, ep: 8, pp: 1, dpAttention: false },
      workload: { inputTokens: context - 256, outputTokens: 256, concurrency: 1 },
    });

  it('more context never costs a decode step less than the last context measured', () => {
    for (const fw of ['vllm', 'trtllm'] as const) {
      const steps = [65_536, 131_072, 1_048_576].map((c) => at(fw, c).latency.stepMs);
      expect(steps[1], fw).toBeGreaterThanOrEqual(steps[0]!);
      expect(steps[2], fw).toBeGreaterThan(steps[1]!);
    }
  });

  it('prices the module at that context plus the roofline of the rest, and says so', () => {
    const module = at('vllm', 1_048_576).serving.decodePricing.find(
      (l) => l.what === 'attention module',
    );
    expect(module?.basis).toBe('kernel');
    expect(module?.source).toContain('at its longest measured context (65,536 tokens)');
  });

  it('a GPU without tables keeps the launch floor of the longest context its reference measured', () => {
    // SGLang's V3.2 sparse-attention decode tables stop at 163,839 tokens of context.
    const tpot = (context: number) =>
      planOf({
        ...DEFAULT_SCENARIO,
        model: 'deepseek-v3.2',
        hardware: 'mi355x',
        precision: { weights: 'fp8', kvCache: 'fp8' },
        parallelism: { tp: 8, ep: 1, pp: 1, dpAttention: false },
        workload: { inputTokens: context - 256, outputTokens: 256, concurrency: 1 },
      }).latency.tpotMs;
    expect(tpot(262_144)).toBeGreaterThanOrEqual(tpot(131_072));
  });
});

describe('past the most tokens a fused-MoE table measured', () => {
  // vLLM pads every DP rank to the chunk, so 64 users' prompts put 8 × the prompt through the
  // MoE; its EP 8 table stops at 16,384 tokens (prompts of 2,048).
  const miniMax = (prompt: number): ScenarioInput => ({
    ...DEFAULT_SCENARIO,
    model: 'minimax-m2',
    framework: 'vllm',
    precision: { weights: 'fp8', kvCache: 'fp8' },
    workload: { inputTokens: prompt, outputTokens: 256, concurrency: 64 },
  });

  it('a step never gets cheaper as its MoE tokens pass the table: MiniMax under vLLM at DP 8', () => {
    const steps = [1024, 1536, 2048, 4096].map((p) => planOf(miniMax(p)).latency.stepMs);
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThan(steps[i - 1]!);
  });

  it('says in the prompt step’s math that its MoE time runs past the table', () => {
    const prepared = preparedOf(miniMax(4096));
    const served = serve(prepared, CALIBRATION);
    const layout = prepared.prefillLayout ?? prepared.decodeLayout;
    const lines = stepPricing(stepContext(prepared, CALIBRATION, layout), served.prefillLoad!);
    const moe = lines.find((l) => l.what === 'routed experts');
    expect(moe?.basis).toBe('kernel');
    expect(moe?.source).toContain(
      'at the most tokens it measured (16,384) plus the roofline of the tokens past them',
    );
  });
});

describe('long prompts through a measured attention module', () => {
  const ttft = (framework: 'vllm' | 'trtllm' | 'sglang', prompt: number) =>
    planOf({
      ...DEFAULT_SCENARIO,
      model: 'deepseek-r1',
      hardware: 'h200-sxm',
      precision: { weights: 'native', kvCache: 'fp8' },
      framework,
      parallelism: { tp: 8, ep: 1, pp: 1, dpAttention: false },
      workload: { inputTokens: prompt, outputTokens: 256, concurrency: 1 },
    }).latency.ttftMs;

  it('latent attention is dense: a 16× longer prompt prefills more than 24× as long on every engine', () => {
    // vLLM and TensorRT-LLM price MLA from module tables measured to 32K-token prompts, in chunks
    // of 8,192; SGLang from its core tables and GEMMs. Each chunk attends to the ones before it.
    const at128k = (['vllm', 'trtllm', 'sglang'] as const).map((fw) => {
      const long = ttft(fw, 131_072);
      expect(long / ttft(fw, 8192), fw).toBeGreaterThan(24);
      return long;
    });
    expect(Math.max(...at128k) / Math.min(...at128k)).toBeLessThan(1.5);
  });
});

describe('DeepSeek-V4 physics the tables capture', () => {
  it('a V4-Pro decode step at batch 1 costs more than a V3 step with the same active parameters', () => {
    // B300: V4-Pro's weights in FP8 (185 GiB per GPU at TP8) do not fit a B200.
    const at = (model: string): ScenarioInput => ({
      ...DEFAULT_SCENARIO,
      model,
      hardware: 'b300',
      precision: { weights: 'fp8', kvCache: 'fp8' },
      parallelism: { tp: 8, ep: 8, pp: 1, dpAttention: false },
      workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 1 },
    });
    const v4 = planOf(at('deepseek-v4-pro'));
    const v3 = planOf(at('deepseek-v3'));
    const active = (p: typeof v4) => p.sizing.params.activated;
    // At batch 1 a step is its kernels' latencies plus reading the active weights once: a V3 with
    // V4-Pro's active parameters runs V3's kernels and reads the extra weights (FP8: a byte each,
    // spread over 8 GPUs) at the B300's memory bandwidth. V4's compressed attention, indexer,
    // top-k and mHC mixing run many small kernels per layer that V3's MLA layer has not.
    const extraReadMs =
      ((active(v4) - active(v3)) / 8 / catalog.hardware.get('b300')!.memBandwidthBytesPerSec) * 1e3;
    expect(extraReadMs).toBeGreaterThan(0);
    expect(v4.latency.stepMs).toBeGreaterThan(v3.latency.stepMs + extraReadMs);
  });

  it('under CUDA graphs a V4 module keeps its work and a fitted share of its measured floor', () => {
    // A module times a dozen kernels on their own, each with its launch gap; replayed from a
    // graph most gaps vanish. Its share is fitted apart from a single kernel's.
    const p = preparedOf({
      ...DEFAULT_SCENARIO,
      parallelism: { tp: 8, ep: 1, pp: 1, dpAttention: false },
      workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 16 },
    });
    const load = serve(p, CALIBRATION).decodeLoad;
    const moduleMs = (share: number) => {
      const cal = { ...CALIBRATION, moduleFixedShare: share };
      const l = stepPricing(stepContext(p, cal, p.decodeLayout), load);
      return l.find((x) => x.what === 'attention module')!.ms;
    };
    const asTimed = moduleMs(1);
    const replayed = moduleMs(CALIBRATION.moduleFixedShare);
    const workOnly = moduleMs(0);
    expect(workOnly).toBeGreaterThan(0);
    expect(replayed).toBeLessThan(asTimed);
    expect(replayed).toBeGreaterThan(workOnly);
    expect((replayed - workOnly) / (asTimed - workOnly)).toBeCloseTo(
      CALIBRATION.moduleFixedShare,
      6,
    );
  });

  describe('what of a V4 attention module is launch latency', () => {
    const p = preparedOf({
      ...DEFAULT_SCENARIO,
      parallelism: { tp: 8, ep: 1, pp: 1, dpAttention: false },
      workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 1 },
    });
    const pricer = stepEnv(
      stepContext(p, CALIBRATION, p.decodeLayout),
      serve(p, CALIBRATION).decodeLoad,
    ).pricer!;

    it('one decoding sequence’s module is all launch latency at any context, the indexer’s kernels included', () => {
      // Its reads are bounded (the top-k, the window, the indexer's keys), so what one sequence
      // costs is launches and syncs. Past V4-Pro's top-k of compressed entries the indexer and
      // top-k kernels switch on (SGLang 0.5.14, B200, TP 8: CSA 80 µs at 4K, 143 µs at 8K).
      const short = pricer.decodeAttention(1, 1, 1024)!;
      const long = pricer.decodeAttention(1, 1, 8704)!;
      expect(long.ms).toBeGreaterThan(1.3 * short.ms);
      for (const one of [short, long, pricer.decodeAttention(1, 1, 65536)!])
        expect(one.fixedMs).toBeCloseTo(one.ms, 9);
    });

    it('more sequences add work above the one-sequence time at that context', () => {
      const one = pricer.decodeAttention(1, 1, 8704)!;
      const many = pricer.decodeAttention(32, 1, 8704)!;
      expect(many.fixedMs).toBeCloseTo(one.ms, 9);
      expect(many.ms).toBeGreaterThan(many.fixedMs);
    });

    it('a prompt’s module time is work, not launch latency', () => {
      const prompt = pricer.prefillAttention(1, 8192)!;
      expect(prompt.fixedMs).toBeLessThan(0.1 * prompt.ms);
    });
  });

  it('more decoding sequences never make a V4 attention module faster, measured or scaled', () => {
    const grid = sglang.attention['dsv4|csa|h7168|n128|tp8|fp8|decode']!;
    let prev = 0;
    for (const b of [1, 2, 3, 4, 8, 16, 32, 64, 100, 128, 256, 512, 1024, 2048]) {
      const us = gridAtOrScaled(grid, b, 8704)!.us;
      expect(us).toBeGreaterThanOrEqual(prev * 0.97);
      prev = us;
    }
  });

  it('past the batches measured at a context, the work grows with the batch', () => {
    const grid = sglang.attention['dsv4|csa|h7168|n128|tp8|fp8|decode']!;
    // At 8,192 tokens of context the sweep stopped at batch 64.
    expect(gridAt(grid, 128, 8192)).toBeNull();
    const at64 = gridAt(grid, 64, 8192)!.us;
    const at128 = gridAtOrScaled(grid, 128, 8192)!;
    expect(at128.scaled).toBe(true);
    expect(at128.lo).toBe(64);
    expect(at128.us).toBeCloseTo(2 * at64, 6);
  });
});
