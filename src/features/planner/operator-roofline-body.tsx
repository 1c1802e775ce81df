import { useMemo, useState } from 'react';
import type { Catalog } from '../../core/catalog';
import type { Bound, OperatorRow } from '../../core/perf/operator-roofline';
import type { PhaseRoofline } from '../../core/roofline';
import { operatorRoofline } from '../../core/roofline';
import type { ScenarioInput } from '../../core/scenario/schema';
import type { Column } from '../../components/columns';
import { cellText, csvOf } from '../../components/columns';
import { ColumnHeads } from '../../components/column-heads';
import { ExportCsvButton } from '../../components/export-csv-button';
import { formatNumber as num, formatSig } from '../../components/format';
import type { ScatterChartProps } from '../../components/scatter-chart';
import { ScatterChart } from '../../components/scatter-chart';
import { TableScroll } from '../../components/table-scroll';
import { stepMixText } from './step-mix-text';

const BOUND_WORDS: Record<Bound, string> = {
  compute: 'compute',
  memory: 'memory',
  link: 'link',
  overhead: 'latency / overhead',
};
const BOUND_COLORS: Record<Bound, string> = {
  compute: '--seg-weights',
  memory: '--seg-kv',
  link: '--warn',
  overhead: '--bad',
};

const opt = (v: number | null, scale: number, digits = 3) =>
  v === null ? null : Number((v / scale).toPrecision(digits));

const COLUMNS: Column<OperatorRow>[] = [
  { header: 'Operation', value: (r) => r.what },
  { header: 'Layers', value: (r) => r.layers },
  { header: 'GFLOP', value: (r) => opt(r.flops, 1e9) },
  { header: 'MB moved (10⁶ B)', value: (r) => opt(r.bytes, 1e6) },
  {
    header: 'Intensity (FLOP/B)',
    value: (r) => opt(r.intensity, 1),
    show: (r) => (r.intensity === null ? '—' : formatSig(r.intensity)),
  },
  { header: 'Time (ms)', value: (r) => Number(r.ms.toFixed(4)), show: (r) => num(r.ms, 3) },
  { header: 'Achieved (TFLOP/s)', value: (r) => opt(r.achievedFlopsPerSec, 1e12) },
  { header: 'Bound by', value: (r) => BOUND_WORDS[r.bound] },
  { header: 'Priced by', value: (r) => r.source },
];

/** Roof lines: each peak's flat roof meeting HBM bandwidth's slope, over the intensities shown. */
function roofSeries(p: PhaseRoofline): ScatterChartProps['series'] {
  const xs = p.rows.flatMap((r) => (r.intensity === null ? [] : [r.intensity]));
  const lo = Math.min(1, ...xs) / 2;
  const hi = Math.max(1e4, ...xs) * 2;
  const bw = p.roofs.memBytesPerSec;
  return p.roofs.peaks.map((peak, i) => {
    const ridge = peak.flopsPerSec / bw;
    return {
      label: `${peak.math.toUpperCase()} roof (${formatSig(peak.flopsPerSec / 1e12)} TFLOP/s, ${formatSig(bw / 1e12)} TB/s)`,
      colorVar: i === 0 ? '--text' : '--muted',
      showLine: true,
      dashed: i > 0,
      points: [lo, ridge, hi].map((x) => ({
        x,
        y: Math.min(peak.flopsPerSec, bw * x) / 1e12,
        label: `${peak.math.toUpperCase()} roof, ridge at ${formatSig(ridge)} FLOP/B`,
      })),
    };
  });
}

function pointSeries(p: PhaseRoofline): ScatterChartProps['series'] {
  return (Object.keys(BOUND_WORDS) as Bound[]).flatMap((bound) => {
    const rows = p.rows.filter(
      (r) => r.bound === bound && r.intensity !== null && r.achievedFlopsPerSec !== null,
    );
    return rows.length
      ? [
          {
            label: `${BOUND_WORDS[bound]}-bound`,
            colorVar: BOUND_COLORS[bound],
            marker: 'triangle' as const,
            points: rows.map((r) => ({
              x: r.intensity!,
              y: r.achievedFlopsPerSec! / 1e12,
              label: `${r.what}, ${r.layers}: ${num(r.ms, 3)} ms`,
            })),
          },
        ]
      : [];
  });
}

const STEPS = ['decode', 'prefill', 'wave'] as const;
type Step = (typeof STEPS)[number];

/**
 * Every operation of the Planner's decode step, prefill step and wave prefill step, per layer
 * kind: FLOPs, bytes, intensity, time and what bounds it, as a table and on the hardware's
 * roofline (it prices the steps again, with notes).
 */
export default function RooflineBody({
  scenario,
  catalog,
  description,
}: {
  scenario: ScenarioInput;
  catalog: Catalog;
  description: string;
}) {
  const [which, setWhich] = useState<Step>('decode');
  const result = useMemo(() => operatorRoofline(scenario, catalog), [scenario, catalog]);
  const roofline = result.ok ? result.roofline : null;
  const p = roofline ? roofline[which] || roofline.decode : null;
  const series = useMemo(() => (p ? [...pointSeries(p), ...roofSeries(p)] : []), [p]);
  if (!roofline || !p) return <p role="alert">{result.ok ? null : result.errors.join('; ')}</p>;
  return (
    <>
      <div className="filters" role="radiogroup" aria-label="Step">
        {STEPS.map((k) => {
          const step = roofline[k];
          return step ? (
            <label key={k}>
              <input
                type="radio"
                name="roofline-step"
                checked={step === p}
                onChange={() => setWhich(k)}
              />{' '}
              {step.name}
            </label>
          ) : null;
        })}
      </div>
      <p data-testid="roofline-summary">
        {p.name[0]!.toUpperCase() + p.name.slice(1)} on {p.roofs.hardware}:{' '}
        <strong data-testid="roofline-total-ms">{num(p.totalMs, 3)} ms</strong> on the busiest GPU
        for {formatSig(p.tokens)} {p.tokens === 1 ? 'token' : 'tokens'}. {stepMixText(roofline)}
      </p>
      <ScatterChart
        title={`Roofline of the ${p.name}: achieved TFLOP/s against arithmetic intensity`}
        description={description}
        series={series}
        xLabel="arithmetic intensity (FLOP/byte)"
        yLabel="achieved TFLOP/s"
        log
        fileName="operator-roofline"
      />
      <h3>
        Operations{' '}
        <ExportCsvButton fileName="operator-roofline.csv" table={() => csvOf(COLUMNS, p.rows)} />
      </h3>
      <TableScroll label={`Operations of the ${p.name}`}>
        <table className="data-table" data-testid="roofline-table">
          <ColumnHeads columns={COLUMNS} />
          <tbody>
            {p.rows.map((r, i) => (
              <tr key={i} data-bound={r.bound}>
                {COLUMNS.map((c) => (
                  <td key={c.header}>{cellText(c, r)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p className="panel-note">
        Times are the step model’s own (measured kernel tables where they cover the shape, else
        rooflines), so they add up to the step. An operation is latency-bound when it takes more
        than three times its datasheet roofline. Attention is split by layer kind and routed experts
        by routing, in proportion to each part’s roofline time.
      </p>
    </>
  );
}
