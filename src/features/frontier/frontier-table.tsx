import { planHref } from '../../navigation/paths';
import { TableScroll } from '../../components/table-scroll';
import { ExportCsvButton } from '../../components/export-csv-button';
import { cellText } from '../../components/columns';
import { ColumnHeads } from '../../components/column-heads';
import type { FrontierRow } from './frontier-model';
import { FRONTIER_COLUMNS, frontierCsv } from './frontier-model';

/** The frontier points, one row each; the same columns as its CSV. */
export function FrontierTable({ rows }: { rows: readonly FrontierRow[] }) {
  const [series, configuration, ...figures] = FRONTIER_COLUMNS;
  return (
    <section className="panel">
      <h2>
        Frontier points <ExportCsvButton fileName="frontier.csv" table={() => frontierCsv(rows)} />
      </h2>
      <TableScroll label={'Frontier points'}>
        <table className="data-table" data-testid="frontier-table">
          <ColumnHeads columns={FRONTIER_COLUMNS} />
          <tbody>
            {rows.map((r) => (
              <tr key={r.index} className={r.meetsSla ? '' : 'fails'}>
                <th scope="row">{cellText(series!, r)}</th>
                <td>
                  <a href={`${import.meta.env.BASE_URL}${planHref(r.point.scenario).slice(1)}`}>
                    {cellText(configuration!, r)}
                  </a>
                </td>
                {figures.map((c) => (
                  <td key={c.header}>{cellText(c, r)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
