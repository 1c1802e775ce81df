import { useQuery } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { useEffect, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useMatches } from 'react-router';
import { catalogQuery } from '../catalog/queries';
import { KERNEL_ATTRIBUTION } from '../core/kernels/schema';
import type { ThemePreference } from '../state/theme';
import { applyTheme, loadTheme } from '../state/theme';
import type { RouteTitle } from './route-title';

/**
 * The release prompt, loaded after the first paint (nothing of it shows on a first visit). Not
 * React.lazy: it registers the service worker while it first renders, and a suspended render can
 * be interrupted, so the worker's first news ("works offline") would reach a component not yet
 * mounted. Here it mounts in one ordinary update once its code has arrived.
 */
function DeferredUpdatePrompt() {
  const [Prompt, setPrompt] = useState<ComponentType | null>(null);
  useEffect(() => {
    let live = true;
    void import('./update-prompt').then((m) => {
      if (live) setPrompt(() => m.UpdatePrompt);
    });
    return () => {
      live = false;
    };
  }, []);
  return Prompt ? <Prompt /> : null;
}

export function AppShell() {
  const catalog = useQuery(catalogQuery);
  const [theme, setTheme] = useState<ThemePreference>(loadTheme);
  const matches = useMatches();
  const { pathname } = useLocation();
  // On a narrow screen the views' links fold under a Menu button; opening a view folds them.
  const [menuOpenOn, setMenuOpenOn] = useState<string | null>(null);
  const menuOpen = menuOpenOn === pathname;
  const setMenuOpen = (open: boolean) => setMenuOpenOn(open ? pathname : null);
  // The deepest route that names its page (routes.tsx gives each one a title).
  const title = matches
    .map((m) => (m.handle as Partial<RouteTitle> | undefined)?.title)
    .findLast((t) => t !== undefined);
  useEffect(() => applyTheme(theme, false), [theme]);
  useEffect(() => {
    document.title = `${title ?? 'Token Factory'} — Token Factory`;
  }, [title]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell-header">
        <NavLink to="/plan" className="brand">
          <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width={28} height={28} />
          Token Factory
        </NavLink>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="site-menu"
          onClick={() => setMenuOpen(!menuOpen)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setMenuOpen(false);
          }}
        >
          Menu
        </button>
        <div id="site-menu" className={menuOpen ? 'site-menu open' : 'site-menu'}>
          <nav aria-label="Main">
            <NavLink to="/plan">Planner</NavLink>
            <NavLink to="/frontier">Frontier</NavLink>
            <NavLink to="/capacity">Capacity</NavLink>
            <NavLink to="/context">Context</NavLink>
            <NavLink to="/compare">Compare</NavLink>
            <NavLink to="/saved">Saved</NavLink>
            <NavLink to="/validation">Validation</NavLink>
            <NavLink to="/catalog">Catalog</NavLink>
            <NavLink to="/glossary">Glossary</NavLink>
          </nav>
          <label className="theme-switch">
            Theme{' '}
            <select
              value={theme}
              onChange={(e) => {
                const t = e.target.value as ThemePreference;
                setTheme(t);
                applyTheme(t);
              }}
            >
              <option value="system">System</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          </label>
        </div>
      </header>
      <main className="shell-main" id="main">
        <Outlet />
      </main>
      {/* Last in reading order and floating over the page: release news never moves content. */}
      <DeferredUpdatePrompt />
      <footer className="shell-footer">
        <span>
          Computed in your browser from Hugging Face model configs and checkpoint indexes,
          accelerator datasheets and SemiAnalysis InferenceX specs and TCO, and published
          measurements (InferenceX, LMSYS, vLLM, NVIDIA), each cited in the catalog;{' '}
          {KERNEL_ATTRIBUTION} (per-operation GPU timings under TensorRT-LLM, SGLang and vLLM). GiB
          = 2³⁰ bytes. Terms: <Link to="/glossary">glossary</Link>.
        </span>
        <span data-testid="catalog-version">
          Catalog {catalog.data ? catalog.data.version : catalog.isError ? 'failed to load' : '…'}
        </span>
      </footer>
    </div>
  );
}
