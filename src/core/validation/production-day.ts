import type { RecommendResult } from '../capacity/recommend';

/**
 * DeepSeek's V3/R1 service over 24 hours from 2025-02-27 12:00 (UTC+8), as DeepSeek published it
 * (reference measurements M01 and M02; the economics of the same page).
 */
export const DEEPSEEK_PRODUCTION_DAY = {
  source:
    'https://github.com/deepseek-ai/open-infra-index/blob/main/202502OpenSourceWeek/day_6_one_more_thing_deepseekV3R1_inference_system_overview.md',
  averageNodes: 226.75,
  peakNodes: 278,
  gpusPerNode: 8,
  usdPerGpuHour: 2,
  usdPerDay: 87_072,
  inputTokens: 608e9,
  cacheHitInputTokens: 342e9,
  outputTokens: 168e9,
  tokPerSecPerUser: [20, 22] as const,
  /** Output tok/s per decode GPU (14.8k per node) and input tok/s per prefill GPU including
   * cache hits (73.7k per node). */
  decodeOutputTokPerSecPerGpu: 1850,
  prefillInputTokPerSecPerGpu: 73_700 / 8,
} as const;

/** The tolerance the example must land within (issue: 15% of GPUs and dollars per day). */
export const PRODUCTION_DAY_TOLERANCE = 0.15;

export interface DayComparisonRow {
  what: string;
  unit: string;
  published: number;
  predicted: number | null;
  /** predicted / published − 1 (null without a prediction). */
  error: number | null;
  /** Whether the figure is held to the tolerance (the day's GPUs and dollars are). */
  scored: boolean;
}

const row = (
  what: string,
  unit: string,
  published: number,
  predicted: number | null,
  scored = false,
): DayComparisonRow => ({
  what,
  unit,
  published,
  predicted,
  error: predicted === null ? null : predicted / published - 1,
  scored,
});

/** The capacity search's answer to the published day beside what DeepSeek published. */
export function compareProductionDay(r: RecommendResult): DayComparisonRow[] {
  const p = DEEPSEEK_PRODUCTION_DAY;
  const day = r.day;
  const best = r.recommendations[0] ?? null;
  const peakGpus =
    day && best ? Math.max(...day.hours.map((h) => h.replicas)) * best.gpusPerReplica : null;
  const averageGpus = p.averageNodes * p.gpusPerNode;
  return [
    row('GPUs over the day (mean)', 'GPUs', averageGpus, day?.averageGpus ?? null, true),
    row('Cost of the day', '$', p.usdPerDay, day?.scaling.usdPerDay ?? null, true),
    row('GPUs at the peak hour', 'GPUs', p.peakNodes * p.gpusPerNode, peakGpus),
    row(
      'Output per GPU over the day',
      'tok/s',
      p.outputTokens / 86_400 / averageGpus,
      day ? day.outputTokensPerDay / 86_400 / day.averageGpus : null,
    ),
    row(
      'Speed per user',
      'tok/s',
      (p.tokPerSecPerUser[0] + p.tokPerSecPerUser[1]) / 2,
      best?.tokPerSecPerUser ?? null,
    ),
  ];
}
