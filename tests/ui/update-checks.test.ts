import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scheduleUpdateChecks, UPDATE_CHECK_MS } from '../../src/app/update-checks';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const setVisibility = (state: 'visible' | 'hidden') => {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
};

describe('a long-open tab learns of new releases', () => {
  it('checks every hour, not before', () => {
    const check = vi.fn();
    const stop = scheduleUpdateChecks(check);
    vi.advanceTimersByTime(UPDATE_CHECK_MS - 1);
    expect(check).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(check).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(2 * UPDATE_CHECK_MS);
    expect(check).toHaveBeenCalledTimes(3);
    stop();
  });

  it('checks when the tab comes back into view or back online, not when it is hidden', () => {
    const check = vi.fn();
    const stop = scheduleUpdateChecks(check);
    setVisibility('hidden');
    expect(check).not.toHaveBeenCalled();
    setVisibility('visible');
    expect(check).toHaveBeenCalledTimes(1);
    window.dispatchEvent(new Event('online'));
    expect(check).toHaveBeenCalledTimes(2);
    stop();
  });

  it('stops checking once stopped', () => {
    const check = vi.fn();
    scheduleUpdateChecks(check)();
    vi.advanceTimersByTime(3 * UPDATE_CHECK_MS);
    setVisibility('visible');
    window.dispatchEvent(new Event('online'));
    expect(check).not.toHaveBeenCalled();
  });
});
