/**
 * One way to keep versioned data in localStorage (saved scenarios, the custom catalog):
 * - reading is pure: `decode` turns what storage holds into the current version's data, through
 *   deterministic migrations, and says what it could not read; it writes nothing;
 * - the store, when it loads, copies unreadable data aside once (under a key named by its
 *   content, so a second visit finds it there and writes nothing) and writes migrated data back
 *   once in the current version;
 * - it never writes over data it could neither read nor copy aside: such a save is refused,
 *   saying how to free space;
 * - every change starts from a fresh read, so another tab's writes are kept; other tabs' writes
 *   reach this one through the storage event.
 */
import { onOtherTabWrite, readItem, writeItem } from './storage';
import type { WriteResult } from './storage';

export interface VersionedSpec<T> {
  key: string;
  /** What the data is, for messages ("Saved scenarios"). */
  label: string;
  /** One entry and several, for messages ("saved scenario", "saved scenarios"). */
  entry: readonly [one: string, many: string];
  version: number;
  empty: T;
  /**
   * Any known version's JSON as the current version's (still unvalidated), or why not. Pure and
   * deterministic: the same input gives the same output (ids included).
   */
  migrate: (json: unknown) => { value: unknown; migrated: boolean } | { error: string };
  /** The current version's value validated: the readable data and what could not be read. */
  validate: (value: unknown) => { data: T; unreadable: unknown[] };
  serialize: (data: T) => string;
}

export interface Decoded<T> {
  data: T;
  /** Raw text to keep aside (all of it, or the unreadable items), with why; null if all read. */
  aside: { raw: string; why: string } | null;
  /** Read from an older version: written back once in the current one. */
  migrated: boolean;
}

/** What storage holds, read. Pure: no storage access, no side effects. */
export function decode<T>(spec: VersionedSpec<T>, raw: string | null): Decoded<T> {
  if (raw === null) return { data: spec.empty, aside: null, migrated: false };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return {
      data: spec.empty,
      aside: { raw, why: `${spec.label} were corrupted (not JSON)` },
      migrated: false,
    };
  }
  const m = spec.migrate(json);
  if ('error' in m)
    return {
      data: spec.empty,
      aside: { raw, why: `${spec.label} are ${m.error}` },
      migrated: false,
    };
  const { data, unreadable } = spec.validate(m.value);
  if (unreadable.length === 0) return { data, aside: null, migrated: m.migrated };
  const n = unreadable.length;
  return {
    data,
    aside: {
      raw: JSON.stringify(unreadable),
      why: `${n} ${n > 1 ? `${spec.entry[1]} were` : `${spec.entry[0]} was`} unreadable`,
    },
    migrated: m.migrated,
  };
}

/** FNV-1a of a string, in base 36: names the aside copy by its content. */
function contentHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

export const asideKeyOf = (key: string, raw: string): string =>
  `${key}.unreadable.${contentHash(raw)}`;

export interface StoreSnapshot<T> {
  data: T;
  /** What could not be read and where it was kept, or why saving is refused. */
  problems: string[];
}

export class VersionedStore<T> {
  private snapshot: StoreSnapshot<T>;
  private listeners = new Set<() => void>();
  private off: (() => void) | null = null;
  /** Why writes are refused: unreadable data that could not be kept aside. */
  private blocked: string | null = null;

  private readonly spec: VersionedSpec<T>;

  constructor(spec: VersionedSpec<T>) {
    this.spec = spec;
    this.snapshot = this.load([]);
  }

  getSnapshot = (): StoreSnapshot<T> => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    this.off ??= onOtherTabWrite(this.spec.key, () => {
      this.snapshot = this.load(this.snapshot.problems);
      this.emit();
    });
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.off?.();
        this.off = null;
      }
    };
  };

  /** Reads storage, keeps what it cannot read aside (once), writes migrated data back (once). */
  private load(earlier: readonly string[]): StoreSnapshot<T> {
    const raw = readItem(this.spec.key);
    const d = decode(this.spec, raw);
    const problems = [...earlier];
    this.blocked = null;
    if (d.aside) {
      const kept = this.keepAside(d.aside.raw);
      const message = kept.ok
        ? `${d.aside.why}: kept under "${kept.key}" in this browser's storage`
        : `${d.aside.why}, and could not be kept aside (${kept.reason}): saving is paused so nothing is overwritten; export or delete data to free space`;
      if (!kept.ok) this.blocked = message;
      if (!problems.includes(message)) problems.push(message);
    } else if (d.migrated) {
      writeItem(this.spec.key, this.spec.serialize(d.data));
    }
    return { data: d.data, problems };
  }

  private keepAside(raw: string): { ok: true; key: string } | { ok: false; reason: string } {
    const key = asideKeyOf(this.spec.key, raw);
    if (readItem(key) === raw) return { ok: true, key };
    const w = writeItem(key, raw);
    return w.ok ? { ok: true, key } : w;
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  /** Applies a change to the latest stored data (another tab's writes included) and saves it. */
  update(change: (latest: T) => { next: T } | { error: string }): WriteResult {
    const latest = this.load(this.snapshot.problems);
    if (this.blocked) {
      this.snapshot = latest;
      this.emit();
      return { ok: false, reason: this.blocked };
    }
    const c = change(latest.data);
    if ('error' in c) return { ok: false, reason: c.error };
    const w = writeItem(this.spec.key, this.spec.serialize(c.next));
    this.snapshot = w.ok ? { data: c.next, problems: latest.problems } : latest;
    this.emit();
    return w;
  }

  dismissProblems(): void {
    this.snapshot = { data: this.snapshot.data, problems: [] };
    this.emit();
  }
}

/**
 * A store's snapshot in another shape, as useSyncExternalStore needs it: the same object until the
 * store's snapshot changes.
 */
export function snapshotView<T, V>(
  store: VersionedStore<T>,
  shape: (s: StoreSnapshot<T>) => V,
): () => V {
  let seen: StoreSnapshot<T> | null = null;
  let view: V | null = null;
  return () => {
    const s = store.getSnapshot();
    if (s !== seen || view === null) {
      seen = s;
      view = shape(s);
    }
    return view;
  };
}
