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

/** Copies a value of `key` that cannot be read aside, under `key.unreadable.<time>`, so nothing
 * is lost when the key is rewritten. Returns where it went, or why it could not be kept. */
export function copyAside(
  key: string,
  raw: string,
): { ok: true; key: string } | { ok: false; reason: string } {
  const aside = `${key}.unreadable.${new Date().toISOString()}`;
  const kept = writeItem(aside, raw);
  return kept.ok ? { ok: true, key: aside } : kept;
}

export function removeItem(key: string): void {
  try {
    store()?.removeItem(key);
  } catch {
    // Nothing to do: the item stays.
  }
}

/** Calls `onChange` when another tab writes `key`. Returns the unsubscribe function. */
export function onOtherTabWrite(key: string, onChange: () => void): () => void {
  if (typeof window === 'undefined') return () => {};
  const listener = (e: StorageEvent) => {
    if (e.key === key || e.key === null) onChange();
  };
  window.addEventListener('storage', listener);
  return () => window.removeEventListener('storage', listener);
}
