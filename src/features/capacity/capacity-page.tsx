import { useQuery } from '@tanstack/react-query';
import { TableScroll } from '../../components/table-scroll';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { CatalogGate } from '../../catalog/catalog-gate';
import { useKernelCatalog } from '../../catalog/kernels-query';
import { cellText, csvOf, tableColumns } from '../../components/columns';
import { ColumnHeads } from '../../components/column-heads';
import { ExportCsvButton } from '../../components/export-csv-button';
import { KernelsLoading } from '../../components/kernels-loading';
import { LinkNotice } from '../../components/link-notice';
import { Demand, peakRequestsPerSec } from '../../core/capacity/demand';
import type { RankedFleet, RecommendResult } from '../../core/capacity/recommend';
import { launchText } from '../../core/capacity/recommend';
import { LAUNCH_SOURCES } from '../../core/capacity/launch';
import type { Catalog } from '../../core/catalog';
import { COST_DEFINITION } from '../../core/economics';
import { planHref } from '../../navigation/paths';
import { readViewParams } from '../../navigation/view-params';
import { recommendAsync, warmSweepWorker } from '../../workers/sweep-bridge';
import type { CapacityValues, FleetRow } from './capacity-model';
import { FLEET_COLUMNS, capacityParams, demandOf } from './capacity-model';
import { CapacitySettings } from './capacity-settings';
import { FleetDayPanel } from './fleet-day';
import { enNumber } from '../../core/en-number';

export function CapacityPage() {
  // The worker starts while the catalog and kernel tables load, not after.
  useEffect(warmSweepWorker, []);
  return <CatalogGate>{(c) => <Capacity catalog={c.catalog} />}</CatalogGate>;
}

const SHOWN = 25;

function Capacity({ catalog }: { catalog: Catalog }) {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const { values, ignored } = useMemo(
    () => readViewParams(capacityParams(catalog), new URLSearchParams(search)),
    [search, catalog],
  );
  const set = (patch: Partial<Record<keyof CapacityValues, string>>) => {
    const next = new URLSearchParams(params);
    next.set('v', '1');
    for (const [k, v] of Object.entries(patch)) next.set(k, v);
    setParams(next, { replace: true });
  };
  const demand = useMemo(() => Demand.safeParse(demandOf(values as CapacityValues)), [values]);
  const priced = useKernelCatalog(catalog, values.hw);
  const found = useQuery({
    queryKey: [
      'capacity',
      demand.data,
      catalog.version,
      [...(priced.catalog.kernels?.keys() ?? [])],
    ],
    enabled: demand.success && priced.pending.length === 0,
    queryFn: async ({ signal }) => {
      const t0 = performance.now();
      const result = await recommendAsync(demand.data!, priced.catalog, { signal });
      return { ...result, ms: performance.now() - t0 };
    },
    staleTime: Infinity,
    retry: false,
  });
  const [chosen, setChosen] = useState(0);
  const data = found.data;
  const rows: FleetRow[] = useMemo(
    () =>
      (data?.recommendations ?? []).slice(0, SHOWN).map((fleet) => ({
        fleet,
        hardware: catalog.hardware.get(fleet.scenario.hardware)?.name ?? fleet.scenario.hardware,
      })),
    [data, catalog],
  );
  const pick = rows[Math.min(chosen, rows.length - 1)]?.fleet ?? null;
  return (
    <div className="capacity">
      <section className="panel">
        <h1>Token factory: the cheapest fleet that serves your traffic</h1>
        <p>
          Give the traffic at its peak hour, the service level each request must get and the
          hardware you could rent: every layout, engine, disaggregated split and MTP setting the
          planner knows is tried, and the fleets that serve the peak are ranked, with their cost
          over a day and the commands that launch them.
        </p>
        <LinkNotice ignored={ignored} search={search} />
        <CapacitySettings catalog={catalog} values={values as CapacityValues} set={set} />
        {demand.success ? (
          <p className="panel-note" data-testid="capacity-peak">
            Peak: {enNumber(peakRequestsPerSec(demand.data))} requests/s of {enNumber(values.in)}{' '}
            input and {enNumber(values.out)} output tokens. {COST_DEFINITION}.
          </p>
        ) : (
          <p role="alert">
            {demand.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}
          </p>
        )}
      </section>
      {priced.pending.length ? <KernelsLoading gpus={priced.pending.join(', ')} /> : null}
      {found.isFetching ? (
        <p className="panel" role="status">
          Searching every layout…
        </p>
      ) : null}
      {found.error ? (
        <p className="panel" role="alert">
          The search failed: {(found.error as Error).message}
        </p>
      ) : null}
      {data ? (
        <FleetTable data={data} rows={rows} chosen={pick} onChoose={(i) => setChosen(i)} />
      ) : null}
      {data?.day && pick ? (
        <FleetDayPanel demand={data.demand} fleet={pick} catalog={catalog} />
      ) : null}
      {pick ? <LaunchPanel fleet={pick} /> : null}
    </div>
  );
}

function FleetTable({
  data,
  rows,
  chosen,
  onChoose,
}: {
  data: RecommendResult & { ms: number };
  rows: FleetRow[];
  chosen: RankedFleet | null;
  onChoose: (i: number) => void;
}) {
  const columns = tableColumns(FLEET_COLUMNS);
  return (
    <section className="panel" aria-labelledby="fleets-title">
      <h2 id="fleets-title">Fleets that serve the peak</h2>
      <p className="panel-note" data-testid="capacity-summary" data-ms={Math.round(data.ms)}>
        {enNumber(data.feasible)} layouts of {enNumber(data.configurations)} configurations serve
        the peak within the service level (the best {rows.length} shown); searched in{' '}
        {enNumber(Math.round(data.ms))} ms.
        {data.skipped.length ? ` Skipped: ${data.skipped.join('; ')}.` : ''}
      </p>
      {rows.length === 0 ? (
        <p role="status">
          Nothing serves this demand within the service level: loosen a bound, or add hardware.
        </p>
      ) : (
        <>
          <ExportCsvButton fileName="capacity.csv" table={() => csvOf(FLEET_COLUMNS, rows)} />
          <TableScroll label={'Fleets that serve the peak'}>
            <table className="fleet-table" data-testid="capacity-table">
              <ColumnHeads columns={columns}>
                <th scope="col">Actions</th>
              </ColumnHeads>
              <tbody>
                {rows.map((row, i) => (
                  <tr
                    key={i}
                    data-testid="capacity-row"
                    aria-selected={row.fleet === chosen}
                    className={row.fleet === chosen ? 'selected' : undefined}
                  >
                    {columns.map((c) => (
                      <td key={c.header}>{cellText(c, row)}</td>
                    ))}
                    <td className="actions">
                      <Link to={planHref(row.fleet.scenario)}>Open in Planner</Link>{' '}
                      <button type="button" onClick={() => onChoose(i)}>
                        Day and launch
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </section>
  );
}

function LaunchPanel({ fleet }: { fleet: RankedFleet }) {
  const [copied, setCopied] = useState(false);
  const l = fleet.launch;
  if (!l) return null;
  const text = Object.values(launchText(l)).join('\n');
  return (
    <section className="panel" aria-labelledby="launch-title">
      <h2 id="launch-title">Launch one replica ({l.framework})</h2>
      <pre className="launch" data-testid="launch-text" tabIndex={0}>
        {text}
      </pre>
      <button
        type="button"
        onClick={() =>
          void navigator.clipboard?.writeText(text).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        Copy commands
      </button>
      {copied ? <span role="status"> Copied.</span> : null}
      {l.notes.length ? (
        <ul>
          {l.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      <details>
        <summary>Where each flag comes from</summary>
        <ul>
          {l.commands.flatMap((c) =>
            c.parts.map((p, i) => (
              <li key={`${c.role}-${i}`}>
                <code>{p.text}</code>:{' '}
                <a href={LAUNCH_SOURCES[p.source]} rel="noreferrer">
                  {p.source}
                </a>
              </li>
            )),
          )}
        </ul>
      </details>
    </section>
  );
}
