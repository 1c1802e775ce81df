import { z } from 'zod';
import type { CustomIds } from '../core/catalog';
import { parseJsonText } from '../core/json-text';
import type { RenamedEntry } from '../core/scenario/shared';
import { claimCustomIds } from '../core/scenario/shared';
import { HardwareSpec } from '../core/hardware/schema';
import { ModelSpec } from '../core/model/schema';
import { Scenario } from '../core/scenario/schema';
import type { ScenarioInput } from '../core/scenario/schema';
import type { WriteResult } from './storage';
import type { AsideCopy, VersionedSpec } from './versioned-store';
import { decode, snapshotView, VersionedStore } from './versioned-store';

/**
 * Saved scenarios in localStorage, kept by the versioned store (versioned-store.ts): parsed →
 * migrated → validated; anything unreadable is copied aside once and reported. Version history:
 *   0 — a bare array of { name, scenario } (pre-release);
 *   1 — { version: 1, items: [{ id, name, createdAt, updatedAt, scenario, customModel?,
 *         customHardware? }] } (customHardware was added later: older v1 data reads as it is).
 */
export const SAVED_KEY = 'tokenfactory.saved';
export const SAVED_VERSION = 1;

export const SavedScenario = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  createdAt: z.string(),
  updatedAt: z.string(),
  scenario: Scenario,
  customModel: ModelSpec.optional(),
  customHardware: HardwareSpec.optional(),
});
export type SavedScenario = z.infer<typeof SavedScenario>;

const EnvelopeV1 = z.object({ version: z.literal(1), items: z.array(z.unknown()) });
const ItemV0 = z.object({ name: z.string(), scenario: z.unknown() });

export interface LoadResult {
  items: SavedScenario[];
  /** What was set aside and why, or why saving is paused (shown to the user). */
  problems: string[];
  /** Unreadable data kept aside, until the user exports or deletes it. */
  asides: AsideCopy[];
}

const newId = () => `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/**
 * Any known version as the v1 item list (still unvalidated). Pure and deterministic: a v0 item
 * gets the id `v0-<position>` and the epoch as its dates, so the same old data always reads the
 * same (a rename before the migrated data is written back finds its item).
 */
export function migrate(raw: unknown): { items: unknown[]; migrated: boolean } | { error: string } {
  if (Array.isArray(raw)) {
    const epoch = new Date(0).toISOString();
    return {
      migrated: true,
      items: raw.map((x, i) => {
        const v0 = ItemV0.safeParse(x);
        return v0.success
          ? {
              id: `v0-${i + 1}`,
              name: v0.data.name,
              createdAt: epoch,
              updatedAt: epoch,
              scenario: v0.data.scenario,
            }
          : x;
      }),
    };
  }
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > SAVED_VERSION)
    return { error: `saved by a newer version of Token Factory (format ${version})` };
  const v1 = EnvelopeV1.safeParse(raw);
  if (v1.success) return { items: v1.data.items, migrated: false };
  return { error: 'not a saved-scenarios file' };
}

/** Saved scenarios as a file (export) or, with the write's revision, as stored. */
export function serializeSaved(items: readonly SavedScenario[], rev?: number): string {
  return JSON.stringify(
    rev === undefined ? { version: SAVED_VERSION, items } : { version: SAVED_VERSION, rev, items },
  );
}

export const SAVED_SPEC: VersionedSpec<SavedScenario[]> = {
  key: SAVED_KEY,
  label: 'Saved scenarios',
  entry: ['saved scenario', 'saved scenarios'],
  version: SAVED_VERSION,
  empty: [],
  migrate: (json) => {
    const m = migrate(json);
    return 'error' in m ? m : { value: m.items, migrated: m.migrated };
  },
  validate: (value) => {
    const data: SavedScenario[] = [];
    const unreadable: unknown[] = [];
    for (const x of value as unknown[]) {
      const r = SavedScenario.safeParse(x);
      if (r.success) data.push(r.data);
      else unreadable.push(x);
    }
    return { data, unreadable };
  },
  serialize: (items, rev) => serializeSaved(items, rev),
};

/** What storage holds, read without side effects: the items, and what could not be read. */
export function parseSaved(raw: string | null): LoadResult {
  const d = decode(SAVED_SPEC, raw);
  return { items: d.data, problems: d.aside ? [d.aside.why] : [], asides: [] };
}

/** Saved scenarios over the versioned store, as useSyncExternalStore reads them. */
export class SavedScenarioStore {
  private store = new VersionedStore(SAVED_SPEC);

  getSnapshot: () => LoadResult = snapshotView(this.store, (s) => ({
    items: s.data,
    problems: s.problems,
    asides: s.asides,
  }));

  subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  add(
    name: string,
    scenario: ScenarioInput,
    customModel?: ModelSpec,
    customHardware?: HardwareSpec,
  ): Promise<WriteResult & { id?: string }> {
    const parsed = Scenario.safeParse(scenario);
    if (!parsed.success) return Promise.resolve({ ok: false, reason: 'the scenario is not valid' });
    const now = new Date().toISOString();
    const item: SavedScenario = {
      id: newId(),
      name: name.trim() || 'Untitled',
      createdAt: now,
      updatedAt: now,
      scenario: parsed.data,
      ...(customModel ? { customModel } : {}),
      ...(customHardware ? { customHardware } : {}),
    };
    return this.store
      .update((latest) =>
        latest.some((x) => x.id === item.id) ? { next: latest } : { next: [...latest, item] },
      )
      .then((r) => (r.ok ? { ...r, id: item.id } : r));
  }

  rename(id: string, name: string): Promise<WriteResult> {
    const now = new Date().toISOString();
    return this.store.update((latest) =>
      latest.some((x) => x.id === id)
        ? {
            next: latest.map((x) =>
              x.id === id && x.name !== (name.trim() || x.name)
                ? { ...x, name: name.trim() || x.name, updatedAt: now }
                : x,
            ),
          }
        : { error: 'no such saved scenario' },
    );
  }

  duplicate(id: string): Promise<WriteResult> {
    // Fixed outside the change, so applying it again adds nothing.
    const copyId = newId();
    const now = new Date().toISOString();
    return this.store.update((latest) => {
      if (latest.some((x) => x.id === copyId)) return { next: latest };
      const src = latest.find((x) => x.id === id);
      if (!src) return { error: 'no such saved scenario' };
      return {
        next: [
          ...latest,
          { ...src, id: copyId, name: `${src.name} (copy)`, createdAt: now, updatedAt: now },
        ],
      };
    });
  }

  remove(id: string): Promise<WriteResult> {
    return this.store.update((latest) => ({ next: latest.filter((x) => x.id !== id) }));
  }

  importItems(
    incoming: readonly SavedScenario[],
  ): Promise<WriteResult & { added?: number; duplicates?: number }> {
    let counts = { added: 0, duplicates: 0 };
    return this.store
      .update((latest) => {
        const merged = mergeImported(latest, incoming);
        counts = { added: merged.added, duplicates: merged.duplicates };
        return { next: merged.items };
      })
      .then((r) => (r.ok ? { ...r, ...counts } : r));
  }

  dismissProblems(): void {
    this.store.dismissProblems();
  }

  asideText(key: string): string | null {
    return this.store.asideText(key);
  }

  discardAside(key: string): Promise<WriteResult> {
    return this.store.discardAside(key);
  }
}

/** Files above this are refused before they are read into memory or parsed. */
export const MAX_IMPORT_BYTES = 5_000_000;

/**
 * A saved-scenarios file (any known version) as items, or why it cannot be imported. Nothing is
 * imported from a file with any unreadable item: a bad file changes nothing.
 */
export function parseImport(
  text: string,
  /** The catalog's shipped ids: a file's custom entry that takes one is renamed. */
  shipped?: CustomIds,
): { items: SavedScenario[]; renamed: RenamedEntry[] } | { error: string } {
  if (text.length > MAX_IMPORT_BYTES)
    return { error: `the file is larger than ${MAX_IMPORT_BYTES / 1e6} MB` };
  const parsed = parseJsonText(text);
  if ('error' in parsed) return { error: 'the file is not JSON' };
  const json = parsed.value;
  const m = migrate(json);
  if ('error' in m) return { error: `the file is ${m.error}` };
  const items: SavedScenario[] = [];
  const renamed: RenamedEntry[] = [];
  for (const [i, x] of m.items.entries()) {
    const r = SavedScenario.safeParse(x);
    if (!r.success)
      return {
        error: `scenario ${i + 1} is not valid (${r.error.issues[0]?.path.join('.') ?? ''}: ${r.error.issues[0]?.message ?? ''})`,
      };
    if (!shipped) {
      items.push(r.data);
      continue;
    }
    const claimed = claimCustomIds(r.data, shipped);
    renamed.push(...claimed.renamed);
    const { scenario, customModel, customHardware } = claimed.shared;
    items.push({
      ...r.data,
      // Only the ids change: the parsed scenario keeps its defaults.
      scenario: { ...r.data.scenario, model: scenario.model, hardware: scenario.hardware },
      ...(customModel ? { customModel } : {}),
      ...(customHardware ? { customHardware } : {}),
    });
  }
  return { items, renamed };
}

/** Merges imported items: identical ones are skipped; a clashing id gets a new one. */
export function mergeImported(
  current: readonly SavedScenario[],
  incoming: readonly SavedScenario[],
): { items: SavedScenario[]; added: number; duplicates: number } {
  const same = (a: SavedScenario, b: SavedScenario) =>
    a.name === b.name && JSON.stringify(a.scenario) === JSON.stringify(b.scenario);
  const items = [...current];
  let added = 0;
  let duplicates = 0;
  for (const x of incoming) {
    if (items.some((y) => same(x, y))) {
      duplicates += 1;
      continue;
    }
    items.push(items.some((y) => y.id === x.id) ? { ...x, id: newId() } : x);
    added += 1;
  }
  return { items, added, duplicates };
}
