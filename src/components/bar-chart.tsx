import { lazy, Suspense } from 'react';

export interface BarChartProps {
  title: string;
  categories: string[];
  series: Array<{ label: string; values: number[]; colorVar: string }>;
  unit: string;
  stacked?: boolean;
  horizontal?: boolean;
  /** PNG download name, without extension. */
  fileName: string;
}

// Chart.js loads on first use, in its own chunk: the first paint does not wait for it.
const Impl = lazy(() => import('./bar-chart-impl'));

export function BarChart(props: BarChartProps) {
  return (
    <Suspense
      fallback={
        <div className="chart-canvas chart-loading" role="status">
          Loading chart…
        </div>
      }
    >
      <Impl {...props} />
    </Suspense>
  );
}
