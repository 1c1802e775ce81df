import type { Plan } from './plan';
import { GIB } from './hardware/schema';

/** The headline figures compared side by side: label, unit, how to read it, and which way is better. */
export interface ComparedMetric {
  key: string;
  label: string;
  unit: string;
  value: (p: Plan) => number | null;
  better: 'higher' | 'lower' | 'none';
}

export const COMPARED_METRICS: ComparedMetric[] = [
  { key: 'gpus', label: 'GPUs', unit: '', value: (p) => p.scenario.gpus, better: 'lower' },
  { key: 'ttft', label: 'TTFT', unit: 'ms', value: (p) => p.latency.ttftMs, better: 'lower' },
  { key: 'tpot', label: 'TPOT', unit: 'ms', value: (p) => p.latency.tpotMs, better: 'lower' },
  {
    key: 'user',
    label: 'Per user',
    unit: 'tok/s',
    value: (p) => p.throughput.tokPerSecPerUser,
    better: 'higher',
  },
  {
    key: 'outGpu',
    label: 'Output per GPU',
    unit: 'tok/s',
    value: (p) => p.throughput.outputTokPerSecPerGpu,
    better: 'higher',
  },
  {
    key: 'totalGpu',
    label: 'Input + output per GPU',
    unit: 'tok/s',
    value: (p) => p.throughput.totalTokPerSecPerGpu,
    better: 'higher',
  },
  {
    key: 'usdOut',
    label: 'Cost per 1M output tokens',
    unit: '$',
    value: (p) => p.cost.usdPerMillionOutputTokens,
    better: 'lower',
  },
  {
    key: 'usdIn',
    label: 'Cost per 1M input tokens',
    unit: '$',
    value: (p) => p.cost.usdPerMillionInputTokens,
    better: 'lower',
  },
  {
    key: 'usdBlend',
    label: 'Cost per 1M tokens (blended)',
    unit: '$',
    value: (p) => p.cost.usdPerMillionTokensBlended,
    better: 'lower',
  },
  {
    key: 'mw',
    label: 'Output per MW',
    unit: 'tok/s',
    value: (p) => p.energy.outputTokPerSecPerMegawatt,
    better: 'higher',
  },
  {
    key: 'joules',
    label: 'Energy per output token',
    unit: 'J',
    value: (p) => p.energy.joulesPerOutputToken,
    better: 'lower',
  },
  {
    key: 'maxConc',
    label: 'Max concurrency (memory)',
    unit: 'requests',
    value: (p) => p.memory.maxConcurrency,
    better: 'higher',
  },
  {
    key: 'kv',
    label: 'KV per sequence',
    unit: 'GiB',
    value: (p) => p.memory.kvCacheBytesPerSequence / GIB,
    better: 'lower',
  },
  {
    key: 'weights',
    label: 'Weights per GPU',
    unit: 'GiB',
    value: (p) => p.memory.weightsBytesPerGpu / GIB,
    better: 'lower',
  },
];

export interface Delta {
  /** value − first. */
  difference: number;
  /** value / first. */
  ratio: number;
  /** Whether this is better than the first, worse, or the same. */
  verdict: 'better' | 'worse' | 'same';
}

export function deltaAgainst(
  first: number | null,
  value: number | null,
  better: ComparedMetric['better'],
): Delta | null {
  if (first === null || value === null || first === 0) return null;
  const difference = value - first;
  const ratio = value / first;
  const same = Math.abs(ratio - 1) < 1e-9 || better === 'none';
  const up = difference > 0;
  return {
    difference,
    ratio,
    verdict: same ? 'same' : (better === 'higher') === up ? 'better' : 'worse',
  };
}
