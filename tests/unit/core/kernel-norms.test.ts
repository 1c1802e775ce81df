import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKernelsFromDisk } from '../../../src/catalog/node';
import { gridAt } from '../../../src/core/kernels/lookup';
import {
  methodOffsets,
  timedWithEngineNorms,
  withEngineNorms,
} from '../../../scripts/kernels/norm-method';
import { planOf } from './fixtures';

const vllmAttention = (hardware: string) =>
  loadKernelsFromDisk(hardware)!.frameworks.vllm!.attention;
const MLA_DECODE = 'mla|h7168|r64|fp8_block|fp8|decode';

describe("vLLM's MLA module in the engine's fused norms", () => {
  it('GB200 is B200’s die: at launch-bound shapes its MLA module ships near B200’s re-timed latencies', () => {
    const b200 = vllmAttention('b200');
    const gb200 = vllmAttention('gb200-nvl72');
    const keys = Object.keys(b200).filter((k) => k.startsWith('mla|') && k.endsWith('|decode'));
    expect(keys.length).toBeGreaterThan(20);
    const ratios = keys.flatMap((key) =>
      [1, 2, 4].flatMap((batch) => {
        const a = gridAt(b200[key]!, batch, 1024);
        const b = gridAt(gb200[key]!, batch, 1024);
        return a && b ? [b.us / a.us] : [];
      }),
    );
    ratios.sort((a, b) => a - b);
    // As measured, the native norm chain made them about twice B200's (0.09–0.13 ms vs 0.05).
    expect(ratios[ratios.length >> 1]).toBeGreaterThan(0.9);
    expect(ratios[ratios.length >> 1]).toBeLessThan(1.25);
  });

  it('takes the norm chain’s time off an old-method table (64 heads, batch 16, 8,192 context)', () => {
    // mla_generation_module_perf.parquet, vLLM 0.24.0, FP8 block GEMMs and FP8 KV: H200 (native
    // chain) 170.4 µs; the key's floors GB200 104.2 µs and B200 (re-timed) 68.4 µs.
    const h200 = gridAt(vllmAttention('h200-sxm')[MLA_DECODE]!, 16, 8192)!.us;
    expect(h200).toBeCloseTo(170.4 - (104.2 - 68.4), -0.5);
  });

  it('a long prompt’s prefill keeps its own measurement: a few small kernels are nothing beside it', () => {
    // GB200 measured 10.256 ms at 4 prompts of 6,144 tokens (128 heads, FP8); B200's re-timing
    // 7.677 ms, a difference no norm chain could make. Its floors differ by 38.8 µs.
    const key = 'mla|h7168|r128|fp8_block|fp8|prefill';
    const gb200 = gridAt(vllmAttention('gb200-nvl72')[key]!, 4, 6144)!.us;
    expect(gb200).toBeCloseTo(10256 - 38.8, -2);
  });

  it('leaves the engines whose tables were timed one way alone (TensorRT-LLM on GB200 vs B200)', () => {
    const trt = (hw: string) =>
      loadKernelsFromDisk(hw)!.frameworks.trtllm!.attention['mla|h7168|r16|fp8_block|fp8|decode']!;
    expect(loadKernelsFromDisk('gb200-nvl72')!.frameworks.trtllm!.mlaNormsFrom).toBeUndefined();
    // Their own measurements differ (different hosts): no rescale made them equal.
    expect(gridAt(trt('gb200-nvl72'), 1, 1024)!.us).not.toBeCloseTo(
      gridAt(trt('b200'), 1, 1024)!.us,
      1,
    );
  });

  it('says so where it prices a rescaled module', () => {
    const p = planOf({
      model: 'kimi-k2',
      hardware: 'h200-sxm',
      gpus: 8,
      precision: { weights: 'fp8', kvCache: 'fp8' },
      framework: 'vllm',
      parallelism: { tp: 8, ep: 1, pp: 1, dpAttention: false },
      workload: { inputTokens: 1024, outputTokens: 1024, concurrency: 4 },
    });
    const module = p.serving.decodePricing.find((l) => l.what === 'attention module')!;
    expect(module.basis).toBe('kernel');
    expect(module.source).toMatch(
      /less the native norm chain's time per call, from the B200 re-timing/,
    );
  });
});

describe('collection method of a kernel table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-norms-'));
  const meta = (body: string) => {
    writeFileSync(join(dir, 'collection_meta.yaml'), body);
    return join(dir, 'mla_generation_module_perf.parquet');
  };

  it('reads the table’s norm dispatch from its collection metadata', () => {
    const table = 'mla_generation_module_perf';
    expect(
      timedWithEngineNorms(
        meta(
          `tables:\n  ${table}:\n    status: complete\n    norm_dispatch: vllm_c_eager_surrogate\n`,
        ),
        table,
      ),
    ).toBe(true);
    expect(timedWithEngineNorms(meta(`tables:\n  ${table}:\n    status: complete\n`), table)).toBe(
      false,
    );
    expect(timedWithEngineNorms(join(tmpdir(), 'nowhere', 'x.parquet'), table)).toBe(false);
  });

  it('an old method’s time per call is the difference of the floors, never more than their ratio', () => {
    const offsets = methodOffsets(
      new Map([
        [
          'k',
          new Map([
            ['1 1024', 50],
            ['16 8192', 100],
          ]),
        ],
      ]),
      new Map([
        [
          'k',
          new Map([
            ['1 1024', 100],
            ['16 8192', 125],
            ['64 8192', 300],
          ]),
        ],
      ]),
    );
    expect(offsets.get('k')).toEqual({ offsetMs: 50, floorRatio: 0.5 });
    expect(withEngineNorms(offsets, 'k', 300)).toBe(250);
    // Below the old floor (another board's faster table): scaled by the floors' ratio instead.
    expect(withEngineNorms(offsets, 'k', 60)).toBe(30);
    expect(withEngineNorms(offsets, 'other', 60)).toBe(60);
  });
});
