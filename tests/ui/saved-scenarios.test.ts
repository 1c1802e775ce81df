import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SCENARIO } from '../../src/core/scenario/schema';
import { SAVED_KEY, SavedScenarioStore, parseSaved } from '../../src/state/saved-scenarios';
import { separateTestClocks } from './stubs/separate-clocks';

const fixture = (name: string) => readFileSync(join(process.cwd(), 'tests/fixtures', name), 'utf8');
const asideKeys = () =>
  Object.keys(localStorage).filter((k) => k.startsWith(`${SAVED_KEY}.unreadable.`));

separateTestClocks();

describe('saved scenarios: versions and migrations', () => {
  it('reads the v0 fixture (a bare array) through the migration', () => {
    const r = parseSaved(fixture('saved-v0.json'));
    expect(r.problems).toEqual([]);
    expect(r.items).toHaveLength(1);
    expect(r.items[0]!.name).toBe('Pro on B200 (v0)');
    expect(r.items[0]!.scenario.gpus).toBe(8);
  });
  it('reads the v1 fixture as it is', () => {
    const r = parseSaved(fixture('saved-v1.json'));
    expect(r.items.map((i) => i.id)).toEqual(['s-fixture-1']);
    expect(r.items[0]!.scenario.workload.concurrency).toBe('max');
  });
  it('keeps corrupted storage aside once and says so, instead of dropping it', () => {
    const corrupted = '{"version": 1, "items": [ oops';
    // Reading is pure: parsing says what is wrong and writes nothing.
    expect(parseSaved(corrupted).problems[0]).toMatch(/corrupted/);
    expect(asideKeys()).toHaveLength(0);
    localStorage.setItem(SAVED_KEY, corrupted);
    const r = new SavedScenarioStore().getSnapshot();
    expect(r.items).toEqual([]);
    expect(r.problems[0]).toMatch(/corrupted \(not JSON\): kept under/);
    expect(asideKeys()).toHaveLength(1);
    expect(localStorage.getItem(asideKeys()[0]!)).toBe(corrupted);
    // A second visit finds the copy and makes no other.
    new SavedScenarioStore();
    new SavedScenarioStore();
    expect(asideKeys()).toHaveLength(1);
  });
  it('keeps the readable items and sets aside only the unreadable ones', () => {
    const v1 = JSON.parse(fixture('saved-v1.json'));
    v1.items.push({ id: 'bad', name: 'bad', scenario: { model: 'x' } });
    const r = parseSaved(JSON.stringify(v1));
    expect(r.items).toHaveLength(1);
    expect(r.problems[0]).toMatch(/1 saved scenario was unreadable/);
  });
  it('migrates old data deterministically and writes it back once in the current version', async () => {
    expect(parseSaved(fixture('saved-v0.json')).items[0]!.id).toBe(
      parseSaved(fixture('saved-v0.json')).items[0]!.id,
    );
    localStorage.setItem(SAVED_KEY, fixture('saved-v0.json'));
    const store = new SavedScenarioStore();
    expect(JSON.parse(localStorage.getItem(SAVED_KEY)!).version).toBe(1);
    const id = store.getSnapshot().items[0]!.id;
    expect((await store.rename(id, 'renamed')).ok).toBe(true);
    expect(new SavedScenarioStore().getSnapshot().items[0]!.name).toBe('renamed');
  });
  it('renames nothing and says so when the scenario is gone', async () => {
    expect(await new SavedScenarioStore().rename('nope', 'x')).toEqual({
      ok: false,
      reason: 'no such saved scenario',
    });
  });
  it('does not read (or overwrite) data from a newer version', () => {
    const r = parseSaved(JSON.stringify({ version: 9, items: [] }));
    expect(r.items).toEqual([]);
    expect(r.problems[0]).toMatch(/newer version/);
  });
});

describe('saved scenarios: the store', () => {
  it('saves, renames, duplicates and deletes, persisting each change', async () => {
    const store = new SavedScenarioStore();
    const a = await store.add('first', DEFAULT_SCENARIO);
    expect(a.ok).toBe(true);
    const id = store.getSnapshot().items[0]!.id;
    expect((await store.rename(id, 'renamed')).ok).toBe(true);
    expect((await store.duplicate(id)).ok).toBe(true);
    expect(new SavedScenarioStore().getSnapshot().items.map((i) => i.name)).toEqual([
      'renamed',
      'renamed (copy)',
    ]);
    expect((await store.remove(id)).ok).toBe(true);
    expect(new SavedScenarioStore().getSnapshot().items.map((i) => i.name)).toEqual([
      'renamed (copy)',
    ]);
  });
  it('never saves over data it could neither read nor keep aside (full storage)', async () => {
    const v1 = JSON.parse(fixture('saved-v1.json'));
    v1.items.push({ id: 'bad', name: 'bad', scenario: { model: 'x' } });
    const stored = JSON.stringify(v1);
    localStorage.setItem(SAVED_KEY, stored);
    // Nearly full: the copy aside (as large as the unreadable data) no longer fits, while a save
    // that drops the unreadable item still would.
    const setItem = Storage.prototype.setItem;
    const spy = vi.spyOn(window.localStorage, 'setItem').mockImplementation(function (
      this: Storage,
      key: string,
      value: string,
    ) {
      if (key.includes('.unreadable.'))
        throw Object.assign(new Error('full'), { name: 'QuotaExceededError' });
      setItem.call(this, key, value);
    });
    const store = new SavedScenarioStore();
    const r = await store.add('x', DEFAULT_SCENARIO);
    spy.mockRestore();
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/could not be kept aside .* saving is paused/);
    expect(store.getSnapshot().problems[0]).toMatch(/export or delete/);
    expect(localStorage.getItem(SAVED_KEY)).toBe(stored);
  });
  it('reports a full storage instead of throwing, and changes nothing', async () => {
    const store = new SavedScenarioStore();
    const spy = vi.spyOn(window.localStorage, 'setItem').mockImplementation(() => {
      throw Object.assign(new Error('full'), { name: 'QuotaExceededError' });
    });
    const r = await store.add('x', DEFAULT_SCENARIO);
    spy.mockRestore();
    expect(r).toEqual({ ok: false, reason: 'browser storage is full' });
    expect(store.getSnapshot().items).toEqual([]);
  });
  it('follows writes made by another tab (storage event)', () => {
    const store = new SavedScenarioStore();
    const seen: number[] = [];
    const unsubscribe = store.subscribe(() => seen.push(store.getSnapshot().items.length));
    localStorage.setItem(SAVED_KEY, fixture('saved-v1.json'));
    window.dispatchEvent(new StorageEvent('storage', { key: SAVED_KEY }));
    unsubscribe();
    expect(seen).toEqual([1]);
    expect(store.getSnapshot().items[0]!.name).toBe('Flash on 4xB200');
  });
  it('never lets a later write from this tab drop what another tab saved', async () => {
    const mine = new SavedScenarioStore();
    const other = new SavedScenarioStore();
    await other.add('from the other tab', DEFAULT_SCENARIO);
    await mine.add('from this tab', DEFAULT_SCENARIO);
    expect(new SavedScenarioStore().getSnapshot().items.map((i) => i.name)).toEqual([
      'from the other tab',
      'from this tab',
    ]);
  });
});

describe('saved scenarios: export and import', () => {
  it('imports an exported file, skips duplicates and renumbers clashing ids', async () => {
    const { parseImport, serializeSaved, mergeImported } =
      await import('../../src/state/saved-scenarios');
    const v1 = parseSaved(fixture('saved-v1.json')).items;
    const file = serializeSaved(v1);
    const parsed = parseImport(file);
    if ('error' in parsed) throw new Error(parsed.error);
    const again = mergeImported(v1, parsed.items);
    expect(again).toMatchObject({ added: 0, duplicates: 1 });
    const clash = mergeImported(v1, [{ ...parsed.items[0]!, name: 'different' }]);
    expect(clash.added).toBe(1);
    expect(new Set(clash.items.map((i) => i.id)).size).toBe(2);
  });
  it('reads a v0 file through the migration', async () => {
    const { parseImport } = await import('../../src/state/saved-scenarios');
    const r = parseImport(fixture('saved-v0.json'));
    expect('items' in r && r.items[0]!.name).toBe('Pro on B200 (v0)');
  });
  it('refuses a bad file whole, saying why, and changes nothing', async () => {
    const { parseImport } = await import('../../src/state/saved-scenarios');
    expect(parseImport('<html>')).toEqual({ error: 'the file is not JSON' });
    expect(parseImport('{"version": 42, "items": []}')).toMatchObject({
      error: expect.stringMatching(/newer version/),
    });
    const v1 = JSON.parse(fixture('saved-v1.json'));
    v1.items.push({
      id: 'x',
      name: 'x',
      createdAt: '',
      updatedAt: '',
      scenario: { model: 'x', gpus: -1 },
    });
    expect(parseImport(JSON.stringify(v1))).toMatchObject({
      error: expect.stringMatching(/scenario 2 is not valid/),
    });
    expect(parseImport('x'.repeat(5_000_001))).toMatchObject({
      error: expect.stringMatching(/larger than/),
    });
  });
});

describe('a saved scenario with custom hardware (SharedScenario)', () => {
  it('keeps it through save, reload, the saved link, export and import, and plans with it', async () => {
    const { loadCatalogFromDisk } = await import('../../src/catalog/node');
    const { planHref } = await import('../../src/navigation/paths');
    const { decodeScenarioParams } = await import('../../src/core/scenario/url-codec');
    const { catalogFor } = await import('../../src/core/scenario/shared');
    const { plan } = await import('../../src/core/plan');
    const { parseImport, serializeSaved } = await import('../../src/state/saved-scenarios');
    const catalog = loadCatalogFromDisk();
    const gpu = { ...catalog.hardware.get('b200')!, id: 'my-gpu', name: 'My GPU' };
    const scenario = { ...DEFAULT_SCENARIO, hardware: 'my-gpu' };
    expect((await new SavedScenarioStore().add('mine', scenario, undefined, gpu)).ok).toBe(true);
    const item = new SavedScenarioStore().getSnapshot().items[0]!;
    expect(item.customHardware?.id).toBe('my-gpu');
    const link = new URL(
      planHref(item.scenario, item.customModel ?? null, item.customHardware),
      'http://x',
    );
    const known = {
      models: new Set(catalog.models.keys()),
      hardware: new Set(catalog.hardware.keys()),
    };
    const d = decodeScenarioParams([...link.searchParams], known);
    expect(d.customHardware?.id).toBe('my-gpu');
    const back = parseImport(serializeSaved([item]));
    expect('items' in back && back.items[0]!.customHardware?.id).toBe('my-gpu');
    expect(plan(item.scenario, catalogFor(item, catalog)).ok).toBe(true);
    expect(plan(item.scenario, catalog).ok).toBe(false);
  });
});
