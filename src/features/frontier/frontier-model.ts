/**
 * The frontier page's logic, pure: its URL state, the service-level filter, the chart's series and
 * one column definition that drives both the table and its CSV.
 */
import type { Catalog } from '../../core/catalog';
import { runsOn } from '../../core/framework';
import type { WeightPrecision } from '../../core/precision';
import { WEIGHT_PRECISIONS } from '../../core/precision';
import type { Framework } from '../../core/scenario/schema';
import { FRAMEWORKS } from '../../core/scenario/schema';
import type { SweepPoint, SweepQuery, SweepResult, SweepSeries } from '../../core/sweep';
import { frontiersWithin } from '../../core/sweep';
import type { Percentiles } from '../../core/sim/stats';
import { WORKLOAD_PRESET_IDS } from '../../core/workload/presets';
import { SANE_TTFT_MS } from '../../core/serving';
import type { CsvTable } from '../../components/export-csv-button';
import type { Column } from '../../components/columns';
import { formatLayout, formatSig } from '../../components/format';
import { countOf } from '../../core/scenario/describe';
import { csvOf, fixed } from '../../components/columns';
import type { ScatterChartProps } from '../../components/scatter-chart';
import type { IgnoredParam } from '../../core/scenario/url-codec';
import type { Param } from '../../navigation/view-params';
import {
  flagParam,
  idParam,
  intParam,
  numberParam,
  oneOfParam,
  readViewParams,
} from '../../navigation/view-params';

export const Y_METRICS = {
  out: { label: 'output tok/s per GPU', of: (p: SweepPoint) => p.outputTokPerSecPerGpu },
  usd: {
    label: '$ per 1M output tokens',
    of: (p: SweepPoint) => p.usdPerMillionOutputTokens ?? NaN,
  },
  mw: { label: 'output tok/s per MW', of: (p: SweepPoint) => p.outputTokPerSecPerMegawatt },
} as const;
export type YKey = keyof typeof Y_METRICS;

export const COLORS = ['--seg-weights', '--bad', '--ok', '--warn'];
const DEFAULT_SERIES = 'b200~native~sglang,h200-sxm~native~sglang';
export const MAX_SERIES = 4;

/**
 * Up to four `hardware~weights~framework` series; unknown or unrunnable ones are dropped (and
 * named in `dropped`); none left: the default pair.
 */
export function readSeries(
  raw: string | null,
  catalog: Catalog,
): { series: SweepSeries[]; dropped: string[] } {
  const series: SweepSeries[] = [];
  const dropped: string[] = [];
  const parts = (raw ?? DEFAULT_SERIES).split(',');
  for (const [i, part] of parts.entries()) {
    const [hardware, weights, framework] = part.split('~');
    const hw = hardware ? catalog.hardware.get(hardware) : undefined;
    if (
      i < MAX_SERIES &&
      hw &&
      (WEIGHT_PRECISIONS as readonly string[]).includes(weights ?? '') &&
      (FRAMEWORKS as readonly string[]).includes(framework ?? '') &&
      runsOn(framework as Framework, hw)
    )
      series.push({
        hardware: hw.id,
        weights: weights as WeightPrecision,
        framework: framework as Framework,
      });
    else dropped.push(part);
  }
  return series.length
    ? { series, dropped }
    : { series: readSeries(DEFAULT_SERIES, catalog).series, dropped };
}

export const parseSeries = (raw: string | null, catalog: Catalog): SweepSeries[] =>
  readSeries(raw, catalog).series;

export const seriesParam = (s: readonly SweepSeries[]): string =>
  s.map((x) => `${x.hardware}~${x.weights}~${x.framework}`).join(',');

/** Service-level filter: 0 means no bound. */
export interface Sla {
  ttftMs: number;
  tpotMs: number;
  minTokPerSecPerUser: number;
  /** Points past this TTFT measure a queue, not a deployment: never drawn (0: no ceiling). */
  ttftCeilingMs: number;
  /** Hide the points and rows that miss the filter (else they turn grey). */
  hideFailing: boolean;
  /** Which TTFT and TPOT the bounds hold: the mean, or a percentile from simulating each
   * frontier point (the others keep their means). */
  percentile: SlaPercentile;
}

export const SLA_PERCENTILES = ['mean', 'p90', 'p99'] as const;
export type SlaPercentile = (typeof SLA_PERCENTILES)[number];

/** A frontier point's simulated latency percentiles, where the filter asked for them. */
export interface PointPercentiles {
  ttftMs: Percentiles;
  tpotMs: Percentiles;
}

/** Percentiles by point index (into SweepResult.points). */
export type PercentilesByPoint = ReadonlyMap<number, PointPercentiles>;

export interface FrontierState {
  query: SweepQuery;
  y: YKey;
  sla: Sla;
  /** What the URL held that could not be used, and why. */
  ignored: IgnoredParam[];
}

/** The page's URL state, declared once (keys m, s, in, out, dis, spec, res, y, ttft, tpot, minu,
 * ceil, hide). */
export const frontierParams = (catalog: Catalog) => ({
  m: idParam(catalog.models, 'deepseek-v4-pro', 'model'),
  s: { fallback: null, parse: (t: string) => ({ value: t }) } as Param<string | null>,
  in: intParam(1, 1_048_576, 8192),
  out: intParam(1, 262_144, 1024),
  dis: flagParam(true),
  spec: flagParam(false),
  res: oneOfParam(['standard', 'fine'] as const, 'standard'),
  y: oneOfParam(Object.keys(Y_METRICS) as YKey[], 'out'),
  ttft: numberParam(0, 1e9, 0),
  tpot: numberParam(0, 1e9, 0),
  minu: numberParam(0, 1e6, 0),
  ceil: numberParam(0, 1e9, SANE_TTFT_MS),
  hide: flagParam(false),
  wl: oneOfParam(WORKLOAD_PRESET_IDS, 'fixed'),
  slap: oneOfParam(SLA_PERCENTILES, 'mean'),
});

/** The page's state from its URL, and what of it could not be used. */
export function readFrontierParams(params: URLSearchParams, catalog: Catalog): FrontierState {
  const { values: v, ignored } = readViewParams(frontierParams(catalog), params);
  const { series, dropped } = readSeries(v.s, catalog);
  for (const part of dropped)
    ignored.push({
      key: 's',
      value: part,
      reason: `not a series this view can sweep (hardware~weights~framework, an engine that runs on that GPU, ${MAX_SERIES} at most)`,
    });
  return {
    query: {
      model: v.m,
      series,
      inputTokens: v.in,
      outputTokens: v.out,
      disaggregated: v.dis,
      speculative: v.spec,
      resolution: v.res,
      ...(v.wl !== 'fixed' ? { preset: v.wl } : {}),
    },
    y: v.y,
    sla: {
      ttftMs: v.ttft,
      tpotMs: v.tpot,
      minTokPerSecPerUser: v.minu,
      ttftCeilingMs: v.ceil,
      hideFailing: v.hide,
      percentile: v.slap,
    },
    ignored,
  };
}

/** The TTFT and TPOT the filter holds a point to: its simulated percentile where it has one. */
export function slaLatency(
  p: SweepPoint,
  sla: Sla,
  pct: PointPercentiles | undefined,
): { ttftMs: number; tpotMs: number; simulated: boolean } {
  if (sla.percentile === 'mean' || !pct)
    return { ttftMs: p.ttftMs, tpotMs: p.tpotMs, simulated: false };
  return {
    ttftMs: pct.ttftMs[sla.percentile],
    tpotMs: pct.tpotMs[sla.percentile],
    simulated: true,
  };
}

export const meetsSla = (p: SweepPoint, sla: Sla, pct?: PointPercentiles): boolean => {
  const l = slaLatency(p, sla, pct);
  return (
    (!sla.ttftMs || l.ttftMs <= sla.ttftMs) &&
    (!sla.tpotMs || l.tpotMs <= sla.tpotMs) &&
    (!sla.minTokPerSecPerUser || p.tokPerSecPerUser >= sla.minTokPerSecPerUser)
  );
};

const withinCeiling = (p: SweepPoint, sla: Sla): boolean =>
  !sla.ttftCeilingMs || p.ttftMs <= sla.ttftCeilingMs;

/** What the page draws: the points within the TTFT ceiling, and each series' frontier among them. */
export interface VisiblePoints {
  shown: number[];
  frontiers: number[][];
  pastCeiling: number;
}

export function visiblePoints(data: SweepResult, seriesCount: number, sla: Sla): VisiblePoints {
  const shown = data.points.flatMap((p, j) => (withinCeiling(p, sla) ? [j] : []));
  return {
    shown,
    frontiers: frontiersWithin(data.points, seriesCount, (p) => withinCeiling(p, sla)),
    pastCeiling: data.points.length - shown.length,
  };
}

/** A point's configuration in words, with its 80% ranges. */
export function describePoint(p: SweepPoint): string {
  const s = p.scenario;
  const layout = s.disaggregation
    ? `${s.disaggregation.prefill.gpus}P TP${s.disaggregation.prefill.tp} + ${s.disaggregation.decode.gpus}D EP${s.disaggregation.decode.ep}`
    : formatLayout(s.parallelism!);
  const band = (r: SweepPoint['tokPerSecPerUserRange'], unit: string) =>
    r ? `${r[0].toFixed(r[0] < 10 ? 1 : 0)}–${r[1].toFixed(r[1] < 10 ? 1 : 0)} ${unit}` : null;
  const bands = [
    band(p.tokPerSecPerUserRange, 'tok/s per user'),
    band(p.outputTokPerSecPerGpuRange, 'tok/s per GPU'),
    band(p.ttftMsRange, 'ms TTFT'),
  ].filter(Boolean);
  return `${s.gpus}× ${s.hardware} ${layout}, ${s.workload.concurrency === 'max' ? 'as many users as fit' : countOf(s.workload.concurrency, 'user')}${s.speculative ? ', MTP' : ''}${bands.length ? ` (80% range: ${bands.join(', ')})` : ''}`;
}

export const seriesName = (s: SweepSeries): string => `${s.hardware} ${s.weights} ${s.framework}`;

/** The frontier's 80% band on the tok/s-per-GPU axis: dashed lines through each frontier point's
 * range of held-out measurements of comparable deployments (src/core/bands.ts). */
function bandLines(
  name: string,
  color: string,
  frontier: readonly SweepPoint[],
  y: YKey,
): ScatterChartProps['series'] {
  if (y !== 'out') return [];
  const banded = frontier.filter((p) => p.outputTokPerSecPerGpuRange !== null);
  if (banded.length < 2) return [];
  const line = (k: 0 | 1, label: string) => ({
    label,
    colorVar: color,
    showLine: true,
    dashed: true,
    points: banded.map((p) => ({
      x: p.tokPerSecPerUser,
      y: p.outputTokPerSecPerGpuRange![k],
      label: `${name}: 80% range ${formatSig(p.outputTokPerSecPerGpuRange![0])}–${formatSig(p.outputTokPerSecPerGpuRange![1])} output tok/s per GPU`,
    })),
  });
  return [line(0, `${name} (80% range)`), line(1, '')];
}

/** The scatter chart: per series its frontier (a line) and its other points; failing points grey. */
export function chartSeries(
  data: SweepResult,
  series: readonly SweepSeries[],
  y: YKey,
  sla: Sla,
  /** The page's visiblePoints(data, series.length, sla), computed once for the chart and table. */
  visible: VisiblePoints = visiblePoints(data, series.length, sla),
  pct: PercentilesByPoint = new Map(),
): ScatterChartProps['series'] {
  const passes = (p: SweepPoint, j: number) => meetsSla(p, sla, pct.get(j));
  const metric = Y_METRICS[y].of;
  const at = (p: SweepPoint, j: number, label: string) => ({
    x: p.tokPerSecPerUser,
    y: metric(p),
    label: `${label}: ${describePoint(p)}`,
    ref: j,
  });
  const indexed = visible.shown.map((j) => ({ p: data.points[j]!, j }));
  const lines = series.flatMap((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const name = seriesName(s);
    const ok = indexed.filter(({ p, j }) => p.series === i && passes(p, j));
    const frontier = visible.frontiers[i]!.filter((j) => passes(data.points[j]!, j)).map(
      (j) => data.points[j]!,
    );
    return [
      {
        label: `${name} (frontier)`,
        colorVar: color,
        showLine: true,
        points: visible.frontiers[i]!.filter((j) => passes(data.points[j]!, j)).map((j) =>
          at(data.points[j]!, j, name),
        ),
      },
      { label: `${name} (all)`, colorVar: color, points: ok.map(({ p, j }) => at(p, j, name)) },
      ...bandLines(name, color, frontier, y),
    ];
  });
  if (sla.hideFailing) return lines;
  const failing = indexed.filter(({ p, j }) => !passes(p, j));
  return [
    ...lines,
    {
      label: 'fails the SLA',
      colorVar: '--seg-workspace',
      points: failing.map(({ p, j }) => at(p, j, 'fails SLA')),
    },
  ];
}

/** One row of the frontier table: a frontier point and the series it belongs to. */
export interface FrontierRow {
  series: SweepSeries;
  point: SweepPoint;
  index: number;
  meetsSla: boolean;
  /** TTFT and TPOT at the filter's percentile, simulated (null: the filter holds means). */
  slaTtftMs: number | null;
  slaTpotMs: number | null;
}

export function frontierRows(
  data: SweepResult,
  series: readonly SweepSeries[],
  sla: Sla,
  visible: VisiblePoints = visiblePoints(data, series.length, sla),
  pct: PercentilesByPoint = new Map(),
): FrontierRow[] {
  return visible.frontiers.flatMap((f, i) =>
    f.flatMap((index) => {
      const point = data.points[index]!;
      const ok = meetsSla(point, sla, pct.get(index));
      const l = slaLatency(point, sla, pct.get(index));
      return ok || !sla.hideFailing
        ? [
            {
              series: series[i]!,
              point,
              index,
              meetsSla: ok,
              slaTtftMs: l.simulated ? l.ttftMs : null,
              slaTpotMs: l.simulated ? l.tpotMs : null,
            },
          ]
        : [];
    }),
  );
}

/** The frontier points whose percentiles the filter needs (each series' frontier). */
export const frontierPointIndices = (visible: VisiblePoints): number[] => [
  ...new Set(visible.frontiers.flat()),
];

export const FRONTIER_COLUMNS: readonly Column<FrontierRow>[] = [
  { header: 'Series', value: (r) => seriesName(r.series) },
  {
    header: 'Configuration',
    value: (r) => describePoint(r.point),
  },
  {
    header: 'tok/s per user',
    value: (r) => r.point.tokPerSecPerUser,
    show: (r) => fixed(1)(r.point.tokPerSecPerUser),
  },
  {
    header: 'output tok/s per GPU',
    value: (r) => r.point.outputTokPerSecPerGpu,
    show: (r) => fixed(0)(r.point.outputTokPerSecPerGpu),
  },
  {
    header: '$ per 1M output tokens',
    value: (r) => r.point.usdPerMillionOutputTokens,
    show: (r) => fixed(3)(r.point.usdPerMillionOutputTokens),
  },
  {
    header: '$ per 1M input tokens',
    value: (r) => r.point.usdPerMillionInputTokens,
    show: (r) => fixed(3)(r.point.usdPerMillionInputTokens),
  },
  {
    header: 'output tok/s per MW',
    value: (r) => r.point.outputTokPerSecPerMegawatt,
    show: (r) => formatSig(r.point.outputTokPerSecPerMegawatt, 4),
  },
  { header: 'TTFT (ms)', value: (r) => r.point.ttftMs, show: (r) => fixed(0)(r.point.ttftMs) },
  { header: 'TPOT (ms)', value: (r) => r.point.tpotMs, show: (r) => fixed(2)(r.point.tpotMs) },
  {
    header: 'TTFT at the filter’s percentile (ms, simulated)',
    value: (r) => r.slaTtftMs,
    show: (r) => (r.slaTtftMs === null ? '—' : fixed(0)(r.slaTtftMs)),
  },
  {
    header: 'TPOT at the filter’s percentile (ms, simulated)',
    value: (r) => r.slaTpotMs,
    show: (r) => (r.slaTpotMs === null ? '—' : fixed(2)(r.slaTpotMs)),
  },
  { header: 'Meets SLA', value: (r) => r.meetsSla, show: (r) => (r.meetsSla ? 'yes' : 'no') },
];

/** The CSV of the frontier table: the same columns, plain values. */
export const frontierCsv = (rows: readonly FrontierRow[]): CsvTable =>
  csvOf(FRONTIER_COLUMNS, rows);
