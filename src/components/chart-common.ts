import type { Chart } from 'chart.js';

/** A theme colour from the stylesheet (charts follow light and dark themes). */
export function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** Offers the chart as a PNG download. */
export function downloadChartPng(chart: Chart | null, fileName: string): void {
  const url = chart?.toBase64Image('image/png', 1);
  if (!url) return;
  const a = document.createElement('a');
  a.href = url;
  a.download = `${fileName}.png`;
  a.click();
}
