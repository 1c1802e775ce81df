import type { Chart as ChartJs, ChartConfiguration } from 'chart.js';
import { Chart } from 'chart.js';
import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';

/** A theme colour from the stylesheet (charts follow light and dark themes). */
export function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** Offers the chart as a PNG download. */
export function downloadChartPng(chart: ChartJs | null, fileName: string): void {
  const url = chart?.toBase64Image('image/png', 1);
  if (!url) return;
  const a = document.createElement('a');
  a.href = url;
  a.download = `${fileName}.png`;
  a.click();
}

interface ChartFigureProps {
  /** Builds what to draw, after the figure is on the page (theme colours are read then); the
   * chart is rebuilt when this function changes (wrap it in useCallback). */
  build: () => ChartConfiguration;
  /** The canvas's accessible name. */
  label: string;
  /** PNG download name, without extension. */
  fileName: string;
  tall?: boolean;
  /** After the caption: the accessible form of the data, if the figure carries it. */
  children?: ReactNode;
}

/** A Chart.js canvas with its Download PNG button; the chart is destroyed with the figure. */
export function ChartFigure({ build, label, fileName, tall, children }: ChartFigureProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartJs | null>(null);
  useEffect(() => {
    if (!canvas.current) return;
    chart.current = new Chart(canvas.current, build());
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, [build]);
  return (
    <figure className="chart">
      <div className={tall ? 'chart-canvas tall' : 'chart-canvas'}>
        <canvas ref={canvas} role="img" aria-label={label} />
      </div>
      <figcaption className="chart-actions">
        <button type="button" onClick={() => downloadChartPng(chart.current, fileName)}>
          Download PNG
        </button>
      </figcaption>
      {children}
    </figure>
  );
}
