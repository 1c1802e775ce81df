import { z } from 'zod';
import { ModelSpec } from '../core/model/schema';
import { Scenario } from '../core/scenario/schema';
import type { ScenarioInput } from '../core/scenario/schema';
import { copyAside, onOtherTabWrite, readItem, writeItem } from './storage';
import type { WriteResult } from './storage';

/**
 * Saved scenarios in localStorage: a versioned envelope, parsed → migrated → validated; anything
 * unreadable is copied aside (never dropped) and reported. Version history:
 *   0 — a bare array of { name, scenario } (pre-release);
 *   1 — { version: 1, items: [{ id, name, createdAt, updatedAt, scenario, customModel? }] }.
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
});
export type SavedScenario = z.infer<typeof SavedScenario>;

const EnvelopeV1 = z.object({ version: z.literal(1), items: z.array(z.unknown()) });
const ItemV0 = z.object({ name: z.string(), scenario: z.unknown() });

export interface LoadResult {
  items: SavedScenario[];
  /** What was set aside and why (shown to the user). */
  problems: string[];
}

const newId = () => `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** Migrates any known version to the v1 item list (still unvalidated). */
export function migrate(raw: unknown): { items: unknown[] } | { error: string } {
  if (Array.isArray(raw)) {
    const now = new Date(0).toISOString();
    return {
      items: raw.map((x) => {
        const v0 = ItemV0.safeParse(x);
        return v0.success
          ? {
              id: newId(),
              name: v0.data.name,
              createdAt: now,
              updatedAt: now,
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
  if (v1.success) return { items: v1.data.items };
  return { error: 'not a saved-scenarios file' };
}

function setAside(raw: string, why: string): string {
  const kept = copyAside(SAVED_KEY, raw);
  return kept.ok
    ? `${why}: the data was kept under "${kept.key}" in this browser's storage`
    : `${why}: the data could not be copied aside (${kept.reason}) and is left untouched`;
}

/** Parses what storage holds. Never throws; never loses the raw data. */
export function parseSaved(raw: string | null): LoadResult {
  if (raw === null) return { items: [], problems: [] };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return {
      items: [],
      problems: [setAside(raw, 'Saved scenarios were corrupted (not JSON)')],
    };
  }
  const m = migrate(json);
  if ('error' in m)
    return {
      items: [],
      problems: [setAside(raw, `Saved scenarios are ${m.error}`)],
    };
  const items: SavedScenario[] = [];
  const bad: unknown[] = [];
  for (const x of m.items) {
    const r = SavedScenario.safeParse(x);
    if (r.success) items.push(r.data);
    else bad.push(x);
  }
  const problems = bad.length
    ? [
        setAside(
          JSON.stringify(bad),
          `${bad.length} saved scenario${bad.length > 1 ? 's were' : ' was'} unreadable`,
        ),
      ]
    : [];
  return { items, problems };
}

export function serializeSaved(items: readonly SavedScenario[]): string {
  return JSON.stringify({ version: SAVED_VERSION, items });
}

/** A small external store over localStorage for useSyncExternalStore. */
export class SavedScenarioStore {
  private snapshot: LoadResult;
  private listeners = new Set<() => void>();
  private unsubscribeTabs: (() => void) | null = null;

  constructor() {
    this.snapshot = parseSaved(readItem(SAVED_KEY));
  }

  getSnapshot = (): LoadResult => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    this.unsubscribeTabs ??= onOtherTabWrite(SAVED_KEY, () => this.reload());
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.unsubscribeTabs?.();
        this.unsubscribeTabs = null;
      }
    };
  };

  reload(): void {
    const next = parseSaved(readItem(SAVED_KEY));
    this.snapshot = { items: next.items, problems: [...this.snapshot.problems, ...next.problems] };
    this.emit();
  }

  private emit() {
    for (const l of this.listeners) l();
  }

  /** Callers pass a list built from a fresh read, so another tab's writes are not lost. */
  private write(items: SavedScenario[]): WriteResult {
    const r = writeItem(SAVED_KEY, serializeSaved(items));
    if (r.ok) {
      this.snapshot = { items, problems: this.snapshot.problems };
      this.emit();
    }
    return r;
  }

  add(
    name: string,
    scenario: ScenarioInput,
    customModel?: ModelSpec,
  ): WriteResult & { id?: string } {
    const parsed = Scenario.safeParse(scenario);
    if (!parsed.success) return { ok: false, reason: 'the scenario is not valid' };
    const now = new Date().toISOString();
    const item: SavedScenario = {
      id: newId(),
      name: name.trim() || 'Untitled',
      createdAt: now,
      updatedAt: now,
      scenario: parsed.data,
      ...(customModel ? { customModel } : {}),
    };
    const latest = parseSaved(readItem(SAVED_KEY)).items;
    const r = this.write([...latest, item]);
    return r.ok ? { ...r, id: item.id } : r;
  }

  rename(id: string, name: string): WriteResult {
    const latest = parseSaved(readItem(SAVED_KEY)).items;
    return this.write(
      latest.map((x) =>
        x.id === id
          ? { ...x, name: name.trim() || x.name, updatedAt: new Date().toISOString() }
          : x,
      ),
    );
  }

  duplicate(id: string): WriteResult {
    const latest = parseSaved(readItem(SAVED_KEY)).items;
    const src = latest.find((x) => x.id === id);
    if (!src) return { ok: false, reason: 'no such saved scenario' };
    const now = new Date().toISOString();
    return this.write([
      ...latest,
      { ...src, id: newId(), name: `${src.name} (copy)`, createdAt: now, updatedAt: now },
    ]);
  }

  remove(id: string): WriteResult {
    const latest = parseSaved(readItem(SAVED_KEY)).items;
    return this.write(latest.filter((x) => x.id !== id));
  }

  importItems(
    incoming: readonly SavedScenario[],
  ): WriteResult & { added?: number; duplicates?: number } {
    const merged = mergeImported(parseSaved(readItem(SAVED_KEY)).items, incoming);
    const r = this.write(merged.items);
    return r.ok ? { ...r, added: merged.added, duplicates: merged.duplicates } : r;
  }

  dismissProblems(): void {
    this.snapshot = { items: this.snapshot.items, problems: [] };
    this.emit();
  }
}

/** Files above this are refused before they are read into memory or parsed. */
export const MAX_IMPORT_BYTES = 5_000_000;

/**
 * A saved-scenarios file (any known version) as items, or why it cannot be imported. Nothing is
 * imported from a file with any unreadable item: a bad file changes nothing.
 */
export function parseImport(text: string): { items: SavedScenario[] } | { error: string } {
  if (text.length > MAX_IMPORT_BYTES)
    return { error: `the file is larger than ${MAX_IMPORT_BYTES / 1e6} MB` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { error: 'the file is not JSON' };
  }
  const m = migrate(json);
  if ('error' in m) return { error: `the file is ${m.error}` };
  const items: SavedScenario[] = [];
  for (const [i, x] of m.items.entries()) {
    const r = SavedScenario.safeParse(x);
    if (!r.success)
      return {
        error: `scenario ${i + 1} is not valid (${r.error.issues[0]?.path.join('.') ?? ''}: ${r.error.issues[0]?.message ?? ''})`,
      };
    items.push(r.data);
  }
  return { items };
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
