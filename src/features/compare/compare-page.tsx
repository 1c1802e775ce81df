import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { CatalogGate } from '../../catalog/catalog-gate';
import type { Catalog } from '../../core/catalog';
import { catalogFor } from '../../core/scenario/shared';
import { LinkNotice } from '../../components/link-notice';
import { COMPARED_METRICS, deltaAgainst } from '../../core/compare';
import { KernelsLoading } from '../../components/kernels-loading';
import { useKernelCatalog } from '../../catalog/kernels-query';
import { plan } from '../../core/plan';
import type { ScenarioInput } from '../../core/scenario/schema';
import { decodeScenarioParams } from '../../core/scenario/url-codec';
import { planQueryHref, scenarioQuery } from '../../navigation/paths';
import type { CsvTable } from '../../components/export-csv-button';
import { COST_DEFINITION } from '../../core/economics';
import { ExportCsvButton } from '../../components/export-csv-button';
import { useSavedScenarios } from '../../state/use-saved';

const SLOTS = ['s1', 's2', 's3', 's4'] as const;
const fmt = (v: number | null) =>
  v === null
    ? '—'
    : Math.abs(v) >= 100
      ? v.toLocaleString('en-US', { maximumFractionDigits: 0 })
      : v.toPrecision(3);
const describe = (s: ScenarioInput) =>
  `${s.model} · ${s.gpus}× ${s.hardware} · ${s.precision?.weights ?? 'native'} · ${s.workload.inputTokens}/${s.workload.outputTokens} · ${String(s.workload.concurrency)} users`;

export function ComparePage() {
  return <CatalogGate>{(c) => <Compare catalog={c.catalog} />}</CatalogGate>;
}

function Compare({ catalog }: { catalog: Catalog }) {
  const [params, setParams] = useSearchParams();
  const saved = useSavedScenarios();
  const [pasted, setPasted] = useState('');
  const [pasteError, setPasteError] = useState<string | null>(null);
  const known = useMemo(
    () => ({ models: new Set(catalog.models.keys()), hardware: new Set(catalog.hardware.keys()) }),
    [catalog],
  );
  const search = params.toString();
  const decodedEntries = useMemo(
    () =>
      SLOTS.flatMap((slot) => {
        const raw = new URLSearchParams(search).get(slot);
        if (raw === null) return [];
        return [{ slot, raw, decoded: decodeScenarioParams([...new URLSearchParams(raw)], known) }];
      }),
    [search, known],
  );
  const hardwareIds = useMemo(
    () => decodedEntries.map((e) => e.decoded.scenario.hardware),
    [decodedEntries],
  );
  // What the link held that could not be used: each slot's own ignored values, and keys that are
  // not slots.
  const ignored = useMemo(() => {
    const out = decodedEntries.flatMap((e) =>
      e.decoded.ignored.map((i) => ({ ...i, key: `${e.slot}: ${i.key}` })),
    );
    const params = new URLSearchParams(search);
    for (const key of new Set(params.keys()))
      if (key !== 'v' && !(SLOTS as readonly string[]).includes(key))
        out.push({
          key,
          value: params.get(key) ?? '',
          reason: `not a setting of this view (its slots are ${SLOTS.join(', ')})`,
        });
    return out;
  }, [decodedEntries, search]);
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
        return { ...e, result: plan(d.scenario, catalogFor(shared, priced.catalog)) };
      }),
    [decodedEntries, priced.catalog],
  );
  const write = (values: string[]) => {
    const next = new URLSearchParams();
    next.set('v', '1');
    values.slice(0, 4).forEach((v, i) => next.set(SLOTS[i]!, v));
    setParams(next, { replace: true });
  };
  const add = (value: string) => write([...entries.map((e) => e.raw), value]);
  const remove = (slot: string) => write(entries.filter((e) => e.slot !== slot).map((e) => e.raw));
  const first = entries[0]?.result.ok ? entries[0].result.plan : null;
  const csvTable = (): CsvTable => [
    ['figure', 'unit', ...entries.map((_e, i) => `scenario ${i + 1}`)],
    COMPARED_METRICS.map((m) => [
      m.label,
      m.unit,
      ...entries.map((e) => (e.result.ok ? m.value(e.result.plan) : null)),
    ]),
  ];
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
                    add(scenarioQuery(s.scenario, s.customModel ?? null, s.customHardware ?? null));
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
                const q = pasted.includes('?') ? pasted.slice(pasted.indexOf('?') + 1) : pasted;
                if (!/(^|&)m=/.test(q)) {
                  setPasteError('That is not a Planner link (no model in it).');
                  return;
                }
                setPasteError(null);
                setPasted('');
                add(q);
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
            Side by side <ExportCsvButton fileName="compare.csv" table={csvTable} />
          </h2>
          <div className="table-scroll">
            <table className="data-table" data-testid="compare-table">
              <thead>
                <tr>
                  <th scope="col">Figure</th>
                  {entries.map((e, i) => (
                    <th key={e.slot} scope="col">
                      <span>Scenario {i + 1}</span>
                      <div className="compare-desc">{describe(e.decoded.scenario)}</div>
                      <div className="actions">
                        <Link to={planQueryHref(e.raw)}>Open</Link>
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
          </div>
          <p className="panel-note">{COST_DEFINITION}.</p>
        </section>
      )}
    </div>
  );
}
