import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKernelsFromDisk } from '../../../src/catalog/node';
import { gridAt } from '../../../src/core/kernels/lookup';
import type { Grid } from '../../../src/core/kernels/schema';
import { methodRatios, ratioAt, timedWithEngineNorms } from '../../../scripts/kernels/norm-method';
import { planOf } from './fixtures';

const vllmAttention = (hardware: string) =>
  loadKernelsFromDisk(hardware)!.frameworks.vllm!.attention;
const MLA_DECODE = 'mla|h7168|r64|fp8_block|fp8|decode';

const cells = (g: Grid): Array<[number, number]> =>
  g.x.flatMap((x, i) =>
    g.y.flatMap((y, j) => (g.q[i * g.y.length + j] === null ? [] : [[x, y] as [number, number]])),
  );

describe("vLLM's MLA module in the engine's fused norms", () => {
  it('GB200 is B200’s die: its MLA module ships at B200’s re-timed latencies at every shape', () => {
    const b200 = vllmAttention('b200');
    const gb200 = vllmAttention('gb200-nvl72');
    const keys = Object.keys(b200).filter((k) => k.startsWith('mla|'));
    expect(keys.length).toBeGreaterThan(50);
    for (const key of keys)
      for (const [x, y] of cells(b200[key]!)) {
        const a = gridAt(b200[key]!, x, y)!.us;
        const b = gridAt(gb200[key]!, x, y)!.us;
        expect(Math.abs(b / a - 1), `${key} at ${x}×${y}`).toBeLessThan(0.01);
      }
  });

  it('rescales an old-method table by the re-timing’s ratio at the same shape (64 heads, batch 16, 8,192 context)', () => {
    // mla_generation_module_perf.parquet, vLLM 0.24.0, FP8 block GEMMs and FP8 KV: B200
    // (re-timed) 96.7 µs, GB200 (native norm chain) 144.0 µs, H200 (native chain) 170.4 µs.
    const h200 = gridAt(vllmAttention('h200-sxm')[MLA_DECODE]!, 16, 8192)!.us;
    expect(h200).toBeCloseTo((170.4 * 96.7) / 144.0, -0.5);
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
    expect(module.source).toMatch(/rescaled to the engine's fused norms by the B200 re-timing/);
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

  it('takes the ratio at a measured cell, else at the nearest one, and 1 for an unknown shape', () => {
    const ratios = methodRatios(
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
    expect(ratioAt(ratios, 'k', '1 1024')).toBe(0.5);
    expect(ratioAt(ratios, 'k', '32 8192')).toBe(0.8);
    expect(ratioAt(ratios, 'k', '2 2048')).toBe(0.5);
    expect(ratioAt(ratios, 'other', '1 1024')).toBe(1);
  });
});
