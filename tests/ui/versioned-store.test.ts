import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SCENARIO } from '../../src/core/scenario/schema';
import { SAVED_KEY, SavedScenarioStore } from '../../src/state/saved-scenarios';
import { CUSTOM_KEY, CustomCatalogStore } from '../../src/state/custom-catalog';
import { separateTestClocks } from './stubs/separate-clocks';

separateTestClocks();
afterEach(() => vi.unstubAllGlobals());

/** Web Locks as a browser runs them: one holder per name at a time, the rest wait in order. */
function fakeLocks() {
  const tails = new Map<string, Promise<unknown>>();
  const log: string[] = [];
  let held: string | null = null;
  const locks = {
    request<R>(name: string, cb: () => R | Promise<R>): Promise<R> {
      const run = (tails.get(name) ?? Promise.resolve()).then(async () => {
        held = name;
        log.push(`take ${name}`);
        try {
          return await cb();
        } finally {
          log.push(`release ${name}`);
          held = null;
        }
      });
      tails.set(
        name,
        run.catch(() => undefined),
      );
      return run;
    },
  };
  return { locks, log, heldNow: () => held };
}

describe('saving across tabs', () => {
  it('every read-modify-write of the saved scenarios runs while holding their Web Lock', async () => {
    const { locks, log, heldNow } = fakeLocks();
    vi.stubGlobal('navigator', { ...navigator, locks });
    const writesUnderLock: Array<string | null> = [];
    const setItem = Storage.prototype.setItem;
    const spy = vi.spyOn(window.localStorage, 'setItem').mockImplementation(function (
      this: Storage,
      key: string,
      value: string,
    ) {
      if (key === SAVED_KEY) writesUnderLock.push(heldNow());
      setItem.call(this, key, value);
    });
    const a = new SavedScenarioStore();
    const b = new SavedScenarioStore();
    // Both "tabs" save at once: each change waits for the other's to finish.
    const results = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => a.add(`a${i}`, DEFAULT_SCENARIO)),
      ...Array.from({ length: 20 }, (_, i) => b.add(`b${i}`, DEFAULT_SCENARIO)),
    ]);
    spy.mockRestore();
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new SavedScenarioStore().getSnapshot().items).toHaveLength(40);
    expect(writesUnderLock).toHaveLength(40);
    expect(writesUnderLock.every((h) => h === `${SAVED_KEY}.lock`)).toBe(true);
    expect(log.slice(0, 2)).toEqual([`take ${SAVED_KEY}.lock`, `release ${SAVED_KEY}.lock`]);
  });

  it('the custom catalog takes its own lock, not the saved scenarios’', async () => {
    const { locks, log } = fakeLocks();
    vi.stubGlobal('navigator', { ...navigator, locks });
    const r = await new CustomCatalogStore().removeModel('nothing');
    expect(r.ok).toBe(true);
    expect(log).toEqual([`take ${CUSTOM_KEY}.lock`, `release ${CUSTOM_KEY}.lock`]);
  });

  it('a lock the browser refuses is reported, and nothing is written', async () => {
    vi.stubGlobal('navigator', {
      ...navigator,
      locks: { request: () => Promise.reject(new DOMException('aborted', 'AbortError')) },
    });
    const r = await new SavedScenarioStore().add('x', DEFAULT_SCENARIO);
    expect(r).toEqual({ ok: false, reason: 'another tab held the storage lock (AbortError)' });
    expect(localStorage.getItem(SAVED_KEY)).toBeNull();
  });
});

describe('a write another tab made from a stale read', () => {
  /** Another tab's write of `items` at revision `rev`, as this tab sees it. */
  const otherTabWrites = (rev: number, items: unknown[]) => {
    const value = JSON.stringify({ version: 1, rev, items });
    localStorage.setItem(SAVED_KEY, value);
    window.dispatchEvent(new StorageEvent('storage', { key: SAVED_KEY, newValue: value }));
  };
  const names = () => new SavedScenarioStore().getSnapshot().items.map((i) => i.name);

  it('is caught by its revision, and this tab applies its change again', async () => {
    const store = new SavedScenarioStore();
    await store.add('before', DEFAULT_SCENARIO); // rev 1
    const before = JSON.parse(localStorage.getItem(SAVED_KEY)!).items;
    await store.add('mine', DEFAULT_SCENARIO); // rev 2
    // The other tab read rev 1 (its cache had not seen rev 2) and wrote rev 2 over ours.
    otherTabWrites(2, [...before, { ...before[0], id: 'theirs', name: 'theirs' }]);
    await vi.waitFor(() => expect(names()).toEqual(['before', 'theirs', 'mine']));
    expect(JSON.parse(localStorage.getItem(SAVED_KEY)!).rev).toBe(3);
  });

  it('a later change made after reading ours is kept: nothing deleted comes back', async () => {
    const store = new SavedScenarioStore();
    await store.add('mine', DEFAULT_SCENARIO); // rev 1
    otherTabWrites(2, []); // the other tab read rev 1 and deleted it
    await new Promise((r) => setTimeout(r, 20));
    expect(names()).toEqual([]);
  });

  it('applying a change again changes nothing (no duplicate save, no second write)', async () => {
    const store = new SavedScenarioStore();
    await store.add('mine', DEFAULT_SCENARIO); // rev 1
    const stored = localStorage.getItem(SAVED_KEY);
    // An older write reaching this tab late looks stale too: the change is applied again.
    otherTabWrites(1, JSON.parse(stored!).items);
    await new Promise((r) => setTimeout(r, 20));
    expect(names()).toEqual(['mine']);
    expect(localStorage.getItem(SAVED_KEY)).toBe(stored);
  });

  it('a change found already there is still watched: a stale write after that is caught too', async () => {
    const store = new SavedScenarioStore();
    await store.add('mine', DEFAULT_SCENARIO); // rev 1
    const items = JSON.parse(localStorage.getItem(SAVED_KEY)!).items;
    // A late echo of rev 1: the change is applied again and found there (nothing written)...
    otherTabWrites(1, items);
    await new Promise((r) => setTimeout(r, 20));
    // ...then a tab that read nothing writes its own save over ours, at revision 1.
    otherTabWrites(1, [{ ...items[0], id: 'theirs', name: 'theirs' }]);
    await vi.waitFor(() => expect(names()).toEqual(['theirs', 'mine']));
  });

  it('is caught when a busy machine delivers it half a minute late', async () => {
    const store = new SavedScenarioStore();
    await store.add('before', DEFAULT_SCENARIO); // rev 1
    const before = JSON.parse(localStorage.getItem(SAVED_KEY)!).items;
    await store.add('mine', DEFAULT_SCENARIO); // rev 2
    vi.setSystemTime(Date.now() + 30_000);
    otherTabWrites(2, [...before, { ...before[0], id: 'theirs', name: 'theirs' }]);
    await vi.waitFor(() => expect(names()).toEqual(['before', 'theirs', 'mine']));
  });
});

describe('data kept aside', () => {
  it('stays listed with its size until deleted, exports its exact text, and is copied once', async () => {
    const bad = '{"version":1,"items":[{"id":"x"}]} and garbage';
    localStorage.setItem(SAVED_KEY, bad);
    const store = new SavedScenarioStore();
    const [aside] = store.getSnapshot().asides;
    expect(aside?.key).toMatch(new RegExp(`^${SAVED_KEY.replace('.', '\\.')}\\.unreadable\\.`));
    expect(aside?.chars).toBe(bad.length);
    expect(store.asideText(aside!.key)).toBe(bad);
    // A second visit finds the same copy: nothing more is written.
    expect(new SavedScenarioStore().getSnapshot().asides).toHaveLength(1);
    // Dismissing the message keeps the copy listed.
    store.dismissProblems();
    expect(store.getSnapshot().problems).toEqual([]);
    expect(store.getSnapshot().asides).toHaveLength(1);
    expect(await store.discardAside(aside!.key)).toEqual({ ok: true });
    expect(localStorage.getItem(aside!.key)).toBeNull();
    // Deleted for good: the store's own key now holds the readable data (none), so no later
    // read finds the unreadable value to copy aside again.
    expect(JSON.parse(localStorage.getItem(SAVED_KEY)!)).toMatchObject({ version: 1, items: [] });
    expect(new SavedScenarioStore().getSnapshot()).toMatchObject({ asides: [], problems: [] });
  });

  it('deleting an unreadable item keeps the readable ones', async () => {
    const good = await new SavedScenarioStore().add('good', DEFAULT_SCENARIO);
    expect(good.ok).toBe(true);
    const stored = JSON.parse(localStorage.getItem(SAVED_KEY)!);
    stored.items.push({ id: 'bad', name: 'bad' });
    localStorage.setItem(SAVED_KEY, JSON.stringify(stored));
    const store = new SavedScenarioStore();
    expect(store.getSnapshot().items.map((i) => i.name)).toEqual(['good']);
    expect(store.asideText(store.getSnapshot().asides[0]!.key)).toBe('[{"id":"bad","name":"bad"}]');
    await store.discardAside(store.getSnapshot().asides[0]!.key);
    expect(new SavedScenarioStore().getSnapshot()).toMatchObject({ asides: [], problems: [] });
    expect(new SavedScenarioStore().getSnapshot().items.map((i) => i.name)).toEqual(['good']);
  });

  it('reads or deletes only its own copies aside', async () => {
    localStorage.setItem('tokenfactory.custom', '{"version":1,"models":[],"hardware":[]}');
    localStorage.setItem('something.else', 'keep');
    const store = new SavedScenarioStore();
    expect(store.asideText('something.else')).toBeNull();
    expect(await store.discardAside('something.else')).toMatchObject({ ok: false });
    expect(localStorage.getItem('something.else')).toBe('keep');
  });

  it('custom-catalog problems are kept aside and listed too', () => {
    localStorage.setItem(CUSTOM_KEY, '{"version":1,"models":[{"id":"broken"}],"hardware":[]}');
    const s = new CustomCatalogStore().getSnapshot();
    expect(s.problems[0]).toMatch(/1 custom entry was unreadable/);
    expect(s.asides).toHaveLength(1);
    expect(s.asides[0]!.key.startsWith(`${CUSTOM_KEY}.unreadable.`)).toBe(true);
  });
});
