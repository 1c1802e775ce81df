import { useSyncExternalStore } from 'react';
import { SavedScenarioStore } from './saved-scenarios';
import type { LoadResult } from './saved-scenarios';

let store: SavedScenarioStore | null = null;

/** The one saved-scenario store of this tab (created on first use). */
export function savedStore(): SavedScenarioStore {
  store ??= new SavedScenarioStore();
  return store;
}

/** Saved scenarios, kept current across this tab's writes and other tabs' (storage events). */
export function useSavedScenarios(): LoadResult {
  const s = savedStore();
  return useSyncExternalStore(s.subscribe, s.getSnapshot, s.getSnapshot);
}
