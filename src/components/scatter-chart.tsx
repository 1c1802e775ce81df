import { lazy } from 'react';
import { ChartSuspense } from './chart-suspense';

export interface ScatterPoint {
  x: number;
  y: number;
  label?: string;
  /** The caller's own index for this point (handed back on click). */
  ref?: number;
}

export interface ScatterChartProps {
  title: string;
  /** What the chart shows, in words (the scenario): under the title of its PNG. */
  description?: string | undefined;
  series: Array<{
    label: string;
    points: ScatterPoint[];
    colorVar: string;
    showLine?: boolean;
    dashed?: boolean;
    /** Drawn as larger triangles (measured points beside predicted ones). */
    marker?: 'triangle';
  }>;
  xLabel: string;
  yLabel: string;
  /** Log scale on both axes (or set each). */
  log?: boolean;
  logX?: boolean;
  logY?: boolean;
  /** Draw y = x and the ±25% band (predicted vs measured). */
  bandAroundDiagonal?: boolean;
  fileName: string;
  onPointClick?: (series: number, index: number) => void;
}

const Impl = lazy(() => import('./scatter-chart-impl'));

/** A scatter chart, loaded on first use in its own chunk. Callers provide a text alternative. */
export function ScatterChart(props: ScatterChartProps) {
  return (
    <ChartSuspense tall>
      <Impl {...props} />
    </ChartSuspense>
  );
}
