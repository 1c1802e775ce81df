import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { planHref } from '../../navigation/paths';
import type { SavedScenario } from '../../state/saved-scenarios';
import { MAX_IMPORT_BYTES, parseImport, serializeSaved } from '../../state/saved-scenarios';
import { downloadText } from '../../components/csv';
import { ExportCsvButton } from '../../components/export-csv-button';
import { useCatalog } from '../../catalog/use-catalog';
import { useKernelCatalog } from '../../catalog/kernels-query';
import type { Catalog } from '../../core/catalog';
import { shippedIds } from '../../core/catalog';
import { COST_DEFINITION } from '../../core/economics';
import { acceleratorsOf } from '../../core/scenario/schema';
import { savedStore, useSavedScenarios } from '../../state/use-saved';
import type { WriteResult } from '../../state/storage';
import { JsonFileButton } from '../../components/json-file-button';
import { StorageProblems } from '../../components/storage-problems';
import { cellText, csvOf } from '../../components/columns';
import { ColumnHeads } from '../../components/column-heads';
import type { SavedRow } from './saved-model';
import { SAVED_COLUMNS, savedRow } from './saved-model';
import { enNumber } from '../../core/en-number';

function planLink(s: SavedScenario): string {
  return planHref(s.scenario, s.customModel ?? null, s.customHardware ?? null);
}

// The first column (the name) is the row header, with its rename form; the rest are data.
const DATA_COLUMNS = SAVED_COLUMNS.slice(1);
/** Rows planned and shown at a time. */
const PAGE = 100;

function Row({ row, onMessage }: { row: SavedRow; onMessage: (m: string) => void }) {
  const item = row.item;
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(item.name);
  /** "Renamed", or "Could not rename: <why>". */
  const report = (done: string, verb: string, change: Promise<WriteResult>) =>
    void change.then((r) => onMessage(r.ok ? done : `Could not ${verb}: ${r.reason}`));
  return (
    <tr data-testid="saved-row">
      <th scope="row">
        {renaming ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              report('Renamed', 'rename', savedStore().rename(item.id, name));
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
      {DATA_COLUMNS.map((c) => (
        <td key={c.header} data-testid={c.header === 'TPOT (ms)' ? 'saved-tpot' : undefined}>
          {cellText(c, row)}
        </td>
      ))}
      <td className="actions">
        <Link to={planLink(item)}>Open</Link>
        <button type="button" onClick={() => setRenaming(true)}>
          Rename
        </button>
        <button
          type="button"
          onClick={() => report('Duplicated', 'duplicate', savedStore().duplicate(item.id))}
        >
          Duplicate
        </button>
        <button
          type="button"
          onClick={() => {
            if (window.confirm(`Delete “${item.name}”?`))
              report('Deleted', 'delete', savedStore().remove(item.id));
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
  const { items, problems, asides } = useSavedScenarios();
  const loaded = useCatalog();
  const savedHardware = useMemo(() => items.flatMap((i) => acceleratorsOf(i.scenario)), [items]);
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
  const ready = catalog.status === 'ready' ? catalog.catalog : null;
  // Each row plans its scenario: only the rows shown are planned (thousands can be saved).
  const [shown, setShown] = useState(PAGE);
  const rows = useMemo(
    () => items.slice(0, shown).map((i) => savedRow(i, ready)),
    [items, shown, ready],
  );
  return (
    <section className="panel">
      <h1>Saved scenarios</h1>
      <StorageProblems
        title="Some saved data could not be read"
        problems={problems}
        asides={asides}
        store={savedStore()}
        testId="storage-problems"
      />
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
          table={() =>
            csvOf(
              SAVED_COLUMNS,
              items.map((i) => savedRow(i, ready)),
            )
          }
        />
        <JsonFileButton
          label="Import a file…"
          maxBytes={MAX_IMPORT_BYTES}
          onTooLarge={() =>
            setMessage(`Nothing imported: the file is larger than ${MAX_IMPORT_BYTES / 1e6} MB.`)
          }
          onError={(m) => setMessage(`Nothing imported: ${m}.`)}
          onText={(text) => {
            const parsed = parseImport(
              text,
              loaded.status === 'ready' ? shippedIds(loaded.catalog) : undefined,
            );
            if ('error' in parsed) {
              setMessage(`Nothing imported: ${parsed.error}.`);
              return;
            }
            const renamed = parsed.renamed.length
              ? ` Custom entries may not take a catalog entry's id: ${parsed.renamed.map((x) => `"${x.from}" became "${x.to}"`).join(', ')}.`
              : '';
            void savedStore()
              .importItems(parsed.items)
              .then((r) =>
                setMessage(
                  r.ok
                    ? `Imported ${r.added} scenario(s); ${r.duplicates} already saved were skipped.${renamed}`
                    : `Nothing imported: ${r.reason}.`,
                ),
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
          <ColumnHeads columns={SAVED_COLUMNS}>
            <th scope="col">Actions</th>
          </ColumnHeads>
          <tbody>
            {rows.map((row) => (
              <Row key={row.item.id} row={row} onMessage={setMessage} />
            ))}
          </tbody>
        </table>
      )}
      {items.length > shown ? (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          Show {enNumber(Math.min(PAGE, items.length - shown))} more of{' '}
          {enNumber(items.length - shown)}
        </button>
      ) : null}
    </section>
  );
}
