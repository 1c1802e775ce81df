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

/** Pixels per CSS pixel of an exported PNG: sharp on high-density screens and in slides. */
export const PNG_SCALE = 2;

/** Lines of at most `width` pixels in the context's font. */
function wrapText(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The chart as a PNG worth sharing: drawn again at PNG_SCALE, on the theme's opaque panel
 * colour, under its title and what it shows in words.
 */
export function chartPng(
  chart: ChartJs,
  heading: { title: string; description?: string | undefined },
  palette: ChartPalette,
): HTMLCanvasElement {
  const previous = chart.options.devicePixelRatio;
  chart.options.devicePixelRatio = PNG_SCALE;
  chart.resize();
  try {
    const s = PNG_SCALE;
    const pad = 12 * s;
    const out = document.createElement('canvas');
    const ctx = out.getContext('2d')!;
    const width = chart.canvas.width;
    const font = getComputedStyle(document.documentElement).fontFamily || 'sans-serif';
    const titleFont = `600 ${15 * s}px ${font}`;
    const textFont = `${12 * s}px ${font}`;
    ctx.font = textFont;
    const words = heading.description ? wrapText(ctx, heading.description, width - 2 * pad) : [];
    const top = pad + 20 * s + words.length * 16 * s + 6 * s;
    out.width = width + 2 * pad;
    out.height = top + chart.canvas.height + pad;
    ctx.fillStyle = palette.color('--panel', palette.theme === 'dark' ? '#161e26' : '#ffffff');
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.fillStyle = palette.color('--text', palette.theme === 'dark' ? '#e6edf3' : '#16202b');
    ctx.textBaseline = 'top';
    ctx.font = titleFont;
    ctx.fillText(heading.title, pad, pad);
    ctx.font = textFont;
    ctx.fillStyle = palette.color('--muted', '#5b6775');
    words.forEach((line, i) => ctx.fillText(line, pad, pad + 22 * s + i * 16 * s));
    ctx.drawImage(chart.canvas, pad, top);
    return out;
  } finally {
    chart.options.devicePixelRatio = previous;
    chart.resize();
  }
}

/** Offers the chart as a PNG download (see chartPng). */
export function downloadChartPng(
  chart: ChartJs | null,
  fileName: string,
  heading: { title: string; description?: string | undefined },
  palette: ChartPalette,
): void {
  if (!chart) return;
  const url = chartPng(chart, heading, palette).toDataURL('image/png');
  const a = document.createElement('a');
  a.href = url;
  a.download = `${fileName}.png`;
  a.click();
}

interface ChartFigureProps {
  /** Builds what to draw from the theme's palette; the chart is redrawn when this function
   * (wrap it in useCallback) or the theme shown changes. */
  build: (palette: ChartPalette) => ChartConfiguration;
  /** The canvas's accessible name. */
  label: string;
  /** The exported PNG's title, and what it shows in words (the scenario) under it. */
  title: string;
  description?: string | undefined;
  /** PNG download name, without extension. */
  fileName: string;
  tall?: boolean;
  /** After the caption: the accessible form of the data, if the figure carries it. */
  children?: ReactNode;
}

/** A Chart.js canvas with its Download PNG button; the chart is destroyed with the figure. */
export function ChartFigure({
  build,
  label,
  title,
  description,
  fileName,
  tall,
  children,
}: ChartFigureProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartJs | null>(null);
  const theme = useSyncExternalStore<ResolvedTheme>(
    subscribeResolvedTheme,
    resolvedTheme,
    () => 'light',
  );
  const drawnTheme = useRef<ResolvedTheme | null>(null);
  // New data redraws the chart in place (a Chart.js update); a new theme or kind builds it again.
  // Building it anew on every input change cost the Planner a third of its time per change.
  useEffect(() => {
    if (!canvas.current) return;
    const config = build(paletteOf(theme));
    const c = chart.current;
    if (
      c &&
      drawnTheme.current === theme &&
      (c.config as ChartConfiguration).type === config.type
    ) {
      c.data = config.data;
      c.options = config.options ?? {};
      c.update('none');
      return;
    }
    c?.destroy();
    chart.current = new Chart(canvas.current, config);
    drawnTheme.current = theme;
  }, [build, theme]);
  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );
  return (
    <figure className="chart">
      <div className={tall ? 'chart-canvas tall' : 'chart-canvas'}>
        <canvas ref={canvas} role="img" aria-label={label} data-theme={theme} />
      </div>
      <figcaption className="chart-actions">
        <button
          type="button"
          onClick={() =>
            downloadChartPng(chart.current, fileName, { title, description }, paletteOf(theme))
          }
        >
          Download PNG
        </button>
      </figcaption>
      {children}
    </figure>
  );
}
