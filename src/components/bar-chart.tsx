import { lazy } from 'react';
import { ChartSuspense } from './chart-suspense';

export interface BarChartProps {
  title: string;
  /** What the chart shows, in words (the scenario): under the title of its PNG. */
  description?: string | undefined;
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
    <ChartSuspense>
      <Impl {...props} />
    </ChartSuspense>
  );
}
