/**
 * The only place that touches localStorage. Every access is wrapped: private windows, disabled
 * storage, quota errors and other tabs never throw into the app; failures come back as values.
 */
export type WriteResult = { ok: true } | { ok: false; reason: string };

function store(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

export function readItem(key: string): string | null {
  try {
    return store()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function writeItem(key: string, value: string): WriteResult {
  const s = store();
  if (!s) return { ok: false, reason: 'browser storage is unavailable (private mode or disabled)' };
  try {
    s.setItem(key, value);
    return { ok: true };
  } catch (e) {
    const name = (e as { name?: string }).name;
    return {
      ok: false,
      reason:
        name === 'QuotaExceededError'
          ? 'browser storage is full'
          : `browser storage refused the write (${name ?? 'error'})`,
    };
  }
}

/**
 * Calls `onChange` with the new value when another tab writes `key` (null when it was removed or
 * storage cleared). Returns the unsubscribe function.
 */
export function onOtherTabWrite(key: string, onChange: (value: string | null) => void): () => void {
  if (typeof window === 'undefined') return () => {};
  const listener = (e: StorageEvent) => {
    if (e.key === key || e.key === null) onChange(e.key === null ? null : e.newValue);
  };
  window.addEventListener('storage', listener);
  return () => window.removeEventListener('storage', listener);
}

/** Keys in storage that start with `prefix`, sorted; none when storage cannot be read. */
export function listKeys(prefix: string): string[] {
  const s = store();
  if (!s) return [];
  try {
    const keys: string[] = [];
    for (let i = 0; i < s.length; i++) {
      const k = s.key(i);
      if (k !== null && k.startsWith(prefix)) keys.push(k);
    }
    return keys.sort();
  } catch {
    return [];
  }
}

export function removeItem(key: string): WriteResult {
  const s = store();
  if (!s) return { ok: false, reason: 'browser storage is unavailable (private mode or disabled)' };
  try {
    s.removeItem(key);
    return { ok: true };
  } catch (e) {
    return {
      ok: false,
      reason: `browser storage refused the change (${(e as { name?: string }).name ?? 'error'})`,
    };
  }
}

interface LockManagerLike {
  request<R>(name: string, callback: () => R | Promise<R>): Promise<R>;
}

function lockManager(): LockManagerLike | null {
  try {
    const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
    return locks && typeof locks.request === 'function' ? locks : null;
  } catch {
    return null;
  }
}

/**
 * Runs `work` while holding the browser's lock named `name` (Web Locks: shared by every tab of
 * the origin), so a read-modify-write of one key in one tab never interleaves with another tab's.
 * Where the browser has no Web Locks (old browsers, tests), it runs at once: one tab stays safe.
 * A lock that cannot be taken is reported, not thrown.
 */
export async function withLock<R extends WriteResult>(
  name: string,
  work: () => R,
): Promise<R | { ok: false; reason: string }> {
  const locks = lockManager();
  if (!locks) return work();
  try {
    return await locks.request(name, work);
  } catch (e) {
    return {
      ok: false,
      reason: `another tab held the storage lock (${(e as { name?: string }).name ?? 'error'})`,
    };
  }
}
