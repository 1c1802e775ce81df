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
  it('names each column by the scenario in words, in the table and the CSV', () => {
    const name = scenarioName(DEFAULT_SCENARIO);
    expect(name).toContain('8× b200');
    expect(name).toContain('TP1 EP8 DP-attn');
    expect(name).toContain('8,192 / 1,024 tokens');
    const { entries } = readCompareParams(slotsQuery([query]), known);
    const [header, rows] = compareCsv(
      entries.map((e) => ({ decoded: e.decoded, result: plan(e.decoded.scenario, catalog) })),
    );
    expect(header).toEqual(['figure', 'unit', name]);
    expect(rows[0]).toEqual(['fits in memory', '', true]);
    for (const row of rows.slice(1)) expect(['number', 'object']).toContain(typeof row[2]);
  });
});
