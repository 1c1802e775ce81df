import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk } from '../../../src/catalog/node';
import {
  countOf,
  describeScenario,
  describeSweep,
  scenarioQuestion,
} from '../../../src/core/scenario/describe';
import { DEFAULT_SCENARIO } from '../../../src/core/scenario/schema';

const catalog = loadCatalogFromDisk();

describe('a scenario in words', () => {
  it('counts in whole numbers with separators and the noun in the right number', () => {
    expect(countOf(1, 'user')).toBe('1 user');
    expect(countOf(2, 'user')).toBe('2 users');
    expect(countOf(8192, 'token')).toBe('8,192 tokens');
    expect(countOf(1_048_576, 'token')).toBe('1,048,576 tokens');
  });

  it('names the model and hardware from the catalog, never by id', () => {
    const words = describeScenario(DEFAULT_SCENARIO, catalog);
    expect(words).toBe(
      'DeepSeek-V4-Pro on 8 × NVIDIA B200 (HGX) · TP1 EP8 with attention-DP · SGLang, native weights · 8,192 tokens in / 1,024 tokens out · 64 users at a time',
    );
  });

  it('says a disaggregated deployment’s pools, a Poisson load and a single user as such', () => {
    const words = describeScenario(
      {
        ...DEFAULT_SCENARIO,
        gpus: 24,
        disaggregation: {
          prefill: { gpus: 8, tp: 8, ep: 8, hardware: 'b300' },
          decode: { gpus: 16, tp: 1, ep: 16, dpAttention: true },
        },
        workload: {
          inputTokens: 1,
          outputTokens: 1,
          concurrency: 1,
          protocol: 'poisson',
          requestsPerSec: 2.5,
        },
        speculative: { draftTokens: 3, acceptanceLength: 2.4 },
      },
      catalog,
    );
    expect(words).toContain('8 × NVIDIA B300');
    expect(words).toContain('prefilling and 16 × NVIDIA B200 (HGX) decoding');
    expect(words).toContain('MTP 3');
    expect(words).toContain('1 token in / 1 token out');
    expect(words).toContain('requests arriving at 2.5 per second, at most 1 request in flight');
  });

  it('asks the question the default scenario answers', () => {
    expect(scenarioQuestion(DEFAULT_SCENARIO, catalog)).toBe(
      'How fast, and at what cost per million tokens, can 8 × NVIDIA B200 (HGX) serve DeepSeek-V4-Pro to 64 users at a time, each request sending 8,192 tokens and reading 1,024 tokens back?',
    );
  });

  it('describes a frontier sweep by its series', () => {
    expect(
      describeSweep(
        {
          model: 'deepseek-v4-flash',
          inputTokens: 1024,
          outputTokens: 1024,
          series: [{ hardware: 'h200-sxm', weights: 'fp8', framework: 'vllm' }],
        },
        catalog,
      ),
    ).toMatch(
      /^DeepSeek-V4-Flash · 1,024 tokens in \/ 1,024 tokens out · NVIDIA H200.* \(fp8 weights, vLLM\)$/,
    );
  });
});
