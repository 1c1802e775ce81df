import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk } from '../../src/catalog/node';
import { catalogQuery } from '../../src/catalog/queries';
import { useCatalog } from '../../src/catalog/use-catalog';

describe('useCatalog', () => {
  it('returns the same catalog object on every render until the data changes', () => {
    const client = new QueryClient();
    client.setQueryData(catalogQuery.queryKey, loadCatalogFromDisk());
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    );
    const { result, rerender } = renderHook(() => useCatalog(), { wrapper });
    const first = result.current;
    expect(first.status).toBe('ready');
    rerender();
    rerender();
    // Every memo keyed on the catalog (plan() included) recomputes only when it really changes.
    expect(result.current).toBe(first);
  });
});
