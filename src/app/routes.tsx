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
import { ViewError } from './view-error';

export const routes: RouteObject[] = [
  {
    element: <AppShell />,
    errorElement: <ViewError />,
    children: [
      { index: true, element: <PlannerPage />, errorElement: <ViewError /> },
      { path: 'plan', element: <PlannerPage />, errorElement: <ViewError /> },
      { path: 'saved', element: <SavedPage />, errorElement: <ViewError /> },
      { path: 'frontier', element: <FrontierPage />, errorElement: <ViewError /> },
      { path: 'context', element: <ContextPage />, errorElement: <ViewError /> },
      { path: 'compare', element: <ComparePage />, errorElement: <ViewError /> },
      { path: 'validation', element: <ValidationPage />, errorElement: <ViewError /> },
      { path: 'catalog', element: <CatalogPage />, errorElement: <ViewError /> },
      { path: '*', element: <NotFound />, errorElement: <ViewError /> },
    ],
  },
];
