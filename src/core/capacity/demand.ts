import { z } from 'zod';
import { PRICE_TIERS } from '../hardware/schema';
import { KV_PRECISIONS, WEIGHT_PRECISIONS } from '../precision';
import { FRAMEWORKS, LIMITS, PrefixCache } from '../scenario/schema';

/** What the capacity search ranks by (cheapest first, or fewest GPUs, or least power). */
export const RANKINGS = ['usdPerHour', 'gpus', 'megawatts', 'usdPerMillionOutputTokens'] as const;
export type Ranking = (typeof RANKINGS)[number];

/** How a fleet's power is counted. */
export const POWER_BASES = ['facility', 'tdp'] as const;
export type PowerBasis = (typeof POWER_BASES)[number];

const positive = (max: number) => z.number().positive().max(max);

/**
 * A capacity question (design §2 "Demand"): a model and its traffic, the service level it must
 * meet and the hardware it may run on. The search answers with the fleets that serve the peak.
 */
export const Demand = z
  .object({
    /** What the demand describes, and where its figures come from (shown, never computed). */
    name: z.string().max(200).optional(),
    notes: z.string().max(4000).optional(),
    model: z.string().min(1).max(80),
    /** Candidate accelerators (catalog ids). */
    hardware: z.array(z.string().min(1).max(80)).min(1).max(64),
    /** Engines to try; default: every engine that runs on each candidate. */
    frameworks: z.array(z.enum(FRAMEWORKS)).min(1).optional(),
    precision: z
      .object({
        weights: z.enum(WEIGHT_PRECISIONS).default('native'),
        kvCache: z.enum(KV_PRECISIONS).default('fp8'),
      })
      .prefault({}),
    workload: z.object({
      inputTokens: z.number().int().min(1).max(LIMITS.tokens),
      outputTokens: z.number().int().min(1).max(LIMITS.tokens),
      /** A measured share of prompt tokens served from a prefix cache, and where it lives. */
      cachedInputShare: z.number().min(0).max(0.99).optional(),
      prefixCache: PrefixCache.optional(),
    }),
    /** Every figure is a bound per request at the peak: TTFT and TPOT at most, tok/s at least. */
    sla: z
      .object({
        ttftMs: positive(3_600_000).optional(),
        tpotMs: positive(60_000).optional(),
        tokPerSecPerUser: positive(100_000).optional(),
      })
      .prefault({}),
    demand: z
      .object({
        /** Requests per second at the peak hour. */
        requestsPerSec: positive(LIMITS.requestsPerSec).optional(),
        /** Or: input + output tokens per day, spread over the day by the profile. */
        tokensPerDay: positive(1e15).optional(),
        /** Load in each hour of the day as a share of the peak (24 values, the largest is the
         * peak); default: flat. */
        hourlyProfile: z.array(z.number().min(0).max(1e6)).length(24).optional(),
      })
      .refine((d) => (d.requestsPerSec === undefined) !== (d.tokensPerDay === undefined), {
        message: 'give requestsPerSec (at the peak) or tokensPerDay, not both',
      })
      .refine((d) => !d.hourlyProfile || Math.max(...d.hourlyProfile) > 0, {
        message: 'the hourly profile needs at least one hour above zero',
        path: ['hourlyProfile'],
      }),
    pricing: z
      .object({
        tier: z.enum(PRICE_TIERS).optional(),
        usdPerGpuHour: positive(10_000).optional(),
      })
      .prefault({ tier: 'rental3yr' }),
    rankBy: z.enum(RANKINGS).default('usdPerHour'),
    /** Power per GPU: the facility's all-in kW where the catalog has it (else TDP), or TDP. */
    power: z.enum(POWER_BASES).default('facility'),
    /** Also try disaggregated prefill/decode pools and speculative decoding (MTP). */
    disaggregation: z.boolean().default(true),
    speculative: z.boolean().default(true),
  })
  .strict();
export type Demand = z.infer<typeof Demand>;
export type DemandInput = z.input<typeof Demand>;

/** The example of design §2: V4-Pro chat at 40 requests/s at the peak, three times less at night. */
export const DEFAULT_DEMAND: DemandInput = {
  model: 'deepseek-v4-pro',
  hardware: ['b200', 'h200-sxm', 'mi355x'],
  workload: { inputTokens: 8192, outputTokens: 1024 },
  sla: { ttftMs: 2000, tokPerSecPerUser: 30 },
  demand: { requestsPerSec: 40, hourlyProfile: dayProfile() },
  pricing: { tier: 'rental3yr' },
};

/** A working day: a third of the peak at night, the peak from 10:00 to 17:00. */
export function dayProfile(): number[] {
  return Array.from({ length: 24 }, (_, h) =>
    h < 6 ? 1 / 3 : h < 9 ? 1 / 3 + ((h - 5) * 2) / 12 : h < 18 ? 1 : h < 22 ? 0.75 : 0.5,
  );
}

/** The hourly load as shares of the peak (the largest hour is 1); flat without a profile. */
export function normalisedProfile(d: Demand): number[] {
  const p = d.demand.hourlyProfile ?? Array<number>(24).fill(1);
  const peak = Math.max(...p);
  return p.map((x) => x / peak);
}

/** Requests per second at the peak hour. */
export function peakRequestsPerSec(d: Demand): number {
  if (d.demand.requestsPerSec !== undefined) return d.demand.requestsPerSec;
  const requestsPerDay =
    d.demand.tokensPerDay! / (d.workload.inputTokens + d.workload.outputTokens);
  const share = normalisedProfile(d).reduce((s, x) => s + x, 0);
  return requestsPerDay / (3600 * share);
}
