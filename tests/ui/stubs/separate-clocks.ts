import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Each test of the file starts an hour after the last, with empty storage: a store watches its
 * writes for a stale overwrite by another tab for minutes, and the stores of earlier tests (in
 * this one window) must not answer the storage events a later test sends.
 */
export function separateTestClocks(): void {
  let clock = Date.UTC(2026, 0, 1);
  beforeEach(() => {
    localStorage.clear();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime((clock += 3_600_000));
  });
  afterEach(() => vi.useRealTimers());
}
