import type { Chart as ChartJs, ChartConfiguration } from 'chart.js';
import { Chart } from 'chart.js';
import type { ReactNode } from 'react';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { ResolvedTheme } from '../state/theme';
import { resolvedTheme, subscribeResolvedTheme } from '../state/theme';

/** The colours a chart draws with, for the theme shown: a chart is built from one. */
export interface ChartPalette {
  theme: ResolvedTheme;
  /** A colour variable of the stylesheet under this theme (`fallback` when it has none). */
  color: (cssVar: string, fallback: string) => string;
}

function paletteOf(theme: ResolvedTheme): ChartPalette {
  const style = getComputedStyle(document.documentElement);
  return { theme, color: (name, fallback) => style.getPropertyValue(name).trim() || fallback };
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
  /** Builds what to draw from the theme's palette; the chart is rebuilt when this function
   * (wrap it in useCallback) or the theme shown changes. */
  build: (palette: ChartPalette) => ChartConfiguration;
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
  const theme = useSyncExternalStore<ResolvedTheme>(
    subscribeResolvedTheme,
    resolvedTheme,
    () => 'light',
  );
  useEffect(() => {
    if (!canvas.current) return;
    chart.current = new Chart(canvas.current, build(paletteOf(theme)));
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, [build, theme]);
  return (
    <figure className="chart">
      <div className={tall ? 'chart-canvas tall' : 'chart-canvas'}>
        <canvas ref={canvas} role="img" aria-label={label} data-theme={theme} />
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
