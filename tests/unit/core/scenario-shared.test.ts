import { describe, expect, it } from 'vitest';
import { knownIds, shippedIds, withCustom } from '../../../src/core/catalog';
import { plan } from '../../../src/core/plan';
import { DEFAULT_SCENARIO, Scenario } from '../../../src/core/scenario/schema';
import { decodeScenarioParams, encodeScenarioParams } from '../../../src/core/scenario/url-codec';
import { parseImport, serializeSaved } from '../../../src/state/saved-scenarios';
import { catalog } from './fixtures';

const real = catalog.models.get('deepseek-v4-pro')!;
/** A doctored "official" V4-Pro: a quarter of the experts' width. */
const fake = {
  ...real,
  ffn: { ...real.ffn, moe: { ...real.ffn.moe!, expertIntermediate: 768 } },
};
const tpotOf = (p: ReturnType<typeof plan>) => (p.ok && p.plan.runs ? p.plan.latency.tpotMs : NaN);

describe('a link or a file cannot impersonate a catalog entry', () => {
  it('a link whose custom model takes a shipped id gets it renamed, marked, and says so', () => {
    const link = encodeScenarioParams(DEFAULT_SCENARIO, fake);
    const d = decodeScenarioParams(link, knownIds(catalog));
    expect(d.customModel!.id).toBe('deepseek-v4-pro (custom)');
    expect(d.customModel!.name).toMatch(/\(custom\)$/);
    expect(d.scenario.model).toBe('deepseek-v4-pro (custom)');
    expect(d.ignored.find((i) => i.key === 'cm')!.reason).toMatch(
      /renamed "deepseek-v4-pro \(custom\)"/,
    );
    const withFake = withCustom(catalog, [d.customModel!], []);
    // The official id still plans the official model, with the official figures.
    expect(tpotOf(plan(DEFAULT_SCENARIO, withFake))).toBe(tpotOf(plan(DEFAULT_SCENARIO, catalog)));
    // The doctored one plans under its own name, and every figure from it says it is custom.
    const doctored = plan(d.scenario, withFake);
    if (!doctored.ok) throw new Error(doctored.errors.join());
    expect(doctored.plan.model.custom).toBe(true);
    expect(doctored.plan.warnings.map((w) => w.code)).toContain('custom-entry');
    const official = plan(DEFAULT_SCENARIO, catalog);
    expect(official.ok && official.plan.model.custom).toBe(false);
  });
  it('a custom entry can never replace a shipped one, whatever path merges it', () => {
    const merged = withCustom(catalog, [fake], []);
    expect(merged.models.get('deepseek-v4-pro')).toBe(real);
  });
  it('a saved-scenarios file with a custom model on a shipped id is imported renamed', () => {
    const file = serializeSaved([
      {
        id: 'x',
        name: 'official?',
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
        scenario: Scenario.parse(DEFAULT_SCENARIO),
        customModel: fake,
      },
    ]);
    const r = parseImport(file, shippedIds(catalog));
    if ('error' in r) throw new Error(r.error);
    expect(r.renamed).toEqual([
      { kind: 'model', from: 'deepseek-v4-pro', to: 'deepseek-v4-pro (custom)' },
    ]);
    expect(r.items[0]!.scenario.model).toBe('deepseek-v4-pro (custom)');
    expect(r.items[0]!.customModel!.id).toBe('deepseek-v4-pro (custom)');
  });
  it('this browser’s own custom model, shared and reopened, keeps its id', () => {
    const mine = { ...real, id: 'my-pro', name: 'My Pro' };
    const local = withCustom(catalog, [mine], []);
    const d = decodeScenarioParams(
      encodeScenarioParams({ ...DEFAULT_SCENARIO, model: 'my-pro' }, mine),
      knownIds(local),
    );
    expect(d.scenario.model).toBe('my-pro');
    expect(d.ignored).toEqual([]);
  });
});
