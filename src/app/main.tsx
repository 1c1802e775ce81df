import './zod-config';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider, createBrowserRouter } from 'react-router';
import { routes } from './routes';
import './app.css';
import './shell.css';

// Anything that escapes the views is logged here, and only logged: nothing leaves the browser.
window.addEventListener('error', (e) =>
  console.error('Token Factory: uncaught error', e.error ?? e.message),
);
window.addEventListener('unhandledrejection', (e) =>
  console.error('Token Factory: unhandled rejection', e.reason),
);

const queryClient = new QueryClient();
const router = createBrowserRouter(routes, {
  basename: import.meta.env.BASE_URL.replace(/\/$/, '') || '/',
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// In a transition: the first render runs in slices a slow phone's main thread can interleave.
startTransition(() =>
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </StrictMode>,
  ),
);
