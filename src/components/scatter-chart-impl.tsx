import {
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';
import type { ChartConfiguration } from 'chart.js';
import { useCallback } from 'react';
import type { ChartPalette } from './chart-common';
import { ChartFigure } from './chart-common';
import { formatSig } from './format';
import { tickLabel } from './axis-ticks';
import type { ScatterChartProps } from './scatter-chart';

Chart.register(
  ScatterController,
  LineController,
  PointElement,
  LineElement,
  LogarithmicScale,
  LinearScale,
  Tooltip,
  Legend,
);

export default function ScatterChartImpl({
  title,
  description,
  series,
  xLabel,
  yLabel,
  log,
  logX = log,
  logY = log,
  bandAroundDiagonal,
  fileName,
  onPointClick,
}: ScatterChartProps) {
  const build = useCallback(
    (palette: ChartPalette): ChartConfiguration => {
      const text = palette.color('--text', '#16202b');
      const grid = palette.color('--border', '#d8dee6');
      const all = series.flatMap((s) => s.points);
      const lo = Math.min(...all.map((p) => Math.min(p.x, p.y)));
      const hi = Math.max(...all.map((p) => Math.max(p.x, p.y)));
      const guides =
        bandAroundDiagonal && all.length
          ? [
              { label: 'predicted = measured', k: 1, dash: [] as number[] },
              { label: '±25%', k: 1.25, dash: [4, 4] },
              { label: '', k: 0.8, dash: [4, 4] },
            ].map((g) => ({
              type: 'line' as const,
              label: g.label,
              data: [
                { x: lo, y: lo * g.k },
                { x: hi, y: hi * g.k },
              ],
              borderColor: palette.color('--muted', '#5b6775'),
              borderDash: g.dash,
              borderWidth: 1,
              pointRadius: 0,
            }))
          : [];
      return {
        type: 'scatter',
        data: {
          datasets: [
            ...series.map((s) => ({
              label: s.label,
              data: s.points.map((p) => ({ x: p.x, y: p.y })),
              backgroundColor: palette.color(s.colorVar, '#0f4c81'),
              borderColor: palette.color(s.colorVar, '#0f4c81'),
              showLine: s.showLine ?? false,
              borderDash: s.dashed ? [5, 4] : [],
              borderWidth: s.showLine ? 2 : 0,
              pointRadius: s.dashed ? 0 : s.marker ? 6 : 2.5,
              pointHitRadius: s.dashed ? 4 : undefined,
              pointStyle: s.marker ?? 'circle',
            })),
            ...guides,
          ],
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          onClick: (_e, elements) => {
            const el = elements[0];
            if (!el || !onPointClick || el.datasetIndex >= series.length) return;
            onPointClick(el.datasetIndex, el.index);
          },
          plugins: {
            legend: {
              labels: {
                color: text,
                filter: (item) => item.text !== '' && !item.text.endsWith('maximum context'),
              },
            },
            tooltip: {
              callbacks: {
                // The point's own words, then its figures on both axes.
                label: (c) => {
                  const s = series[c.datasetIndex];
                  const p = s?.points[c.dataIndex];
                  const figures = [
                    `${xLabel}: ${formatSig(c.parsed.x ?? NaN, 4)}`,
                    `${yLabel}: ${formatSig(c.parsed.y ?? NaN, 4)}`,
                  ];
                  return p?.label ? [p.label, ...figures] : figures;
                },
              },
            },
          },
          scales: {
            x: {
              type: logX ? 'logarithmic' : 'linear',
              title: { display: true, text: xLabel, color: text },
              ticks: { color: text, callback: tickLabel(logX), autoSkip: true, maxRotation: 0 },
              grid: { color: grid },
            },
            y: {
              type: logY ? 'logarithmic' : 'linear',
              title: { display: true, text: yLabel, color: text },
              ticks: { color: text, callback: tickLabel(logY) },
              grid: { color: grid },
            },
          },
        },
      };
    },
    [series, xLabel, yLabel, logX, logY, bandAroundDiagonal, onPointClick],
  );

  const points = series.reduce((n, s) => n + s.points.length, 0);
  return (
    <ChartFigure
      build={build}
      label={`${title}: ${points} points (scatter chart; the table beside it lists them)`}
      title={title}
      description={description}
      fileName={fileName}
      tall
    />
  );
}
