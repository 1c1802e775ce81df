import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { PlannerPage } from '../features/planner/planner-page';
import { AppShell } from './app-shell';
import { NotFound } from './not-found';
import { ViewError } from './view-error';

/** A route whose view's code loads when it is first visited. */
function view<M extends Record<string, unknown>>(
  path: string,
  load: () => Promise<M>,
  component: keyof M & string,
): RouteObject {
  return {
    path,
    lazy: async () => ({ Component: (await load())[component] as ComponentType }),
    errorElement: <ViewError />,
  };
}

/** The Planner is the first page most visits open; every other view loads when first visited. */
export const routes: RouteObject[] = [
  {
    element: <AppShell />,
    errorElement: <ViewError />,
    // Shown while a view opened by a link loads its code.
    hydrateFallbackElement: <p className="panel-note">Loading…</p>,
    children: [
      { index: true, element: <PlannerPage />, errorElement: <ViewError /> },
      { path: 'plan', element: <PlannerPage />, errorElement: <ViewError /> },
      view('saved', () => import('../features/saved/saved-page'), 'SavedPage'),
      view('frontier', () => import('../features/frontier/frontier-page'), 'FrontierPage'),
      view('context', () => import('../features/context/context-page'), 'ContextPage'),
      view('compare', () => import('../features/compare/compare-page'), 'ComparePage'),
      view('validation', () => import('../features/validation/validation-page'), 'ValidationPage'),
      view('catalog', () => import('../features/catalog/catalog-page'), 'CatalogPage'),
      { path: '*', element: <NotFound />, errorElement: <ViewError /> },
    ],
  },
];
