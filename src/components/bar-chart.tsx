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

/** A bar chart, loaded in its own chunk once near the window; its data table is always there
 * for screen readers. */
export function BarChart(props: BarChartProps) {
  const { title, categories, series, unit } = props;
  return (
    <>
      <ChartSuspense>
        <Impl {...props} />
      </ChartSuspense>
      <div className="visually-hidden">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Category</th>
              {series.map((s) => (
                <th key={s.label} scope="col">
                  {s.label} ({unit})
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {categories.map((c, i) => (
              <tr key={c}>
                <th scope="row">{c}</th>
                {series.map((s) => (
                  <td key={s.label}>{(s.values[i] ?? 0).toFixed(3)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
