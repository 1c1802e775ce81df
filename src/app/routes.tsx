import type { RouteObject } from 'react-router';
import { PlannerPage } from '../features/planner/planner-page';
import { AppShell } from './app-shell';
import { NotFound } from './not-found';
import { ViewError } from './view-error';

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
      {
        path: 'saved',
        lazy: async () => ({ Component: (await import('../features/saved/saved-page')).SavedPage }),
        errorElement: <ViewError />,
      },
      {
        path: 'frontier',
        lazy: async () => ({
          Component: (await import('../features/frontier/frontier-page')).FrontierPage,
        }),
        errorElement: <ViewError />,
      },
      {
        path: 'context',
        lazy: async () => ({
          Component: (await import('../features/context/context-page')).ContextPage,
        }),
        errorElement: <ViewError />,
      },
      {
        path: 'compare',
        lazy: async () => ({
          Component: (await import('../features/compare/compare-page')).ComparePage,
        }),
        errorElement: <ViewError />,
      },
      {
        path: 'validation',
        lazy: async () => ({
          Component: (await import('../features/validation/validation-page')).ValidationPage,
        }),
        errorElement: <ViewError />,
      },
      {
        path: 'catalog',
        lazy: async () => ({
          Component: (await import('../features/catalog/catalog-page')).CatalogPage,
        }),
        errorElement: <ViewError />,
      },
      { path: '*', element: <NotFound />, errorElement: <ViewError /> },
    ],
  },
];
