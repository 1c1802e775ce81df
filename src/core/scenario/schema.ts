import { z } from 'zod';
import { INDEXER_PRECISIONS, KV_PRECISIONS, WEIGHT_PRECISIONS } from '../precision';
import { PRICE_TIERS } from '../hardware/schema';

export const FRAMEWORKS = ['trtllm', 'sglang', 'vllm', 'atom', 'generic'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** How requests arrive (src/core/protocol.ts): a closed loop of users (what public serving
 * benchmarks run), an open loop at a Poisson rate, or everything at once (offline). */
export const PROTOCOLS = ['closed-loop', 'poisson', 'offline'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** Upper bounds keep hostile inputs from turning into absurd loops or overflow. */
export const LIMITS = {
  gpus: 100_000,
  parallel: 4_096,
  tokens: 16_777_216,
  concurrency: 10_000_000,
  draftTokens: 16,
  requestsPerSec: 1_000_000,
  turns: 10_000,
  /** Log-normal σ of a length mix: 3 spans five orders of magnitude. */
  spread: 3,
  thinkSeconds: 86_400,
  cacheGiB: 1_048_576,
} as const;

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/**
 * An agent session (design §2): each turn's prompt is the whole conversation so far (the shared
 * prefix, every earlier turn's added tokens and answers) plus `tokensAddedPerTurn` new ones (the
 * user's message and tool output), so its prefix is the previous turn's context.
 */
export const Sessions = z.object({
  turns: int(1, LIMITS.turns),
  tokensAddedPerTurn: int(1, LIMITS.tokens),
  outputTokensPerTurn: int(1, LIMITS.tokens),
  /** Mean pause between an answer and the next turn (exponential), seconds. */
  thinkSeconds: z.number().min(0).max(LIMITS.thinkSeconds).default(0),
});
export type Sessions = z.infer<typeof Sessions>;

/**
 * Where reused KV may be kept (engines.md §6): GPU memory the running requests leave free, host
 * DRAM and local NVMe, per GPU. Every engine caches prefixes in GPU memory by default.
 */
export const PrefixCache = z.object({
  hbm: z.boolean().default(true),
  hostDramGiB: z.number().min(0).max(LIMITS.cacheGiB).default(0),
  nvmeGiB: z.number().min(0).max(LIMITS.cacheGiB).default(0),
  /** Read rate of the NVMe tier per GPU (GB/s); default: the hardware's, else an assumption. */
  nvmeGBps: z.number().positive().max(1_000).optional(),
});
export type PrefixCache = z.infer<typeof PrefixCache>;

/** What a workload adds to fixed lengths (all optional: old links and files keep working). */
const WorkloadShapeFields = {
  /** Log-normal σ of the prompt and answer lengths around their means (0: fixed lengths). */
  inputTokensSpread: z.number().min(0).max(LIMITS.spread).optional(),
  outputTokensSpread: z.number().min(0).max(LIMITS.spread).optional(),
  /** Gamma shape of Poisson inter-arrival times (vLLM bench --burstiness): 1 is Poisson,
   * below 1 burstier. */
  burstiness: z.number().min(0.01).max(100).optional(),
  /** Tokens at the start of every prompt that every request shares (a RAG corpus, a system
   * prompt). */
  sharedPrefixTokens: int(0, LIMITS.tokens).optional(),
  /** A measured share of prompt tokens a prefix cache serves (DeepSeek's service: 56.3%): taken
   * as given instead of the cache model, read from the slowest tier the cache has. */
  cachedInputShare: z.number().min(0).max(0.99).optional(),
  /** Multi-turn agent sessions: the lengths of each request follow from them. */
  sessions: Sessions.optional(),
  prefixCache: PrefixCache.optional(),
};

export const Parallelism = z.object({
  tp: int(1, LIMITS.parallel).default(1),
  ep: int(1, LIMITS.parallel).default(1),
  pp: int(1, LIMITS.parallel).default(1),
  dpAttention: z.boolean().default(false),
});

export const Pool = Parallelism.extend({ gpus: int(1, LIMITS.gpus) });
/** The prefill pool may run on another accelerator than the decode pool (the scenario's). */
export const PrefillPool = Pool.extend({ hardware: z.string().min(1).max(80).optional() });

export const Scenario = z.object({
  model: z.string().min(1).max(80),
  hardware: z.string().min(1).max(80),
  gpus: int(1, LIMITS.gpus),
  precision: z
    .object({
      weights: z.enum(WEIGHT_PRECISIONS).default('native'),
      kvCache: z.enum(KV_PRECISIONS).default('fp8'),
      /** Lightning-indexer keys (DSA / V4); default: FP8 with FP8 KV, BF16 with BF16 KV. */
      indexerCache: z.enum(INDEXER_PRECISIONS).optional(),
    })
    .prefault({}),
  framework: z.enum(FRAMEWORKS).default('sglang'),
  /** Omitted: wide expert parallelism (EP over all GPUs with attention-DP), or TP for dense models. */
  parallelism: Parallelism.optional(),
  disaggregation: z.object({ prefill: PrefillPool, decode: Pool }).optional(),
  workload: z
    .object({
      inputTokens: int(1, LIMITS.tokens),
      outputTokens: int(1, LIMITS.tokens),
      /** Requests in flight (closed loop), submitted (offline), or at most in flight (Poisson). */
      concurrency: z.union([int(1, LIMITS.concurrency), z.literal('max')]),
      protocol: z.enum(PROTOCOLS).default('closed-loop'),
      /** Mean arrival rate of a Poisson open loop (requests/s). */
      requestsPerSec: z.number().positive().max(LIMITS.requestsPerSec).optional(),
      ...WorkloadShapeFields,
    })
    .refine((w) => w.protocol !== 'poisson' || w.requestsPerSec !== undefined, {
      message: 'Poisson arrivals need requestsPerSec',
      path: ['requestsPerSec'],
    })
    .refine((w) => w.sessions !== undefined || (w.sharedPrefixTokens ?? 0) <= w.inputTokens, {
      message: 'the shared prefix is part of the prompt: at most inputTokens',
      path: ['sharedPrefixTokens'],
    }),
  speculative: z
    .object({
      draftTokens: int(0, LIMITS.draftTokens),
      acceptanceLength: z
        .number()
        .min(1)
        .max(LIMITS.draftTokens + 1),
    })
    .optional(),
  pricing: z
    .object({
      usdPerGpuHour: z.number().positive().max(10_000).optional(),
      tier: z.enum(PRICE_TIERS).optional(),
    })
    .optional(),
  /** Most sequences one attention rank runs at once, as launched (SGLang --max-running-requests
   * per DP rank, vLLM max_num_seqs, TensorRT-LLM max_batch_size). Omitted: the framework's
   * calibrated default. More requests than fit wait in the queue. */
  maxBatchPerRank: int(1, LIMITS.concurrency).optional(),
  /** Fraction of GPU memory the framework may fill with weights and KV (rest: workspace). */
  memoryUtilization: z.number().gt(0).max(1).optional(),
});

export type Parallelism = z.infer<typeof Parallelism>;
/** A layout as written in a scenario: any field may be left to its default. */
export type ParallelismInput = z.input<typeof Parallelism>;
export type Pool = z.infer<typeof Pool>;
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;

/** The default scenario of design §2 and the Planner: V4-Pro on 8xB200, 8K in / 1K out, 64 users. */
export const DEFAULT_SCENARIO: ScenarioInput = {
  model: 'deepseek-v4-pro',
  hardware: 'b200',
  gpus: 8,
  precision: { weights: 'native', kvCache: 'fp8' },
  framework: 'sglang',
  parallelism: { tp: 1, ep: 8, pp: 1, dpAttention: true },
  workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 64 },
  // A tier, not a dollar figure: the price follows the hardware when it changes.
  pricing: { tier: 'rental3yr' },
};

/** One line per problem, `path: message`, for CLIs and notices. */
export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : 'scenario'}: ${i.message}`)
    .join('; ');
}

/** Every accelerator a scenario runs on: its own, and its prefill pool's where that differs. */
export function acceleratorsOf(s: Pick<ScenarioInput, 'hardware' | 'disaggregation'>): string[] {
  const prefill = s.disaggregation?.prefill.hardware;
  return prefill && prefill !== s.hardware ? [s.hardware, prefill] : [s.hardware];
}
