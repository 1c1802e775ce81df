/**
 * One way to keep versioned data in localStorage (saved scenarios, the custom catalog):
 * - reading is pure: `decode` turns what storage holds into the current version's data, through
 *   deterministic migrations, and says what it could not read; it writes nothing;
 * - the store, when it loads, copies unreadable data aside once (under a key named by its
 *   content, so a second visit finds it there and writes nothing) and writes migrated data back
 *   once in the current version;
 * - it never writes over data it could neither read nor copy aside: such a save is refused,
 *   saying how to free space;
 * - every change is a read-modify-write under the key's Web Lock, so two tabs saving at once both
 *   keep their change; other tabs' writes reach this one through the storage event;
 * - each write carries a revision one above the one it read. A browser's localStorage is cached
 *   per process and another tab's write can reach this cache a moment after the lock does: a tab
 *   that read such a stale value writes a revision no higher than one already written. Each tab
 *   watches its recent changes for a while and, seeing a write of a revision no higher than its
 *   own, applies its change again (changes are idempotent: applying one twice changes nothing);
 * - what was copied aside stays listed (with its size) until the user exports or deletes it.
 */
import { listKeys, onOtherTabWrite, readItem, removeItem, withLock, writeItem } from './storage';
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
  /** The data as stored, with the revision of the write. */
  serialize: (data: T, rev: number) => string;
}

/** A change to a store's data; applying it to data that already has it changes nothing. */
export type Change<T> = (latest: T) => { next: T } | { error: string };

/**
 * How long a tab watches its own writes for a stale overwrite by another tab. The stale window
 * itself is short (until the other tab's cache catches up), but a busy machine delivers storage
 * events late: a burst of hundreds of saves from two tabs takes several seconds on two loaded
 * cores, and with a 10 s watch one such run kept 299 of 300 saves. Minutes leave ample margin.
 */
const WATCH_MS = 120_000;
/** Most recent writes watched at once (the oldest is let go first); a burst never grows it past. */
const WATCH_MAX = 1_000;

/** The revision a stored value was written with (0 for data without one). */
export function revisionOf(raw: string | null): number {
  if (raw === null) return 0;
  const m = /"rev":(\d+)/.exec(raw.slice(0, 64));
  return m ? Number(m[1]) : 0;
}

export interface Decoded<T> {
  data: T;
  /** The revision it was written with (0 if none). */
  rev: number;
  /** Raw text to keep aside (all of it, or the unreadable items), with why; null if all read. */
  aside: { raw: string; why: string } | null;
  /** Read from an older version: written back once in the current one. */
  migrated: boolean;
}

/** What storage holds, read. Pure: no storage access, no side effects. */
export function decode<T>(spec: VersionedSpec<T>, raw: string | null): Decoded<T> {
  if (raw === null) return { data: spec.empty, rev: 0, aside: null, migrated: false };
  const rev = revisionOf(raw);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return {
      data: spec.empty,
      rev,
      aside: { raw, why: `${spec.label} were corrupted (not JSON)` },
      migrated: false,
    };
  }
  const m = spec.migrate(json);
  if ('error' in m)
    return {
      data: spec.empty,
      rev,
      aside: { raw, why: `${spec.label} are ${m.error}` },
      migrated: false,
    };
  const { data, unreadable } = spec.validate(m.value);
  if (unreadable.length === 0) return { data, rev, aside: null, migrated: m.migrated };
  const n = unreadable.length;
  return {
    data,
    rev,
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

const asidePrefix = (key: string) => `${key}.unreadable.`;

export const asideKeyOf = (key: string, raw: string): string =>
  `${asidePrefix(key)}${contentHash(raw)}`;

/** Unreadable data this store copied aside, still in storage. */
export interface AsideCopy {
  key: string;
  /** Its size as stored (UTF-16 code units, about bytes for JSON). */
  chars: number;
}

export interface StoreSnapshot<T> {
  data: T;
  /** The revision the data was read at. */
  rev: number;
  /** What could not be read and where it was kept, or why saving is refused. */
  problems: string[];
  /** Copies aside, kept (and listed) until the user exports or deletes them. */
  asides: AsideCopy[];
}

export class VersionedStore<T> {
  private snapshot: StoreSnapshot<T>;
  private listeners = new Set<() => void>();
  private off: (() => void) | null = null;
  /** Why writes are refused: unreadable data that could not be kept aside. */
  private blocked: string | null = null;
  /** This tab's recent writes, watched for a stale overwrite by another tab. */
  private recent: Array<{ change: Change<T>; rev: number; until: number }> = [];
  private offRecent: (() => void) | null = null;

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
      writeItem(this.spec.key, this.spec.serialize(d.data, d.rev));
    }
    return { data: d.data, rev: d.rev, problems, asides: this.asides() };
  }

  private asides(): AsideCopy[] {
    return listKeys(asidePrefix(this.spec.key)).map((key) => ({
      key,
      chars: readItem(key)?.length ?? 0,
    }));
  }

  /** The text of a copy aside (for export), or null if it is gone. */
  asideText(key: string): string | null {
    return key.startsWith(asidePrefix(this.spec.key)) ? readItem(key) : null;
  }

  /**
   * Deletes a copy aside (the user has exported it or does not want it). Where the unreadable
   * data is still in the store's own key, the readable data is written there first (as a save
   * would), so the next read does not copy it aside again.
   */
  discardAside(key: string): Promise<WriteResult> {
    if (!key.startsWith(asidePrefix(this.spec.key)))
      return Promise.resolve({ ok: false, reason: 'not a copy kept aside by this store' });
    return withLock(`${this.spec.key}.lock`, () => {
      const latest = this.load(this.snapshot.problems);
      if (this.blocked) return { ok: false, reason: this.blocked };
      const clean = this.spec.serialize(latest.data, latest.rev + 1);
      const raw = readItem(this.spec.key);
      const w =
        raw === null || raw === clean ? { ok: true as const } : writeItem(this.spec.key, clean);
      if (!w.ok) return w;
      const r = removeItem(key);
      const problems = latest.problems.filter((p) => !p.includes(`"${key}"`));
      this.snapshot = this.load(problems);
      this.emit();
      return r;
    });
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

  /**
   * Applies a change to the latest stored data (another tab's writes included) and saves it,
   * holding the key's lock across tabs from the read to the write.
   */
  async update(change: Change<T>): Promise<WriteResult> {
    const r = await withLock(`${this.spec.key}.lock`, () => this.updateNow(change));
    if (r.ok && 'rev' in r && r.rev !== undefined) this.watch(change, r.rev);
    return r.ok ? { ok: true } : r;
  }

  private updateNow(change: Change<T>): WriteResult | { ok: true; rev?: number } {
    const latest = this.load(this.snapshot.problems);
    if (this.blocked) {
      this.snapshot = latest;
      this.emit();
      return { ok: false, reason: this.blocked };
    }
    const c = change(latest.data);
    if ('error' in c) return { ok: false, reason: c.error };
    // Already there (a change applied again): nothing to write. It is still watched at the
    // revision it was seen in: a tab whose cache had not caught up can yet write over it.
    if (
      readItem(this.spec.key) !== null &&
      this.spec.serialize(c.next, 0) === this.spec.serialize(latest.data, 0)
    )
      return { ok: true, rev: latest.rev };
    const rev = latest.rev + 1;
    const w = writeItem(this.spec.key, this.spec.serialize(c.next, rev));
    this.snapshot = w.ok ? { ...latest, data: c.next, rev } : latest;
    this.emit();
    return w.ok ? { ok: true, rev } : w;
  }

  private watch(change: Change<T>, rev: number): void {
    this.recent.push({ change, rev, until: Date.now() + WATCH_MS });
    if (this.recent.length > WATCH_MAX) this.recent.splice(0, this.recent.length - WATCH_MAX);
    this.offRecent ??= onOtherTabWrite(this.spec.key, (raw) => this.recheck(raw));
  }

  /** Another tab wrote: if at a revision no higher than one of ours, it had not read ours. */
  private recheck(raw: string | null): void {
    const now = Date.now();
    const seen = revisionOf(raw);
    const live = this.recent.filter((w) => w.until > now);
    const lost = live.filter((w) => seen <= w.rev);
    this.recent = live.filter((w) => seen > w.rev);
    if (this.recent.length === 0 && lost.length === 0) {
      this.offRecent?.();
      this.offRecent = null;
    }
    for (const w of lost) void this.update(w.change);
  }

  dismissProblems(): void {
    this.snapshot = { ...this.snapshot, problems: [] };
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
