import { describe, expect, it } from 'vitest';
import { compareHref, planHref, planModelHref, scenarioQuery } from '../../src/navigation/paths';
import { loadCatalogFromDisk } from '../../src/catalog/node';
import { DEFAULT_SCENARIO } from '../../src/core/scenario/schema';
import { decodeScenarioParams } from '../../src/core/scenario/url-codec';

const catalog = loadCatalogFromDisk();
const known = {
  models: new Set(catalog.models.keys()),
  hardware: new Set(catalog.hardware.keys()),
};
const decode = (href: string) =>
  decodeScenarioParams([...new URL(href, 'http://x').searchParams], known);

describe('links between views', () => {
  it('a Planner link opens the same scenario, with its custom model', () => {
    const custom = { ...catalog.models.get('deepseek-v4-flash')!, id: 'my-flash', name: 'Mine' };
    const s = { ...DEFAULT_SCENARIO, model: 'my-flash', gpus: 16 };
    const d = decode(planHref(s, custom));
    expect(d.ignored).toEqual([]);
    expect(d.scenario).toMatchObject({ model: 'my-flash', gpus: 16 });
    expect(d.customModel?.id).toBe('my-flash');
  });

  it("a model's Planner link opens that model at the defaults", () => {
    const d = decode(planModelHref('qwen3-235b-a22b'));
    expect(d.ignored).toEqual([]);
    expect(d.scenario.model).toBe('qwen3-235b-a22b');
  });

  it('a Compare link carries each scenario in its own slot', () => {
    const a = scenarioQuery(DEFAULT_SCENARIO);
    const b = scenarioQuery({ ...DEFAULT_SCENARIO, hardware: 'h200-sxm' });
    const url = new URL(compareHref([a, b]), 'http://x');
    expect(url.pathname).toBe('/compare');
    expect(url.searchParams.get('s1')).toBe(a);
    expect(url.searchParams.get('s2')).toBe(b);
  });
});
