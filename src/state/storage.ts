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

/** Calls `onChange` when another tab writes `key`. Returns the unsubscribe function. */
export function onOtherTabWrite(key: string, onChange: () => void): () => void {
  if (typeof window === 'undefined') return () => {};
  const listener = (e: StorageEvent) => {
    if (e.key === key || e.key === null) onChange();
  };
  window.addEventListener('storage', listener);
  return () => window.removeEventListener('storage', listener);
}
