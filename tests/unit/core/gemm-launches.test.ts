import { describe, expect, it } from 'vitest';
import { gemmUs } from '../../../src/core/kernels/gemm-curves';
import { gemmLaunches, rowsPerTpRank } from '../../../src/core/model/gemm-launches';
import type { ModelSpec } from '../../../src/core/model/schema';
import { tensorInventory } from '../../../src/core/model/tensors';
import { denseHeldPerRank, modelCosts } from '../../../src/core/perf/model-costs';
import { catalog } from './fixtures';

const model = (id: string): ModelSpec => {
  const m = catalog.models.get(id);
  if (!m) throw new Error(`no model ${id}`);
  return m;
};
const IDS = [...catalog.models.keys()];
const launchesPerLayer = (m: ModelSpec, group: string) =>
  gemmLaunches(m)
    .filter((g) => g.group === group)
    .reduce((s, g) => s + g.count, 0) / m.numLayers;

describe('the GEMMs engines launch', () => {
  it('fusing never changes the work: the launches carry exactly the matrices every token multiplies', () => {
    for (const id of IDS) {
      const m = model(id);
      const matrices = tensorInventory(m)
        .filter((t) => !t.mtp && t.perToken === 'all')
        .reduce((s, t) => s + t.rows * t.cols * t.count, 0);
      const launched = gemmLaunches(m).reduce((s, g) => s + g.rows * g.cols * g.count, 0);
      expect(launched, id).toBe(matrices);
    }
  });

  it('Llama-3.1-405B launches one QKV, one output, one gate-up and one down GEMM per layer', () => {
    const m = model('llama-3.1-405b');
    expect(launchesPerLayer(m, 'attention')).toBe(2);
    expect(launchesPerLayer(m, 'denseFfn')).toBe(2);
    const qkv = gemmLaunches(m).find((g) => g.group === 'attention' && g.rows > m.hiddenSize);
    // 128 query heads and 2 × 8 KV heads of 128 (models.md): 18,432 rows read the hidden state.
    expect(qkv?.rows).toBe(18_432);
    expect(qkv?.cols).toBe(m.hiddenSize);
  });

  it("DeepSeek-R1's shared expert runs gate and up as one GEMM, and MLA's down-projections as one", () => {
    const m = model('deepseek-r1');
    const moeLayers = m.numLayers - m.ffn.denseLayers;
    expect(launchesPerLayer(m, 'sharedExperts') * m.numLayers).toBe(2 * moeLayers);
    const down = gemmLaunches(m).filter((g) => g.group === 'attention' && g.cols === m.hiddenSize);
    // q_a 1,536 + kv_a 512 + RoPE 64 (models.md): one 2,112-row GEMM per layer.
    expect(down.map((g) => g.rows)).toEqual(down.map(() => 2_112));
    expect(down.reduce((s, g) => s + g.count, 0)).toBe(m.numLayers);
  });

  it("a TP rank runs MLA's down-projections whole: every head reads the query and KV latents", () => {
    const m = model('deepseek-r1');
    const down = gemmLaunches(m).filter((g) => g.group === 'attention' && g.cols === m.hiddenSize);
    for (const g of down) expect(rowsPerTpRank(g, 8)).toBe(2_112);
    // q_b, kv_b and the output projection divide by heads (128 heads: 16 per rank at TP 8).
    const headSplit = gemmLaunches(m).filter(
      (g) => g.group === 'attention' && g.cols !== m.hiddenSize,
    );
    for (const g of headSplit) expect(rowsPerTpRank(g, 8)).toBe(g.rows / 8);
  });

  it("GQA's key and value projections divide over at most their KV heads (Qwen3-235B: 4 of 128 at TP 8)", () => {
    const m = model('qwen3-235b-a22b');
    const qkv = gemmLaunches(m).find((g) => g.group === 'attention' && g.cols === m.hiddenSize)!;
    // 64 query heads of 128 split 8 ways; 2 × 4 KV heads of 128 split 4 ways, each head on 2 ranks.
    expect(rowsPerTpRank(qkv, 8)).toBe((64 * 128) / 8 + (2 * 4 * 128) / 4);
    expect(rowsPerTpRank(qkv, 4)).toBe(qkv.rows / 4);
  });

  it('a TP rank multiplies at least its even share of the dense matmuls, and the whole at TP 1', () => {
    for (const id of IDS) {
      const m = model(id);
      const all = modelCosts(m, 'native').denseParamsByGroup;
      const one = denseHeldPerRank(m, 'native', 1).params;
      const eight = denseHeldPerRank(m, 'native', 8).params;
      for (const g of ['attention', 'indexer', 'sharedExperts', 'denseFfn', 'head'] as const) {
        expect(one[g], `${id} ${g}`).toBeCloseTo(all[g], 0);
        expect(eight[g], `${id} ${g}`).toBeGreaterThanOrEqual(all[g] / 8 - 1e-6);
        expect(eight[g], `${id} ${g}`).toBeLessThanOrEqual(all[g]);
      }
    }
  });

  it('a roofline counts the fused launches: fewer GEMMs than matrices, never more', () => {
    for (const id of IDS) {
      const m = model(id);
      const gemms = Object.values(modelCosts(m, 'native').gemmsByGroup).reduce((a, b) => a + b, 0);
      const matrices = tensorInventory(m)
        .filter((t) => !t.mtp && t.perToken === 'all')
        .reduce((s, t) => s + t.count, 0);
      expect(gemms, id).toBeLessThanOrEqual(matrices);
    }
  });

  it('on a measured GPU one launch of gate and up costs less than the two launched apart', () => {
    const fk = catalog.kernels?.get('h200-sxm')?.frameworks.vllm;
    expect(fk).toBeDefined();
    // V4-Pro's shared expert at TP 8: 2 × 384 rows of 7,168 inputs, one decoding token.
    const [fused] = gemmUs(fk!, ['fp8_block', 'fp8'], [1], 768, 7168)!.us;
    const [one] = gemmUs(fk!, ['fp8_block', 'fp8'], [1], 384, 7168)!.us;
    const apart = 2 * one!;
    expect(fused!).toBeLessThan(apart);
  });
});
