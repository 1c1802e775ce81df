import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import type { ChartConfiguration } from 'chart.js';
import { useCallback } from 'react';
import type { ChartPalette } from './chart-common';
import { ChartFigure } from './chart-common';
import type { BarChartProps } from './bar-chart';

// Only what bar charts need: Chart.js is tree-shaken through explicit registration.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export default function BarChartImpl({
  title,
  description,
  categories,
  series,
  unit,
  stacked,
  horizontal,
  fileName,
}: BarChartProps) {
  const build = useCallback(
    (palette: ChartPalette): ChartConfiguration => {
      const text = palette.color('--text', '#16202b');
      const grid = palette.color('--border', '#d8dee6');
      return {
        type: 'bar',
        data: {
          labels: categories,
          datasets: series.map((s) => ({
            label: s.label,
            data: s.values,
            backgroundColor: palette.color(s.colorVar, '#0f4c81'),
          })),
        },
        options: {
          indexAxis: horizontal ? 'y' : 'x',
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: {
            legend: { display: series.length > 1, labels: { color: text } },
            tooltip: {
              callbacks: {
                label: (c) => `${c.dataset.label}: ${Number(c.raw).toFixed(2)} ${unit}`,
              },
            },
          },
          scales: {
            x: {
              stacked,
              ticks: { color: text },
              grid: { color: grid },
              ...(horizontal ? { title: { display: true, text: unit, color: text } } : {}),
            },
            y: {
              stacked,
              ticks: { color: text },
              grid: { color: grid },
              ...(horizontal ? {} : { title: { display: true, text: unit, color: text } }),
            },
          },
        },
      };
    },
    [categories, series, unit, stacked, horizontal],
  );

  return (
    <ChartFigure
      build={build}
      label={`${title} (bar chart; the data table follows)`}
      title={title}
      description={description}
      fileName={fileName}
    ></ChartFigure>
  );
}
