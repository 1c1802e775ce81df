/**
 * Measures plan() per call in Node: median and p95 microseconds for the default V4-Pro scenario
 * and a disaggregated MTP scenario. `npm run bench` (the budget: a few hundred µs per scenario).
 */
import { loadCatalogFromDisk } from '../../src/catalog/node';
import { plan } from '../../src/core/plan';
import type { ScenarioInput } from '../../src/core/scenario/schema';
import { DEFAULT_SCENARIO } from '../../src/core/scenario/schema';
import disaggregated from '../../examples/disaggregated.json';

const catalog = loadCatalogFromDisk();
const scenarios: Array<[string, ScenarioInput]> = [
  ['default V4-Pro 8xB200', DEFAULT_SCENARIO],
  [
    'disaggregated + MTP V4-Pro GB200',
    {
      ...(disaggregated as ScenarioInput),
      speculative: { draftTokens: 1, acceptanceLength: 1.8 },
    },
  ],
];

export interface BenchRow {
  name: string;
  medianUs: number;
  p95Us: number;
}

export function benchPlan(iterations = 2000): BenchRow[] {
  return scenarios.map(([name, s]) => {
    // Vary the concurrency so no result is reused.
    for (let i = 0; i < 200; i++)
      plan({ ...s, workload: { ...s.workload, concurrency: 1 + (i % 500) } }, catalog);
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const input = { ...s, workload: { ...s.workload, concurrency: 1 + (i % 500) } };
      const t0 = performance.now();
      const r = plan(input, catalog);
      times.push((performance.now() - t0) * 1000);
      if (!r.ok) throw new Error(r.errors.join('; '));
    }
    times.sort((a, b) => a - b);
    return {
      name,
      medianUs: times[Math.floor(times.length / 2)]!,
      p95Us: times[Math.floor(times.length * 0.95)]!,
    };
  });
}
