import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../../src/core/scenario/schema';
import { FASTER_THAN_MEMORY, fasterThanMemory } from '../../../src/core/validation/consistency';
import { preparedOf } from './fixtures';

// DeepSeek-R1's MLA keeps 512 + 64 values a token in each of 61 layers: 35,136 bytes in FP8
// (reference/models.md). A B200 reads 8 TB/s at peak (reference/hardware.md).
const KV_BYTES_PER_TOKEN = 61 * (512 + 64);
const B200_BYTES_PER_SEC = 8e12;

const scenario = (dpAttention: boolean): ScenarioInput => ({
  model: 'deepseek-r1',
  hardware: 'b200',
  precision: { weights: 'fp8', kvCache: 'fp8' },
  framework: 'trtllm',
  workload: { inputTokens: 1024, outputTokens: 1024, concurrency: 256 },
  gpus: 8,
  // Attention-DP: TP 1 in each of the 8 attention ranks (the Scenario JSON's convention).
  parallelism: { tp: dpAttention ? 1 : 8, ep: 8, pp: 1, dpAttention },
});

describe('a silicon record faster than its memory can be read', () => {
  // TTFT 0.1 s against 1,024 tokens decoding: almost all 256 users decode at once, each at a
  // mean context of 1,024 + 512 tokens. Under TP every rank holds MLA's latent whole.
  const tpRanks = preparedOf(scenario(false));
  const kvOnlyMs = ((256 * 1536 * KV_BYTES_PER_TOKEN) / B200_BYTES_PER_SEC) * 1000; // 1.73 ms

  it('flags a TP step quicker than reading the latent KV of every sequence at peak bandwidth', () => {
    const why = fasterThanMemory(tpRanks, { ttftMs: 100, tpotMs: 0.9 * kvOnlyMs });
    expect(why).toMatch(new RegExp(`^${FASTER_THAN_MEMORY}`));
    expect(why).toMatch(/speculative decoding or a layout the dump did not record/);
  });

  it('counts the weights every step reads on top of the KV', () => {
    // Above the KV alone, below KV and weights (attention, shared experts, dense FFN of R1).
    expect(fasterThanMemory(tpRanks, { ttftMs: 100, tpotMs: 1.01 * kvOnlyMs })).not.toBeNull();
  });

  it('passes a step slower than the bound, and a row without the figures for Little law', () => {
    expect(fasterThanMemory(tpRanks, { ttftMs: 100, tpotMs: 2 * kvOnlyMs })).toBeNull();
    expect(fasterThanMemory(tpRanks, { tpotMs: 0.5 })).toBeNull();
  });

  it('divides the sequences among attention-DP ranks, each holding its own', () => {
    // Under attention-DP each of the 8 ranks decodes 32 of the users (and holds all the attention
    // weights, which TP had split).
    const dp = preparedOf(scenario(true));
    const tiny = { ttftMs: 0.01, tpotMs: 0.01 };
    expect(fasterThanMemory(tpRanks, tiny)).toMatch(/the KV of the 25[0-9] sequences a rank/);
    expect(fasterThanMemory(dp, tiny)).toMatch(/the KV of the 3[0-2] sequences a rank/);
  });
});
