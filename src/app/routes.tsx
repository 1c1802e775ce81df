import type { RouteObject } from 'react-router';
import { PlannerPage } from '../features/planner/planner-page';
import { CatalogPage } from '../features/catalog/catalog-page';
import { ComparePage } from '../features/compare/compare-page';
import { ContextPage } from '../features/context/context-page';
import { FrontierPage } from '../features/frontier/frontier-page';
import { SavedPage } from '../features/saved/saved-page';
import { ValidationPage } from '../features/validation/validation-page';
import { AppShell } from './app-shell';
import { NotFound } from './not-found';

export const routes: RouteObject[] = [
  {
    element: <AppShell />,
    children: [
      { index: true, element: <PlannerPage /> },
      { path: 'plan', element: <PlannerPage /> },
      { path: 'saved', element: <SavedPage /> },
      { path: 'frontier', element: <FrontierPage /> },
      { path: 'context', element: <ContextPage /> },
      { path: 'compare', element: <ComparePage /> },
      { path: 'validation', element: <ValidationPage /> },
      { path: 'catalog', element: <CatalogPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
];
