import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk } from '../../src/catalog/node';
import { DEFAULT_SCENARIO } from '../../src/core/scenario/schema';
import { encodeScenarioParams } from '../../src/core/scenario/url-codec';
import {
  catalogOfLink,
  customSpecsOf,
  readPlannerParams,
} from '../../src/features/planner/planner-model';

const catalog = loadCatalogFromDisk();
const known = {
  models: new Set(catalog.models.keys()),
  hardware: new Set(catalog.hardware.keys()),
};
const none = { modelIds: new Set<string>(), hardwareIds: new Set<string>() };

describe('the Planner page model', () => {
  it('a bare /plan is the default scenario; a link is decoded with what it could not use', () => {
    expect(readPlannerParams('', known).scenario).toEqual(DEFAULT_SCENARIO);
    const d = readPlannerParams('v=1&m=deepseek-v4-flash&zz=1', known);
    expect(d.scenario.model).toBe('deepseek-v4-flash');
    expect(d.ignored.map((i) => i.key)).toContain('zz');
  });
  it('plans a link on the custom hardware it carries, and a link to it carries it again', () => {
    const gpu = { ...catalog.hardware.get('b200')!, id: 'my-gpu', name: 'My GPU' };
    const s = { ...DEFAULT_SCENARIO, hardware: 'my-gpu' };
    const query = new URLSearchParams(encodeScenarioParams(s, null, gpu)).toString();
    const d = readPlannerParams(query, known);
    const effective = catalogOfLink(catalog, d);
    expect(effective.hardware.get('my-gpu')?.name).toBe('My GPU');
    expect(catalogOfLink(catalog, readPlannerParams('', known))).toBe(catalog);
    const [model, hardware] = customSpecsOf(d.scenario, d, effective, none);
    expect(model).toBeNull();
    expect(hardware?.id).toBe('my-gpu');
    // A shipped GPU needs no spec in the link.
    expect(customSpecsOf(DEFAULT_SCENARIO, d, effective, none)).toEqual([null, null]);
  });
});
