import { lazy, Suspense } from 'react';

export interface ScatterPoint {
  x: number;
  y: number;
  label?: string;
}

export interface ScatterChartProps {
  title: string;
  series: Array<{ label: string; points: ScatterPoint[]; colorVar: string }>;
  xLabel: string;
  yLabel: string;
  log?: boolean;
  /** Draw y = x and the ±25% band (predicted vs measured). */
  bandAroundDiagonal?: boolean;
  fileName: string;
  onPointClick?: (series: number, index: number) => void;
}

const Impl = lazy(() => import('./scatter-chart-impl'));

/** A scatter chart, loaded on first use in its own chunk. Callers provide a text alternative. */
export function ScatterChart(props: ScatterChartProps) {
  return (
    <Suspense
      fallback={
        <div className="chart-canvas tall chart-loading" role="status">
          Loading chart…
        </div>
      }
    >
      <Impl {...props} />
    </Suspense>
  );
}
