import { useQuery } from '@tanstack/react-query';
import { NavLink, Outlet } from 'react-router';
import { catalogQuery } from '../catalog/queries';

export function AppShell() {
  const catalog = useQuery(catalogQuery);
  return (
    <div className="shell">
      <header className="shell-header">
        <NavLink to="/plan" className="brand">
          <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width={28} height={28} />
          Token Factory
        </NavLink>
        <nav aria-label="Main">
          <NavLink to="/plan">Planner</NavLink>
        </nav>
      </header>
      <main className="shell-main">
        <Outlet />
      </main>
      <footer className="shell-footer">
        <span>
          Figures are computed in your browser from the model configs, checkpoint indexes and vendor
          specifications cited in the catalog.
        </span>
        <span data-testid="catalog-version">
          Catalog {catalog.data ? catalog.data.version : catalog.isError ? 'failed to load' : '…'}
        </span>
      </footer>
    </div>
  );
}
