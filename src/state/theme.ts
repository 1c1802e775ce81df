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
}
