import type { ReactNode } from 'react';
import { TableScroll } from '../../components/table-scroll';
import { Link } from 'react-router';
import type { Catalog } from '../../core/catalog';
import type { Column } from '../../components/columns';
import { cellText, csvOf, tableColumns } from '../../components/columns';
import { ColumnHeads } from '../../components/column-heads';
import { ExportCsvButton } from '../../components/export-csv-button';
import { customCatalogStore } from '../../catalog/use-catalog';
import { planModelHref } from '../../navigation/paths';
import { webHref } from '../../navigation/web-href';
import type { HardwareRow, ModelRow } from './catalog-columns';
import { HARDWARE_COLUMNS, MODEL_COLUMNS, modelRow } from './catalog-columns';

/** A catalog entry's sources as numbered links, opened in a new tab; only web addresses link. */
function SourceLinks({ urls }: { urls: readonly string[] }) {
  return urls.map((s, i) => {
    const href = webHref(s);
    return href ? (
      <a key={s} href={href} target="_blank" rel="noreferrer noopener">
        [{i + 1}]{' '}
      </a>
    ) : (
      <span key={s} title="not a web address: not linked">
        [{i + 1}: {s}]{' '}
      </span>
    );
  });
}

/** A catalog table: the columns' headers and cells, the first column as the row header (with
 * `head`), and the sources as links. */
function CatalogTable<R>({
  title,
  fileName,
  testId,
  columns,
  rows,
  rowKey,
  head,
  sources,
}: {
  title: string;
  fileName: string;
  testId: string;
  columns: readonly Column<R>[];
  rows: readonly R[];
  rowKey: (r: R) => string;
  head: (r: R) => ReactNode;
  sources: (r: R) => readonly string[];
}) {
  const shown = tableColumns(columns);
  const [first, ...rest] = shown;
  return (
    <section className="panel">
      <h2>
        {title} <ExportCsvButton fileName={fileName} table={() => csvOf(columns, rows)} />
      </h2>
      <TableScroll label={title}>
        <table className="data-table" data-testid={testId}>
          <ColumnHeads columns={shown} />
          <tbody>
            {rows.map((r) => (
              <tr key={rowKey(r)}>
                <th scope="row">
                  {cellText(first!, r)} {head(r)}
                </th>
                {rest.map((c) => (
                  <td key={c.header}>
                    {c.header === 'Sources' ? <SourceLinks urls={sources(r)} /> : cellText(c, r)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

export function ModelsTable({
  catalog,
  customIds,
}: {
  catalog: Catalog;
  customIds: ReadonlySet<string>;
}) {
  return (
    <CatalogTable<ModelRow>
      title="Models"
      fileName="models.csv"
      testId="models-table"
      columns={MODEL_COLUMNS}
      rows={[...catalog.models.values()].map(modelRow)}
      rowKey={(r) => r.m.id}
      sources={(r) => r.m.sources}
      head={({ m }) => (
        <>
          <code>{m.id}</code>
          {customIds.has(m.id) ? (
            <span className="actions">
              <span className="badge">custom</span>
              <Link to={planModelHref(m.id)}>Plan</Link>
              <button type="button" onClick={() => void customCatalogStore().removeModel(m.id)}>
                Delete
              </button>
            </span>
          ) : null}
        </>
      )}
    />
  );
}

export function HardwareTable({
  catalog,
  customIds,
}: {
  catalog: Catalog;
  customIds: ReadonlySet<string>;
}) {
  return (
    <CatalogTable<HardwareRow>
      title="Hardware"
      fileName="hardware.csv"
      testId="hardware-table"
      columns={HARDWARE_COLUMNS}
      rows={[...catalog.hardware.values()].map((h) => ({ h, custom: customIds.has(h.id) }))}
      rowKey={(r) => r.h.id}
      sources={(r) => r.h.sources}
      head={({ h, custom }) => (
        <>
          <code>{h.id}</code>
          {custom ? (
            <span className="actions">
              <span className="badge">custom</span>
              <button type="button" onClick={() => void customCatalogStore().removeHardware(h.id)}>
                Delete
              </button>
            </span>
          ) : null}
        </>
      )}
    />
  );
}
