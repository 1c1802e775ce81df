import { cleanup, render, screen } from '@testing-library/react';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routes } from '../../src/app/routes';
import { ViewError } from '../../src/app/view-error';
import { csvCell, toCsv } from '../../src/components/csv';
import { DEFAULT_SCENARIO } from '../../src/core/scenario/schema';
import { SavedScenarioStore, parseImport } from '../../src/state/saved-scenarios';
import { listKeys, readItem, removeItem, writeItem } from '../../src/state/storage';
import { CustomCatalogStore } from '../../src/state/custom-catalog';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  localStorage.clear();
});

describe('storage that throws on access (private mode, disabled storage)', () => {
  it('the wrappers answer instead of throwing, and the stores keep working empty', async () => {
    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    expect(readItem('x')).toBeNull();
    expect(writeItem('x', '1')).toEqual({
      ok: false,
      reason: 'browser storage is unavailable (private mode or disabled)',
    });
    const saved = new SavedScenarioStore();
    expect(saved.getSnapshot().items).toEqual([]);
    await expect(saved.add('x', DEFAULT_SCENARIO)).resolves.toMatchObject({ ok: false });
    expect(listKeys('x')).toEqual([]);
    expect(removeItem('x')).toMatchObject({ ok: false });
    expect(new CustomCatalogStore().getSnapshot().models).toEqual([]);
  });
});

describe('hostile files', () => {
  it('keeps HTML and script in every string field as inert text', () => {
    const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
    const file = JSON.stringify({
      version: 1,
      items: [
        {
          id: evil.slice(0, 60),
          name: evil,
          createdAt: evil,
          updatedAt: evil,
          scenario: DEFAULT_SCENARIO,
        },
      ],
    });
    const r = parseImport(file);
    if ('error' in r) throw new Error(r.error);
    // React renders strings as text: no element is created from them.
    render(<p data-testid="name">{r.items[0]!.name}</p>);
    expect(screen.getByTestId('name').textContent).toBe(evil);
    expect(screen.getByTestId('name').querySelector('img, script')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });
  it('guards CSV cells against formula injection and quotes what needs quoting', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-2')).toBe('-2'); // a negative number stays a number
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(null)).toBe('');
    expect(toCsv(['h'], [['=1']])).toBe("h\r\n'=1\r\n");
  });
});

describe('error boundaries', () => {
  it('every route has an error element', () => {
    for (const r of routes[0]!.children!)
      expect(r.errorElement, String(r.path ?? 'index')).toBeDefined();
    expect(routes[0]!.errorElement).toBeDefined();
  });
  it('a failing view shows what failed instead of a blank page', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    function Broken(): never {
      throw new Error('kaboom in the view');
    }
    const router = createMemoryRouter([
      { path: '/', element: <Broken />, errorElement: <ViewError /> },
    ]);
    render(<RouterProvider router={router} />);
    expect(screen.getByTestId('view-error').textContent).toContain('kaboom in the view');
    expect(screen.getByRole('button', { name: 'Copy a diagnostic link' })).toBeTruthy();
  });
});

describe('custom catalog storage faults', () => {
  it('sets corrupted or unknown-format data aside, says so, and keeps the readable entries', async () => {
    const { CUSTOM_KEY, CustomCatalogStore, parseCustom } =
      await import('../../src/state/custom-catalog');
    localStorage.setItem(CUSTOM_KEY, '{not json');
    const corrupted = new CustomCatalogStore().getSnapshot();
    expect(corrupted.models).toEqual([]);
    expect(corrupted.problems[0]).toMatch(/corrupted \(not JSON\): kept under/);
    expect(Object.keys(localStorage).some((k) => k.startsWith(`${CUSTOM_KEY}.unreadable.`))).toBe(
      true,
    );
    expect(parseCustom('{"version": 7, "models": [], "hardware": []}').problems[0]).toMatch(
      /newer version/,
    );
    expect(parseCustom('{"models": 1}').problems[0]).toMatch(/unknown format/);
    const mixed = parseCustom(
      JSON.stringify({ version: 1, models: [{ id: 'broken' }], hardware: [] }),
    );
    expect(mixed.problems[0]).toMatch(/1 custom entry was unreadable/);
  });
});
