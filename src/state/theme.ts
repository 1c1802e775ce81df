import { readItem, writeItem } from './storage';

export type ThemePreference = 'system' | 'light' | 'dark';
const KEY = 'tokenfactory.theme';

export function loadTheme(): ThemePreference {
  const v = readItem(KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

/** Applies the preference to <html data-theme> (CSS follows the system when absent) and stores it. */
export function applyTheme(pref: ThemePreference, persist = true): void {
  if (pref === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = pref;
  if (persist) writeItem(KEY, pref);
  for (const l of listeners) l();
}

/** The theme the page shows: the user's choice, else the system's. */
export type ResolvedTheme = 'light' | 'dark';
const DARK = '(prefers-color-scheme: dark)';
const listeners = new Set<() => void>();

export function resolvedTheme(): ResolvedTheme {
  const chosen = document.documentElement.dataset.theme;
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return typeof matchMedia === 'function' && matchMedia(DARK).matches ? 'dark' : 'light';
}

/** Calls `onChange` when the shown theme may have changed (a choice, or the system's scheme);
 * for useSyncExternalStore with `resolvedTheme`. */
export function subscribeResolvedTheme(onChange: () => void): () => void {
  listeners.add(onChange);
  const system = typeof matchMedia === 'function' ? matchMedia(DARK) : null;
  system?.addEventListener('change', onChange);
  return () => {
    listeners.delete(onChange);
    system?.removeEventListener('change', onChange);
  };
}
