import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { planHref } from '../../navigation/paths';
import type { SavedScenario } from '../../state/saved-scenarios';
import { MAX_IMPORT_BYTES, parseImport, serializeSaved } from '../../state/saved-scenarios';
import { downloadText } from '../../components/csv';
import type { CsvTable } from '../../components/export-csv-button';
import { ExportCsvButton } from '../../components/export-csv-button';
import { useCatalog } from '../../catalog/use-catalog';
import { useKernelCatalog } from '../../catalog/kernels-query';
import type { Catalog } from '../../core/catalog';
import { catalogFor } from '../../core/scenario/shared';
import { COST_DEFINITION } from '../../core/economics';
import { plan } from '../../core/plan';
import { savedStore, useSavedScenarios } from '../../state/use-saved';
import { JsonFileButton } from '../../components/json-file-button';

function planLink(s: SavedScenario): string {
  return planHref(s.scenario, s.customModel ?? null, s.customHardware ?? null);
}

function figures(
  item: SavedScenario,
  catalog: Catalog | null,
): { tpot: string; perGpu: string; usd: string } {
  const none = { tpot: '—', perGpu: '—', usd: '—' };
  if (!catalog) return none;
  const r = plan(item.scenario, catalogFor(item, catalog));
  if (!r.ok) return none;
  const p = r.plan;
  if (!p.runs) return { tpot: 'does not fit', perGpu: '—', usd: '—' };
  return {
    tpot: `${p.latency.tpotMs.toFixed(1)} ms`,
    perGpu: `${p.throughput.outputTokPerSecPerGpu.toFixed(0)} tok/s`,
    usd:
      p.cost.usdPerMillionOutputTokens === null
        ? '—'
        : `$${p.cost.usdPerMillionOutputTokens.toFixed(3)}`,
  };
}

function Row({
  item,
  catalog,
  onMessage,
}: {
  item: SavedScenario;
  catalog: Catalog | null;
  onMessage: (m: string) => void;
}) {
  const f = figures(item, catalog);
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(item.name);
  const s = item.scenario;
  const report = (what: string, r: { ok: boolean; reason?: string }) =>
    onMessage(r.ok ? what : `Could not ${what.toLowerCase()}: ${r.reason}`);
  return (
    <tr data-testid="saved-row">
      <th scope="row">
        {renaming ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              report('Renamed', savedStore().rename(item.id, name));
              setRenaming(false);
            }}
          >
            <label className="visually-hidden" htmlFor={`rename-${item.id}`}>
              New name
            </label>
            <input
              id={`rename-${item.id}`}
              value={name}
              maxLength={200}
              autoFocus
              onChange={(e) => setName(e.target.value)}
            />
            <button type="submit">OK</button>
          </form>
        ) : (
          <Link to={planLink(item)}>{item.name}</Link>
        )}
      </th>
      <td>
        {s.model} · {s.gpus}× {s.hardware} · {s.workload.inputTokens.toLocaleString('en-US')} in /{' '}
        {s.workload.outputTokens.toLocaleString('en-US')} out · {String(s.workload.concurrency)}{' '}
        users
      </td>
      <td data-testid="saved-tpot">{f.tpot}</td>
      <td>{f.perGpu}</td>
      <td>{f.usd}</td>
      <td>{new Date(item.updatedAt).toLocaleString()}</td>
      <td className="actions">
        <Link to={planLink(item)}>Open</Link>
        <button type="button" onClick={() => setRenaming(true)}>
          Rename
        </button>
        <button type="button" onClick={() => report('Duplicated', savedStore().duplicate(item.id))}>
          Duplicate
        </button>
        <button
          type="button"
          onClick={() => {
            if (window.confirm(`Delete “${item.name}”?`))
              report('Deleted', savedStore().remove(item.id));
          }}
        >
          Delete
        </button>
      </td>
    </tr>
  );
}

const EMPTY_CATALOG: Catalog = { version: '', models: new Map(), hardware: new Map() };

export function SavedPage() {
  const { items, problems } = useSavedScenarios();
  const loaded = useCatalog();
  const savedHardware = useMemo(() => items.map((i) => i.scenario.hardware), [items]);
  const priced = useKernelCatalog(
    loaded.status === 'ready' ? loaded.catalog : EMPTY_CATALOG,
    loaded.status === 'ready' ? savedHardware : [],
  );
  const catalog: typeof loaded =
    loaded.status === 'ready' && priced.pending.length === 0
      ? { ...loaded, catalog: priced.catalog }
      : loaded.status === 'ready'
        ? { status: 'pending' }
        : loaded;
  const [message, setMessage] = useState<string | null>(null);
  return (
    <section className="panel">
      <h1>Saved scenarios</h1>
      {problems.length ? (
        <div className="notice" role="alert" data-testid="storage-problems">
          <h2>Some saved data could not be read</h2>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          <button type="button" onClick={() => savedStore().dismissProblems()}>
            Dismiss
          </button>
        </div>
      ) : null}
      <div className="saved-tools">
        <button
          type="button"
          disabled={items.length === 0}
          onClick={() =>
            downloadText('token-factory-scenarios.json', serializeSaved(items), 'application/json')
          }
        >
          Export all (JSON)
        </button>
        <ExportCsvButton
          fileName="saved-scenarios.csv"
          disabled={items.length === 0}
          table={(): CsvTable => [
            [
              'name',
              'model',
              'hardware',
              'GPUs',
              'input tokens',
              'output tokens',
              'concurrency',
              'TPOT',
              'output per GPU',
              '$ per 1M output',
            ],
            items.map((i) => {
              const f = figures(i, catalog.status === 'ready' ? catalog.catalog : null);
              const w = i.scenario.workload;
              return [
                i.name,
                i.scenario.model,
                i.scenario.hardware,
                i.scenario.gpus,
                w.inputTokens,
                w.outputTokens,
                w.concurrency,
                f.tpot,
                f.perGpu,
                f.usd,
              ];
            }),
          ]}
        />
        <JsonFileButton
          label="Import a file…"
          maxBytes={MAX_IMPORT_BYTES}
          onTooLarge={() =>
            setMessage(`Nothing imported: the file is larger than ${MAX_IMPORT_BYTES / 1e6} MB.`)
          }
          onText={(text) => {
            const parsed = parseImport(text);
            if ('error' in parsed) {
              setMessage(`Nothing imported: ${parsed.error}.`);
              return;
            }
            const r = savedStore().importItems(parsed.items);
            setMessage(
              r.ok
                ? `Imported ${r.added} scenario(s); ${r.duplicates} already saved were skipped.`
                : `Nothing imported: ${r.reason}.`,
            );
          }}
        />
      </div>
      {message ? (
        <p role="status" data-testid="saved-message">
          {message}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p>
          Nothing saved yet. Set up a scenario in the <Link to="/plan">Planner</Link> and press
          “Save scenario”.
        </p>
      ) : (
        <table className="saved-table">
          <caption className="panel-note">{COST_DEFINITION}.</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Scenario</th>
              <th scope="col">TPOT</th>
              <th scope="col">Output per GPU</th>
              <th scope="col">$ per 1M output</th>
              <th scope="col">Updated</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <Row
                key={item.id}
                item={item}
                catalog={catalog.status === 'ready' ? catalog.catalog : null}
                onMessage={setMessage}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
