import { afterEach, describe, expect, it } from 'vitest';
import { applyTheme, resolvedTheme, subscribeResolvedTheme } from '../../src/state/theme';

afterEach(() => applyTheme('system', false));

describe('the theme charts draw with', () => {
  it('follows the user’s choice and tells every subscriber when it changes', () => {
    let calls = 0;
    const stop = subscribeResolvedTheme(() => calls++);
    applyTheme('dark', false);
    expect(resolvedTheme()).toBe('dark');
    applyTheme('light', false);
    expect(resolvedTheme()).toBe('light');
    expect(calls).toBe(2);
    stop();
    applyTheme('dark', false);
    expect(calls).toBe(2);
  });
  it('is the system’s scheme when the user chose none', () => {
    applyTheme('system', false);
    const system =
      typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches
        ? 'dark'
        : 'light';
    expect(resolvedTheme()).toBe(system);
  });
});
