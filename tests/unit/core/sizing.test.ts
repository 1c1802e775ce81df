/**
 * Published facts about checkpoints, parameters, KV cache and FLOPs. Every expected value comes
 * from ../shared/reference/models.md with the source named beside it.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk } from '../../../src/catalog/node';
import { decodeFlopsPerToken, prefillFlops } from '../../../src/core/model/flops';
import { kvBytesPerSequence } from '../../../src/core/model/kv';
import type { ModelSpec } from '../../../src/core/model/schema';
import { paramCounts, weightBytes } from '../../../src/core/model/weights';

const catalog = loadCatalogFromDisk();
const model = (id: string): ModelSpec => {
  const m = catalog.models.get(id);
  if (!m) throw new Error(`no model ${id}`);
  return m;
};
const GIB = 2 ** 30;
const M1 = 2 ** 20;
const relErr = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('checkpoint bytes (model.safetensors.index.json total_size, models.md §4)', () => {
  it('V4-Pro = 864,704,792,696 B to the byte', () => {
    expect(weightBytes(model('deepseek-v4-pro'), 'native').totalBytes).toBe(864_704_792_696);
  });
  it('V4-Flash = 159,609,485,896 B to the byte', () => {
    expect(weightBytes(model('deepseek-v4-flash'), 'native').totalBytes).toBe(159_609_485_896);
  });
  it('MTP block shares: Pro 13,956,587,692 B, Flash 3,593,787,756 B (models.md §4 table)', () => {
    expect(weightBytes(model('deepseek-v4-pro'), 'native').mtpBytes).toBe(13_956_587_692);
    expect(weightBytes(model('deepseek-v4-flash'), 'native').mtpBytes).toBe(3_593_787_756);
  });
  it('V4-Flash routed expert = 13,369,344 B (FP4 + UE8M0 per 32)', () => {
    const m = model('deepseek-v4-flash');
    const routed = weightBytes(m, 'native');
    const experts = m.ffn.moe!.routedExperts * (m.numLayers + 1);
    expect((routed.mainByGroup.routedExperts + routed.mtpByGroup.routedExperts) / experts).toBe(
      13_369_344,
    );
  });
  it('re-quantising never grows below-native precision: NVFP4 Pro is larger than MXFP4 native, FP8 larger still', () => {
    const m = model('deepseek-v4-pro');
    const native = weightBytes(m, 'native').totalBytes;
    expect(weightBytes(m, 'nvfp4').totalBytes).toBeGreaterThan(native);
    expect(weightBytes(m, 'fp8').totalBytes).toBeGreaterThan(weightBytes(m, 'nvfp4').totalBytes);
    expect(weightBytes(m, 'bf16').totalBytes).toBeGreaterThan(weightBytes(m, 'fp8').totalBytes);
  });
});

describe('parameter counts (model card; models.md §4)', () => {
  it('V4-Pro ≈ 1.60T with MTP and 48.85B activated (published 1.6T / 49B)', () => {
    const p = paramCounts(model('deepseek-v4-pro'));
    expect(relErr(p.totalWithMtp, 1.6e12)).toBeLessThan(0.01);
    expect(relErr(p.activated, 48.85e9)).toBeLessThan(0.01);
    expect(p.totalWithMtp).toBe(1_598_837_347_742);
  });
  it('V4-Flash ≈ 284.3B without MTP and 13.27B activated (published 284B / 13B)', () => {
    const p = paramCounts(model('deepseek-v4-flash'));
    expect(relErr(p.totalWithoutMtp, 284.3e9)).toBeLessThan(0.01);
    expect(relErr(p.activated, 13.27e9)).toBeLessThan(0.01);
    expect(p.totalWithoutMtp).toBe(284_332_240_471);
  });
  it.each([
    // [id, our count from config in models.md §7, published active]
    ['deepseek-v3', 671.03e9, 37e9],
    ['kimi-k2', 1026.4e9, 32e9],
    ['qwen3-235b-a22b', 235.1e9, 22e9],
    ['qwen3-coder-480b-a35b', 480.2e9, 35e9],
    ['gpt-oss-120b', 116.8e9, 5.1e9],
    ['llama-3.1-405b', 405.9e9, 405e9],
    ['minimax-m2', 228.7e9, 10e9],
  ])(
    '%s: total within 1.5%% of the config count, activated within 10%% of published',
    (id, total, active) => {
      const p = paramCounts(model(id));
      expect(relErr(p.totalWithoutMtp, total)).toBeLessThan(0.015);
      expect(relErr(p.activated, active)).toBeLessThan(0.1);
    },
  );
});

describe('KV cache per sequence (vLLM blog; models.md §6, §7)', () => {
  const kv = (id: string, n: number, kvp: 'bf16' | 'fp8', ix: 'bf16' | 'fp8' | 'fp4') =>
    kvBytesPerSequence(model(id), n, { kv: kvp, indexer: ix }).totalBytes;
  it.each([
    ['deepseek-v4-pro', 'bf16', 'bf16', 9.625],
    ['deepseek-v4-pro', 'fp8', 'fp4', 4.918],
    ['deepseek-v4-flash', 'bf16', 'bf16', 6.724],
    ['deepseek-v4-flash', 'fp8', 'fp4', 3.435],
    ['deepseek-v4-pro', 'fp8', 'fp8', 5.387],
    ['deepseek-v3.2', 'bf16', 'bf16', 83.875],
  ] as const)('%s at 2^20 tokens, KV %s + indexer %s = %s GiB', (id, kvp, ix, gib) => {
    expect(relErr(kv(id, M1, kvp, ix) / GIB, gib)).toBeLessThan(0.005);
  });
  it.each([
    ['deepseek-v3', 'bf16', 70_272],
    ['deepseek-v3', 'fp8', 35_136],
    ['llama-3.1-405b', 'bf16', 516_096],
    ['qwen3-235b-a22b', 'bf16', 192_512],
    ['qwen3-coder-480b-a35b', 'bf16', 253_952],
    ['glm-4.6', 'bf16', 376_832],
    ['minimax-m2', 'bf16', 253_952],
  ] as const)('%s %s: %s B per token', (id, kvp, bytes) => {
    expect(kv(id, 1000, kvp, 'bf16') / 1000).toBeCloseTo(bytes, 6);
  });
  it('V3.2 FP8 = 61 × (656 + 132) = 48,068 B per token', () => {
    expect(kv('deepseek-v3.2', 1000, 'fp8', 'fp8') / 1000).toBeCloseTo(48_068, 6);
  });
  it('gpt-oss-120b: 36,864 B per token on full layers plus a fixed 4,718,592 B of windows', () => {
    const at = (n: number) => kv('gpt-oss-120b', n, 'bf16', 'bf16');
    expect(at(10_000) - at(9_000)).toBe(36_864 * 1000);
    expect(at(10_000) - 36_864 * 10_000).toBe(4_718_592);
  });
  it('V4 KV is about 10% (Pro) and 7% (Flash) of V3.2 on the FP8 basis (model card)', () => {
    const v32 = kv('deepseek-v3.2', M1, 'fp8', 'fp8');
    expect(kv('deepseek-v4-pro', M1, 'fp8', 'fp4') / v32).toBeCloseTo(0.1047, 3);
    expect(kv('deepseek-v4-flash', M1, 'fp8', 'fp4') / v32).toBeCloseTo(0.0731, 3);
  });
});

describe('FLOPs per token (models.md §5)', () => {
  it.each([
    ['deepseek-v4-pro', 303.2e9],
    ['deepseek-v4-flash', 140.3e9],
    ['deepseek-v3.2', 1157.7e9],
  ])('%s decode at 2^20 context ≈ %d FLOP (within 3%%)', (id, flops) => {
    expect(relErr(decodeFlopsPerToken(model(id), M1).totalFlops, flops)).toBeLessThan(0.03);
  });
  it.each([
    ['deepseek-v4-pro', 4096, 108.6e9],
    ['deepseek-v4-pro', 131072, 132.2e9],
    ['deepseek-v4-flash', 32768, 32.2e9],
  ])('%s decode at %d tokens ≈ %d FLOP', (id, n, flops) => {
    expect(relErr(decodeFlopsPerToken(model(id), n).totalFlops, flops)).toBeLessThan(0.01);
  });
  it.each([
    ['deepseek-v4-pro', 8192, 873e12],
    ['deepseek-v4-pro', 131072, 15713e12],
    ['deepseek-v4-pro', M1, 215472e12],
    ['deepseek-v4-flash', 8192, 237e12],
    ['deepseek-v4-flash', M1, 88604e12],
  ])('%s prefill of %d tokens ≈ %d FLOP', (id, S, flops) => {
    expect(relErr(prefillFlops(model(id), S).totalFlops, flops)).toBeLessThan(0.01);
  });
  it('dense MLA prefills in the expanded multi-head form; decode stays absorbed', () => {
    const r1 = model('deepseek-r1');
    const S = 8192;
    // 61 layers × 2·128 heads·(128 nope + 64 rope + 128 v) per attended entry, causal S(S+1)/2.
    expect(prefillFlops(r1, S).attentionFlops).toBeCloseTo(
      61 * 2 * 128 * 320 * ((S * (S + 1)) / 2),
      -6,
    );
    // Decode at context n: absorbed 2·128·(512 + 64 + 512) per entry.
    expect(decodeFlopsPerToken(r1, S).attentionFlops).toBeCloseTo(61 * 2 * 128 * 1088 * S, -3);
    // V3.2's sparse attention keeps the absorbed form in prefill too (top-2048 entries).
    const v32 = model('deepseek-v3.2');
    expect(prefillFlops(v32, 2048).attentionFlops).toBeCloseTo(
      61 * 2 * 128 * 1088 * ((2048 * 2049) / 2),
      -6,
    );
  });
  it('prefill in two chunks costs the same as in one (the cached prefix is accounted)', () => {
    const m = model('deepseek-v4-pro');
    const whole = prefillFlops(m, 20_000).totalFlops;
    const split = prefillFlops(m, 12_345).totalFlops + prefillFlops(m, 7_655, 12_345).totalFlops;
    expect(relErr(split, whole)).toBeLessThan(1e-12);
  });
});
