import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk } from '../../src/catalog/node';
import { plan } from '../../src/core/plan';
import { DEFAULT_SCENARIO } from '../../src/core/scenario/schema';
import { encodeScenarioParams } from '../../src/core/scenario/url-codec';
import {
  compareCsv,
  pastedQuery,
  readCompareParams,
  scenarioName,
  slotValue,
  slotsQuery,
} from '../../src/features/compare/compare-model';

const catalog = loadCatalogFromDisk();
const known = {
  models: new Set(catalog.models.keys()),
  hardware: new Set(catalog.hardware.keys()),
};
const query = new URLSearchParams(encodeScenarioParams(DEFAULT_SCENARIO)).toString();

describe('the compare page model', () => {
  it('decodes its slots in order and names what else the link held', () => {
    const link = slotsQuery([query, `${query}&zz=1`]);
    link.set('x', '2');
    const { entries, ignored } = readCompareParams(link, known);
    expect(entries.map((e) => e.slot)).toEqual(['s1', 's2']);
    expect(ignored.map((i) => i.key).sort()).toEqual(['s2: zz', 'x']);
    // Four slots at most.
    expect([...slotsQuery([query, query, query, query, query]).keys()]).toEqual([
      'v',
      's1',
      's2',
      's3',
      's4',
    ]);
  });
  it('takes a pasted Planner link or query, and refuses text without a model', () => {
    expect(pastedQuery(`https://x.example/plan?${query}`)).toEqual({ query });
    expect(pastedQuery(query)).toEqual({ query });
    expect(pastedQuery('https://x.example/frontier?y=out')).toHaveProperty('error');
  });
  it('names each column by the saved name or the scenario in words, never ids, in the table and the CSV', () => {
    const { entries } = readCompareParams(
      slotsQuery([query, slotValue(query, 'Pro on B200, chat')]),
      known,
    );
    const [unnamed, named] = entries;
    const words = scenarioName(unnamed!, catalog);
    expect(words).toContain('DeepSeek-V4-Pro on 8 × NVIDIA B200');
    expect(words).toContain('TP1 EP8 with attention-DP');
    expect(words).toContain('8,192 tokens in / 1,024 tokens out');
    expect(words).not.toMatch(/deepseek-v4-pro|b200\b(?! )/);
    expect(scenarioName(named!, catalog)).toBe('Pro on B200, chat');
    // The name travels beside the Planner query, not inside it.
    expect(named!.query).toBe(query);
    expect(named!.decoded.ignored).toEqual([]);
    const [header, rows] = compareCsv(
      entries.map((e) => ({
        title: scenarioName(e, catalog),
        result: plan(e.decoded.scenario, catalog),
      })),
    );
    expect(header.slice(0, 4)).toEqual(['scenario', 'fits in memory', 'GPUs', 'TTFT (ms)']);
    expect(rows.map((r) => r[0])).toEqual([words, 'Pro on B200, chat']);
    for (const row of rows) {
      expect(row[1]).toBe(true);
      for (const cell of row.slice(2)) expect(['number', 'object']).toContain(typeof cell);
    }
  });
});
