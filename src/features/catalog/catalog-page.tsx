import { useQuery } from '@tanstack/react-query';
import { useMemo, useSyncExternalStore } from 'react';
import { catalogQuery } from '../../catalog/queries';
import { customCatalogStore } from '../../catalog/use-catalog';
import type { CatalogReady } from '../../catalog/catalog-gate';
import { CatalogGate } from '../../catalog/catalog-gate';
import { HardwareTable, ModelsTable } from './catalog-tables';
import { HardwareEditor } from './hardware-editor';
import { HfImportPanel } from './hf-import-panel';
import { ModelEditor } from './model-editor';
import { StorageProblems } from '../../components/storage-problems';

export function CatalogPage() {
  return <CatalogGate>{(ready) => <CatalogContent ready={ready} />}</CatalogGate>;
}

function CatalogContent({ ready }: { ready: CatalogReady }) {
  const shipped = useQuery(catalogQuery);
  const shippedModels = useMemo(() => new Set(shipped.data?.models.keys() ?? []), [shipped.data]);
  const shippedHardware = useMemo(
    () => new Set(shipped.data?.hardware.keys() ?? []),
    [shipped.data],
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
      <CustomStorageProblems />
      <ModelsTable catalog={ready.catalog} customIds={ready.customModelIds} />
      <HardwareTable catalog={ready.catalog} customIds={ready.customHardwareIds} />
      <HfImportPanel shippedIds={shippedModels} />
      <ModelEditor catalog={ready.catalog} shippedIds={shippedModels} />
      <HardwareEditor catalog={ready.catalog} shippedIds={shippedHardware} />
    </div>
  );
}

/** What of this browser's custom models and hardware could not be read, and where it was kept. */
function CustomStorageProblems() {
  const store = customCatalogStore();
  const { problems, asides } = useSyncExternalStore(
    store.subscribe,
    store.getSnapshot,
    store.getSnapshot,
  );
  return (
    <StorageProblems
      title="Some custom models or hardware could not be read"
      problems={problems}
      asides={asides}
      store={store}
      testId="custom-storage-problems"
    />
  );
}
