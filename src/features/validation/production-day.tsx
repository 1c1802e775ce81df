import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { Catalog } from '../../core/catalog';
import { kernelsOnlyFor } from '../../core/catalog';
import { parseDemand } from '../../core/capacity/recommend';
import {
  DEEPSEEK_PRODUCTION_DAY,
  PRODUCTION_DAY_TOLERANCE,
  compareProductionDay,
} from '../../core/validation/production-day';
import { recommendAsync } from '../../workers/sweep-bridge';
import { TableScroll } from '../../components/table-scroll';
import { formatInt, formatPercent, formatSig } from '../../components/format';
import { enNumber } from '../../core/en-number';
import example from '../../../examples/deepseek-production-2025-02.json';

/** Whole numbers from 100 up (a published 1,814 GPUs stays 1,814), three figures below. */
const show = (v: number) => (v >= 100 ? formatInt(Math.round(v)) : formatSig(v));
const withUnit = (v: number, unit: string) => (unit === '$' ? `$${show(v)}` : `${show(v)} ${unit}`);
const signed = (e: number) => `${e >= 0 ? '+' : '−'}${formatPercent(Math.abs(e))}`;

/**
 * DeepSeek's published production day beside what the capacity search recommends for the same
 * demand (examples/deepseek-production-2025-02.json), run in the sweep worker.
 */
export function ProductionDay({ catalog }: { catalog: Catalog }) {
  // Searched once the section comes near the window, with only the tables its hardware needs
  // (the whole priced catalog is megabytes to copy into the worker).
  const place = useRef<HTMLElement>(null);
  const [near, setNear] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    if (near || !place.current) return;
    const io = new IntersectionObserver((e) => e.some((x) => x.isIntersecting) && setNear(true), {
      rootMargin: '300px',
    });
    io.observe(place.current);
    return () => io.disconnect();
  }, [near]);
  const day = useQuery({
    queryKey: ['production-day', catalog.version],
    enabled: near,
    queryFn: async ({ signal }) => {
      const d = parseDemand(example, catalog);
      if (!d.ok) throw new Error(d.errors.join('; '));
      const needed = kernelsOnlyFor(catalog, d.demand.hardware);
      return compareProductionDay(await recommendAsync(d.demand, needed, { signal }));
    },
    staleTime: Infinity,
    retry: false,
  });
  const p = DEEPSEEK_PRODUCTION_DAY;
  return (
    <section ref={place} className="panel" aria-labelledby="day-title" data-testid="production-day">
      <h2 id="day-title">A published production day</h2>
      <p className="panel-note">
        DeepSeek published 24 hours of its V3/R1 service (<a href={p.source}>source</a>): on average{' '}
        {p.averageNodes} nodes of 8 × H800, 608B input tokens of which 342B were on-disk cache hits,
        168B output tokens, 20–22 tok/s per user, ${enNumber(p.usdPerDay)} a day at $
        {p.usdPerGpuHour}/GPU-hour. The same day as a capacity demand (
        <code>examples/deepseek-production-2025-02.json</code>: H800 only, its cache-hit share,
        per-user speed and a day with its mean-to-peak ratio), searched here:
      </p>
      {day.isPending ? (
        <p role="status">Searching the fleet for that day…</p>
      ) : day.isError ? (
        <p role="alert">The search failed: {day.error.message}</p>
      ) : (
        <TableScroll label="Production day, published and predicted">
          <table data-testid="production-day-table">
            <thead>
              <tr>
                <th scope="col">Figure</th>
                <th scope="col">Published</th>
                <th scope="col">Predicted</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {day.data.map((r) => (
                <tr key={r.what}>
                  <th scope="row">
                    {r.what}
                    {r.scored ? ` (held within ${formatPercent(PRODUCTION_DAY_TOLERANCE)})` : ''}
                  </th>
                  <td>{withUnit(r.published, r.unit)}</td>
                  <td>{r.predicted === null ? '—' : withUnit(r.predicted, r.unit)}</td>
                  <td>{r.error === null ? '—' : signed(r.error)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
