import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { catalogQuery } from '../../catalog/queries';
import { useCatalog } from '../../catalog/use-catalog';
import { HardwareTable, ModelsTable } from './catalog-tables';
import { HardwareEditor } from './hardware-editor';
import { HfImportPanel } from './hf-import-panel';
import { ModelEditor } from './model-editor';

export function CatalogPage() {
  const state = useCatalog();
  const shipped = useQuery(catalogQuery);
  const shippedModels = useMemo(() => new Set(shipped.data?.models.keys() ?? []), [shipped.data]);
  const shippedHardware = useMemo(
    () => new Set(shipped.data?.hardware.keys() ?? []),
    [shipped.data],
  );
  if (state.status === 'pending')
    return (
      <p className="panel" role="status">
        Loading the catalog…
      </p>
    );
  if (state.status === 'error')
    return (
      <p className="panel" role="alert">
        The catalog could not be loaded: {state.error.message}
      </p>
    );
  return (
    <div className="catalog">
      <section className="panel">
        <h1>Catalog</h1>
        <p>
          Every model and accelerator with its figures, units and sources; your own models and
          hardware live in this browser and travel inside the links that use them.
        </p>
      </section>
      <ModelsTable catalog={state.catalog} customIds={state.customModelIds} />
      <HardwareTable catalog={state.catalog} customIds={state.customHardwareIds} />
      <HfImportPanel shippedIds={shippedModels} />
      <ModelEditor catalog={state.catalog} shippedIds={shippedModels} />
      <HardwareEditor catalog={state.catalog} shippedIds={shippedHardware} />
    </div>
  );
}
