import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { PlannerPage } from '../features/planner/planner-page';
import { AppShell } from './app-shell';
import type { RouteTitle } from './route-title';
import { NotFound } from './not-found';
import { ViewError } from './view-error';

/** A route whose view's code loads when it is first visited. */
function view<M extends Record<string, unknown>>(
  path: string,
  title: string,
  load: () => Promise<M>,
  component: keyof M & string,
): RouteObject {
  return {
    path,
    handle: { title } satisfies RouteTitle,
    lazy: async () => ({ Component: (await load())[component] as ComponentType }),
    errorElement: <ViewError />,
  };
}

const PLANNER: RouteTitle = { title: 'Planner' };

/** The Planner is the first page most visits open; every other view loads when first visited. */
export const routes: RouteObject[] = [
  {
    element: <AppShell />,
    errorElement: <ViewError />,
    // Shown while a view opened by a link loads its code.
    hydrateFallbackElement: <p className="panel-note">Loading…</p>,
    children: [
      { index: true, handle: PLANNER, element: <PlannerPage />, errorElement: <ViewError /> },
      { path: 'plan', handle: PLANNER, element: <PlannerPage />, errorElement: <ViewError /> },
      view('saved', 'Saved scenarios', () => import('../features/saved/saved-page'), 'SavedPage'),
      view(
        'frontier',
        'Frontier',
        () => import('../features/frontier/frontier-page'),
        'FrontierPage',
      ),
      view(
        'capacity',
        'Capacity',
        () => import('../features/capacity/capacity-page'),
        'CapacityPage',
      ),
      view('context', 'Context', () => import('../features/context/context-page'), 'ContextPage'),
      view('compare', 'Compare', () => import('../features/compare/compare-page'), 'ComparePage'),
      view(
        'validation',
        'Validation',
        () => import('../features/validation/validation-page'),
        'ValidationPage',
      ),
      view('catalog', 'Catalog', () => import('../features/catalog/catalog-page'), 'CatalogPage'),
      view(
        'glossary',
        'Glossary',
        () => import('../features/glossary/glossary-page'),
        'GlossaryPage',
      ),
      {
        path: '*',
        handle: { title: 'Not found' } satisfies RouteTitle,
        element: <NotFound />,
        errorElement: <ViewError />,
      },
    ],
  },
];
