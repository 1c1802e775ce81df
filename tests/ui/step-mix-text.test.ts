import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk } from '../../src/catalog/node';
import { plan } from '../../src/core/plan';
import { operatorRoofline } from '../../src/core/roofline';
import type { ScenarioInput } from '../../src/core/scenario/schema';
import { formatNumber as num } from '../../src/components/format';
import { stepMixText } from '../../src/features/planner/step-mix-text';
import { SHORT_PROMPT_WAVE } from '../fixtures/scenarios';

const catalog = loadCatalogFromDisk();
const scenario = (concurrency: number): ScenarioInput => ({
  model: 'qwen3-235b-a22b',
  hardware: 'h200-sxm',
  gpus: 8,
  framework: 'vllm',
  parallelism: { tp: 8, ep: 1 },
  workload: { inputTokens: 8192, outputTokens: 256, concurrency },
});

function described(s: ScenarioInput) {
  const r = operatorRoofline(s, catalog);
  const p = plan(s, catalog);
  if (!r.ok || !p.ok || !p.plan.serving) throw new Error('the scenario should plan');
  const stepMs = Object.values(p.plan.serving.decodeStepMs).reduce((a, b) => a + b, 0);
  return { mix: r.roofline.mix, text: stepMixText(r.roofline), stepMs };
}

describe('the mean decode step in words', () => {
  it('long prompts mixed into short outputs need more than a chunk per step: the text adds what chunks cost, with no negative share', () => {
    const { mix, text, stepMs } = described(scenario(512));
    expect(mix.prefill).toBeGreaterThan(1);
    expect(text).not.toMatch(/[−-]\s?\d/);
    expect(text).toContain(`+ ${num(mix.prefill, 3)} × what a prompt chunk adds`);
    expect(text).toContain(`: ${num(stepMs, 3)} ms`);
  });

  it('at light load the mean step is a share of each step, shares adding to one', () => {
    const { mix, text, stepMs } = described(scenario(64));
    expect(mix.decodeOnly).toBeGreaterThan(0);
    expect(mix.decodeOnly + mix.prefill).toBeCloseTo(1, 9);
    expect(text).toContain(
      `${num(mix.decodeOnly, 3)} × the decode step + ${num(mix.prefill, 3)} × the prompt chunk step`,
    );
    expect(text).toContain(`: ${num(stepMs, 3)} ms.`);
  });

  it("a wave's prompts batched into one step add a term of their own", () => {
    const { mix, text, stepMs } = described(SHORT_PROMPT_WAVE);
    expect(mix.wave).toBeGreaterThan(0);
    expect(text).toContain(`+ ${num(mix.wave, 3)} × the wave prefill step`);
    expect(text).toContain(`: ${num(stepMs, 3)} ms.`);
  });
});
