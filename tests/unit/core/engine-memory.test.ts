import { describe, expect, it } from 'vitest';
import {
  compressorStateBytes,
  engineReserve,
  SWA_FULL_TOKENS_RATIO,
} from '../../../src/core/engine-memory';
import { memoryBytes } from '../../../src/core/hardware/schema';
import { kvBytesPerSequence } from '../../../src/core/model/kv';
import { resolveLayout } from '../../../src/core/scenario/layout';
import type { Framework, ScenarioInput } from '../../../src/core/scenario/schema';
import { catalog, planOf } from './fixtures';

const MIB = 2 ** 20;
const pro = catalog.models.get('deepseek-v4-pro')!;
const flash = catalog.models.get('deepseek-v4-flash')!;
const h200 = catalog.hardware.get('h200-sxm')!;
const b200 = catalog.hardware.get('b200')!;
const tp8 = resolveLayout({ tp: 8, ep: 8, pp: 1, dpAttention: false }, 8);
const dp8 = resolveLayout({ tp: 1, ep: 8, pp: 1, dpAttention: true }, 8);

const v4 = (framework: Framework, over: Partial<ScenarioInput> = {}): ScenarioInput => ({
  model: 'deepseek-v4-pro',
  hardware: 'h200-sxm',
  gpus: 8,
  framework,
  precision: { weights: 'native', kvCache: 'fp8' },
  parallelism: { tp: 8, ep: 8, pp: 1, dpAttention: false },
  workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 'max' },
  ...over,
});

describe("SGLang's automatic --mem-fraction-static (server_args.py, engines.md §4.2)", () => {
  it('keeps 16 GiB on an H200 at TP8: 512 + 1.5 × 8,192 + 1,024 + 2 × 512 + 1,536 MiB', () => {
    const r = engineReserve('sglang', pro, h200, tp8, 'aggregated', 0, undefined, 0);
    expect(r.bytesPerGpu).toBe((512 + 1.5 * 8192 + 1024 + 2 * 512 + 1536) * MIB);
    expect(r.basis).toMatch(/--mem-fraction-static auto = 0\.88/);
  });

  it('keeps more with attention-DP (its CUDA graphs per DP rank) and on B200 (16K chunks)', () => {
    const dp = engineReserve('sglang', pro, b200, dp8, 'aggregated', 0, undefined, 0);
    // 512 + 1.5 × 16,384 + 1,024 + 2 × 512 + 512 × 8 × 3 + 512 × 8 × 1.5 + 1,536 MiB = 46 GiB.
    expect(dp.bytesPerGpu).toBe(46 * 1024 * MIB);
    const tp = engineReserve('sglang', pro, b200, tp8, 'aggregated', 0, undefined, 0);
    expect(tp.bytesPerGpu).toBeLessThan(dp.bytesPerGpu);
  });

  it("gives way to the scenario's own memory utilisation", () => {
    const r = engineReserve('sglang', pro, h200, tp8, 'aggregated', 0, 0.95, 0);
    expect(r.bytesPerGpu).toBeCloseTo(0.05 * memoryBytes(h200));
  });
});

describe('TensorRT-LLM sizes its KV pool from the memory the weights leave', () => {
  it('keeps a tenth of what is free after the weights (free_gpu_memory_fraction 0.9)', () => {
    const weights = 100e9;
    const r = engineReserve('trtllm', pro, b200, tp8, 'aggregated', weights, undefined, 0);
    expect(r.bytesPerGpu).toBeCloseTo(0.1 * (memoryBytes(b200) - weights));
  });
});

describe('DeepSeek-V4 compressor state per request (reference/models.md §6)', () => {
  it('is 18.7 MB for V4-Pro and 12.2 MB for V4-Flash (FP32 rings of 8 and 128 rows)', () => {
    expect(compressorStateBytes(pro, 'vllm', 0, false)).toBe(30 * (65_536 + 16_384) + 31 * 524_288);
    expect(compressorStateBytes(flash, 'vllm', 0, false)).toBe(
      21 * (65_536 + 16_384) + 20 * 524_288,
    );
  });

  it('doubles in SGLang with speculative decoding (rings of 16 and 256 rows)', () => {
    expect(compressorStateBytes(pro, 'sglang', 3, false)).toBe(
      2 * compressorStateBytes(pro, 'sglang', 0, false),
    );
  });

  it('is nothing for attention without compressors', () => {
    expect(compressorStateBytes(catalog.models.get('deepseek-v3')!, 'sglang', 3, false)).toBe(0);
  });
});

describe('engine pools in the plan', () => {
  it("SGLang's window pool ties 0.1 window entries to every token of a V4 request", () => {
    const sg = planOf(v4('sglang')).memory;
    const vl = planOf(v4('vllm')).memory;
    const n = 8192 + 1024;
    const window = kvBytesPerSequence(pro, n, { kv: 'fp8', indexer: 'fp8' }).tokenEntryBytes;
    const extraWindow = window * ((SWA_FULL_TOKENS_RATIO * n) / 128 - 1);
    expect(sg.engineBytesPerSequence - vl.engineBytesPerSequence).toBeCloseTo(extraWindow, -3);
    // Below 1,280 tokens the window itself is the larger: no extra.
    const short = planOf(
      v4('sglang', { workload: { inputTokens: 512, outputTokens: 512, concurrency: 1 } }),
    );
    expect(short.memory.engineBytesPerSequence).toBe(compressorStateBytes(pro, 'sglang', 0, false));
  });

  it('V4-Pro on 8×H200 at TP8 holds about half the 8K/1K requests than the KV arithmetic alone says', () => {
    const engine = planOf(v4('sglang')).memory.maxConcurrency;
    const arithmetic = planOf(v4('generic', { memoryUtilization: 0.95 })).memory.maxConcurrency;
    expect(engine).toBeGreaterThan(0);
    expect(engine / arithmetic).toBeLessThan(0.6);
  });

  it('never counts a sequence smaller than its KV arithmetic', () => {
    for (const fw of ['sglang', 'vllm', 'trtllm'] as const) {
      const m = planOf(v4(fw, { hardware: 'b200' })).memory;
      expect(m.engineBytesPerSequence).toBeGreaterThanOrEqual(0);
      expect(m.kvCacheBytesPerGpu).toBeCloseTo(
        m.sequencesPerGpu * (m.kvCacheBytesPerSequence + m.engineBytesPerSequence),
        -3,
      );
    }
  });
});
