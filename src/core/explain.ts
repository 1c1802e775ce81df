import { COMPRESSOR_STATE_SOURCE } from './engine-memory';
import type { Protocol } from './scenario/schema';
import type { Plan, RunningPlan } from './plan';
import { GIB } from './hardware/schema';

/** One input of a formula, with its unit and where it comes from. */
export interface MathInput {
  label: string;
  value: number | string;
  unit: string;
  source?: string;
}

/** "Show the math" for a headline figure: the formula and the inputs that produced it. */
export interface Explanation {
  formula: string;
  inputs: MathInput[];
}

export type HeadlineKey =
  | 'ttft'
  | 'tpot'
  | 'tokPerSecPerUser'
  | 'outputTokPerSecPerGpu'
  | 'totalTokPerSecPerGpu'
  | 'usdPerMillionOutput'
  | 'usdPerMillionInput'
  | 'usdPerMillionBlended'
  | 'tokPerSecPerMw'
  | 'breakEven'
  | 'maxConcurrency'
  | 'kvPerSequence'
  | 'maxContext'
  | 'fewestGpus';

const PROTOCOL_WORDS: Record<Protocol, string> = {
  'closed-loop': 'closed loop (each user sends its next request when the last one ends)',
  poisson: 'Poisson arrivals at a rate (open loop)',
  offline: 'every request at once (offline)',
};

export function explain(p: Plan, key: HeadlineKey): Explanation {
  switch (key) {
    case 'kvPerSequence':
      return {
        formula:
          'KV(n) = Σ layers: GQA 2·kv_heads·head_dim·n | MLA latent+rope·n (+ indexer keys) | V4 min(n,128)·entry + CSA ⌊n/4⌋·(entry + indexer key) + HCA ⌊n/128⌋·entry',
        inputs: [
          { label: 'context (input + output)', value: p.memory.contextTokens, unit: 'tokens' },
          { label: 'KV format', value: p.scenario.precision.kvCache, unit: '' },
          { label: 'indexer keys', value: p.scenario.precision.indexerCache ?? 'as KV', unit: '' },
          {
            label: 'KV per sequence',
            value: p.memory.kvCacheBytesPerSequence,
            unit: 'B',
            source: 'reference/models.md §6 (entry sizes: vLLM blog, SGLang memory pool)',
          },
        ],
      };
    case 'maxContext':
      return {
        formula:
          'largest n with weights + workspace + sequences per GPU × KV(n) × share per GPU ≤ capacity (capped at the model maximum)',
        inputs: [
          { label: 'sequences per GPU', value: p.memory.sequencesPerGpu, unit: '' },
          {
            label: 'share of a sequence one GPU holds',
            value: p.memory.kvShareHeldPerGpu,
            unit: '',
          },
          {
            label: 'model maximum',
            value: p.model.maxContextTokens,
            unit: 'tokens',
            source: 'config.json max_position_embeddings',
          },
        ],
      };
    case 'fewestGpus':
      return {
        formula:
          'first of 1, 2, 4, 8, 16, 24, … GPUs on which a standard layout (wide EP + attention-DP, TP+EP, TP, TP×PP) fits this workload',
        inputs: [
          { label: 'concurrency', value: p.concurrency, unit: 'requests' },
          { label: 'context', value: p.memory.contextTokens, unit: 'tokens' },
        ],
      };
    case 'maxConcurrency':
      return {
        formula:
          'max concurrency = ⌊(capacity − weights − engine reserve) / ((KV + engine state) per sequence × share held per GPU)⌋ × attention ranks',
        inputs: [
          { label: 'capacity', value: p.memory.capacityBytesPerGpu / GIB, unit: 'GiB' },
          { label: 'weights', value: p.memory.weightsBytesPerGpu / GIB, unit: 'GiB' },
          {
            label: 'engine reserve (activations, CUDA graphs)',
            value: p.memory.workspaceBytesPerGpu / GIB,
            unit: 'GiB',
            source: p.memory.memoryUtilizationSource,
          },
          {
            label: 'KV per sequence',
            value: p.memory.kvCacheBytesPerSequence / GIB,
            unit: 'GiB',
          },
          {
            label: 'engine state per sequence (V4 compressor rings, SGLang window pool)',
            value: p.memory.engineBytesPerSequence / GIB,
            unit: 'GiB',
            source: COMPRESSOR_STATE_SOURCE,
          },
          {
            label: 'share of a sequence one GPU holds',
            value: p.memory.kvShareHeldPerGpu,
            unit: '',
          },
        ],
      };
  }
  if (!p.runs)
    return {
      formula: `not computed: ${p.memory.reason ?? 'the deployment cannot run'}`,
      inputs: [],
    };
  return explainFigure(p, key);
}

/** The formulas of the figures only a running deployment has. */
function explainFigure(p: RunningPlan, key: HeadlineKey): Explanation {
  const w = p.scenario.workload;
  const a = p.serving.acceptanceLength;
  const gpus = p.scenario.gpus;
  const step = p.latency.stepMs;
  const steps = Object.entries(p.serving.decodeStepMs).map(([op, ms]) => ({
    label: `step: ${op}`,
    value: ms,
    unit: 'ms',
  }));
  switch (key) {
    case 'ttft':
      return {
        formula:
          p.serving.mode === 'aggregated'
            ? "TTFT = own prompt in prefill chunks + the prompts queued ahead on the rank (half of them for requests arriving with their wave, whose short prompts share steps up to the engine's token budget; M/D/1 at the prefill load for the rest) + queue for a decode slot"
            : "TTFT = prefill queue (half a wave for requests arriving with theirs) + own prefill batch + KV transfer + first decode step; in a closed loop at least C / rate − (OSL / a)·step (Little's law)",
        inputs: [
          { label: 'arrivals', value: PROTOCOL_WORDS[w.protocol], unit: '' },
          { label: 'arriving with their wave', value: p.serving.arrivingInWaves, unit: '' },
          ...(p.serving.mode === 'aggregated'
            ? [
                {
                  label: "prompts a wave's step runs",
                  value: p.serving.promptsPerWaveStep,
                  unit: 'prompts',
                },
              ]
            : []),
          ...(w.protocol === 'poisson' && w.requestsPerSec !== undefined
            ? [{ label: 'arrival rate', value: w.requestsPerSec, unit: 'req/s' }]
            : []),
          { label: 'input tokens', value: w.inputTokens, unit: 'tokens' },
          { label: 'concurrency', value: p.concurrency, unit: 'requests' },
          { label: 'running at once', value: p.throughput.runningSequences, unit: 'sequences' },
          { label: 'requests per second', value: p.throughput.requestsPerSec, unit: 'req/s' },
          ...(p.serving.kvTransferMs !== null
            ? [
                {
                  label: 'KV transfer to the decode pool',
                  value: p.serving.kvTransferMs,
                  unit: 'ms',
                },
                { label: 'first decode step', value: p.latency.stepMs, unit: 'ms' },
              ]
            : []),
        ],
      };
    case 'tpot':
      return {
        formula:
          "TPOT = decode step / acceptance length; step = Σ operations, each from its measured kernel table at the step's shapes (interpolated in log space) or else max(FLOPs / achievable FLOP/s, bytes / achievable B/s), + comms + overhead",
        inputs: [
          { label: 'decode step', value: step, unit: 'ms' },
          { label: 'acceptance length', value: a, unit: 'tokens/step' },
          ...steps,
          ...p.serving.decodePricing.map((l) => ({
            label: `${l.op}: ${l.what} (decode only, busiest rank)`,
            value: l.ms,
            unit: 'ms',
            source: l.source,
          })),
        ],
      };
    case 'tokPerSecPerUser':
      return {
        formula: 'tok/s per user = 1000 / TPOT = 1000 · a / step',
        inputs: [{ label: 'TPOT', value: p.latency.tpotMs, unit: 'ms' }],
      };
    case 'outputTokPerSecPerGpu':
    case 'totalTokPerSecPerGpu':
      return {
        formula:
          'output tok/s per GPU = requests/s × OSL / GPUs; total = output × (ISL + OSL) / OSL',
        inputs: [
          { label: 'requests per second', value: p.throughput.requestsPerSec, unit: 'req/s' },
          { label: 'output tokens', value: w.outputTokens, unit: 'tokens' },
          { label: 'input tokens', value: w.inputTokens, unit: 'tokens' },
          { label: 'GPUs', value: gpus, unit: 'GPUs' },
        ],
      };
    case 'usdPerMillionOutput':
      return {
        formula:
          '$/M output = $/GPU-h × (1 − prefill share of GPU time) / (output tok/s per GPU × 3600) × 10⁶',
        inputs: [
          {
            label: 'price',
            value: p.cost.usdPerGpuHour ?? 'none',
            unit: '$/GPU-h',
            source:
              p.scenario.pricing?.usdPerGpuHour !== undefined
                ? 'your price'
                : 'catalog tier (SemiAnalysis TCO / market)',
          },
          { label: 'prefill share of GPU time', value: p.serving.prefillGpuTimeShare, unit: '' },
          {
            label: 'output tok/s per GPU',
            value: p.throughput.outputTokPerSecPerGpu,
            unit: 'tok/s',
          },
        ],
      };
    case 'usdPerMillionInput':
      return {
        formula:
          '$/M input = $/GPU-h × prefill share of GPU time / (input tok/s per GPU × 3600) × 10⁶',
        inputs: [
          { label: 'price', value: p.cost.usdPerGpuHour ?? 'none', unit: '$/GPU-h' },
          { label: 'prefill share of GPU time', value: p.serving.prefillGpuTimeShare, unit: '' },
          {
            label: 'input tok/s per GPU',
            value: p.throughput.totalTokPerSecPerGpu - p.throughput.outputTokPerSecPerGpu,
            unit: 'tok/s',
          },
        ],
      };
    case 'usdPerMillionBlended':
      return {
        formula: '$/M blended = $/GPU-h / ((input + output) tok/s per GPU × 3600) × 10⁶',
        inputs: [
          { label: 'price', value: p.cost.usdPerGpuHour ?? 'none', unit: '$/GPU-h' },
          {
            label: 'input + output tok/s per GPU',
            value: p.throughput.totalTokPerSecPerGpu,
            unit: 'tok/s',
          },
        ],
      };
    case 'tokPerSecPerMw':
      return {
        formula: 'tok/s per MW = output tok/s per GPU × 10⁶ W / watts per GPU',
        inputs: [
          {
            label: 'power per GPU',
            value: p.energy.wattsPerGpu,
            unit: 'W',
            source:
              p.energy.powerBasis === 'TDP'
                ? 'TDP (no all-in figure published)'
                : 'all-in facility kW per GPU (SemiAnalysis)',
          },
          {
            label: 'output tok/s per GPU',
            value: p.throughput.outputTokPerSecPerGpu,
            unit: 'tok/s',
          },
        ],
      };
    case 'breakEven':
      return {
        formula:
          'break-even $/GPU-h = (input tok/s × API $/M in + output tok/s × API $/M out) per GPU × 3600 / 10⁶',
        inputs: p.cost.api
          ? [
              {
                label: 'API input price',
                value: p.cost.api.usdPerMillionInput,
                unit: '$/M',
                source: p.cost.api.source,
              },
              {
                label: 'API output price',
                value: p.cost.api.usdPerMillionOutput,
                unit: '$/M',
                source: p.cost.api.source,
              },
              {
                label: 'output tok/s per GPU',
                value: p.throughput.outputTokPerSecPerGpu,
                unit: 'tok/s',
              },
            ]
          : [{ label: 'DeepSeek API price', value: 'none for this model', unit: '' }],
      };
    default:
      return explain(p, key);
  }
}
