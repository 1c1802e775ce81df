import { useMemo, useState } from 'react';
import { TableScroll } from '../../components/table-scroll';
import { Link, useSearchParams } from 'react-router';
import { acceleratorsOf } from '../../core/scenario/schema';
import { CatalogGate } from '../../catalog/catalog-gate';
import type { Catalog } from '../../core/catalog';
import { knownIds } from '../../core/catalog';
import { catalogFor } from '../../core/scenario/shared';
import { LinkNotice } from '../../components/link-notice';
import { COMPARED_METRICS, deltaAgainst } from '../../core/compare';
import { KernelsLoading } from '../../components/kernels-loading';
import { useKernelCatalog } from '../../catalog/kernels-query';
import { plan } from '../../core/plan';
import { planQueryHref, scenarioQuery } from '../../navigation/paths';
import { COST_DEFINITION } from '../../core/economics';
import { ExportCsvButton } from '../../components/export-csv-button';
import { useSavedScenarios } from '../../state/use-saved';
import {
  compareCsv,
  pastedQuery,
  readCompareParams,
  scenarioName,
  slotValue,
  slotsQuery,
} from './compare-model';
import { enNumber } from '../../core/en-number';

const fmt = (v: number | null) =>
  v === null
    ? '—'
    : Math.abs(v) >= 100
      ? enNumber(v, { maximumFractionDigits: 0 })
      : enNumber(v, { maximumSignificantDigits: 3 });
export function ComparePage() {
  return <CatalogGate>{(c) => <Compare catalog={c.catalog} />}</CatalogGate>;
}

function Compare({ catalog }: { catalog: Catalog }) {
  const [params, setParams] = useSearchParams();
  const saved = useSavedScenarios();
  const [pasted, setPasted] = useState('');
  const [pasteError, setPasteError] = useState<string | null>(null);
  const known = useMemo(() => knownIds(catalog), [catalog]);
  const search = params.toString();
  const { entries: decodedEntries, ignored } = useMemo(
    () => readCompareParams(new URLSearchParams(search), known),
    [search, known],
  );
  const hardwareIds = useMemo(
    () => decodedEntries.flatMap((e) => acceleratorsOf(e.decoded.scenario)),
    [decodedEntries],
  );
  const priced = useKernelCatalog(catalog, hardwareIds);
  const entries = useMemo(
    () =>
      decodedEntries.map((e) => {
        const d = e.decoded;
        const shared = {
          scenario: d.scenario,
          customModel: d.customModel ?? undefined,
          customHardware: d.customHardware ?? undefined,
        };
        const own = catalogFor(shared, priced.catalog);
        // Named by its saved name, else in words with its own (custom) specs' names.
        return { ...e, title: scenarioName(e, own), result: plan(d.scenario, own) };
      }),
    [decodedEntries, priced.catalog],
  );
  const write = (values: string[]) => setParams(slotsQuery(values), { replace: true });
  const add = (value: string) => write([...entries.map((e) => e.raw), value]);
  const remove = (slot: string) => write(entries.filter((e) => e.slot !== slot).map((e) => e.raw));
  const first = entries[0]?.result.ok ? entries[0].result.plan : null;
  return (
    <div className="compare">
      <section className="panel">
        <h1>Compare scenarios</h1>
        <LinkNotice ignored={ignored} search={search} />
        <p>
          Two to four scenarios side by side; each figure shows its difference and ratio against the
          first.
        </p>
        {entries.length < 4 ? (
          <div className="compare-add">
            <label>
              Add a saved scenario{' '}
              <select
                value=""
                onChange={(e) => {
                  const s = saved.items.find((x) => x.id === e.target.value);
                  if (s)
                    add(
                      slotValue(
                        scenarioQuery(s.scenario, s.customModel ?? null, s.customHardware ?? null),
                        s.name,
                      ),
                    );
                }}
              >
                <option value="">choose…</option>
                {saved.items.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                const r = pastedQuery(pasted);
                if ('error' in r) {
                  setPasteError(r.error);
                  return;
                }
                setPasteError(null);
                setPasted('');
                add(r.query);
              }}
            >
              <label>
                or paste a Planner link{' '}
                <input
                  value={pasted}
                  onChange={(e) => setPasted(e.target.value)}
                  placeholder="https://…/plan?v=1&m=…"
                />
              </label>
              <button type="submit">Add</button>
              {pasteError ? <span role="alert"> {pasteError}</span> : null}
            </form>
          </div>
        ) : null}
      </section>
      {priced.pending.length > 0 ? (
        <KernelsLoading gpus={priced.pending.join(', ')} />
      ) : entries.length === 0 ? (
        <p className="panel">
          Nothing to compare yet: add scenarios above, or press “Compare” in the{' '}
          <Link to="/plan">Planner</Link>.
        </p>
      ) : (
        <section className="panel">
          <h2>
            Side by side{' '}
            <ExportCsvButton fileName="compare.csv" table={() => compareCsv(entries)} />
          </h2>
          <TableScroll label={'Scenarios side by side'}>
            <table className="data-table" data-testid="compare-table">
              <thead>
                <tr>
                  <th scope="col">Figure</th>
                  {entries.map((e, i) => (
                    <th key={e.slot} scope="col">
                      {i === 0 ? (
                        <span>Baseline (the others’ differences are against it)</span>
                      ) : null}
                      <div className="compare-desc">{e.title}</div>
                      <div className="actions">
                        <Link to={planQueryHref(e.query)}>Open</Link>
                        <button type="button" onClick={() => remove(e.slot)}>
                          Remove
                        </button>
                      </div>
                      {!e.result.ok ? <div role="alert">{e.result.errors.join('; ')}</div> : null}
                      {e.decoded.ignored.length ? (
                        <div className="compare-desc">
                          ({e.decoded.ignored.length} link values ignored)
                        </div>
                      ) : null}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">Fits in memory</th>
                  {entries.map((e) => (
                    <td key={e.slot}>
                      {e.result.ok ? (e.result.plan.memory.fits ? 'yes' : 'no') : '—'}
                    </td>
                  ))}
                </tr>
                {COMPARED_METRICS.map((m) => (
                  <tr key={m.key} data-metric={m.key}>
                    <th scope="row">
                      {m.label}
                      {m.unit ? ` (${m.unit})` : ''}
                    </th>
                    {entries.map((e, i) => {
                      const v = e.result.ok ? m.value(e.result.plan) : null;
                      const d = i > 0 && first ? deltaAgainst(m.value(first), v, m.better) : null;
                      return (
                        <td key={e.slot}>
                          {fmt(v)}
                          {d ? (
                            <span className={`delta ${d.verdict}`}>
                              {' '}
                              {d.difference >= 0 ? '+' : '−'}
                              {fmt(Math.abs(d.difference))} (×{d.ratio.toFixed(2)})
                            </span>
                          ) : null}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <p className="panel-note">{COST_DEFINITION}.</p>
        </section>
      )}
    </div>
  );
}
