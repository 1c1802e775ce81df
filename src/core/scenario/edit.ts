import { enginesFor, runsOn } from '../framework';
import type { HardwareSpec } from '../hardware/schema';
import { DEFAULT_SPECULATIVE, defaultAcceptanceLength } from './mtp-acceptance';
import type { Parallelism, ParallelismInput, Pool, Protocol, ScenarioInput } from './schema';

/**
 * Edits of a scenario that carry a rule, as pure transitions: the views call them instead of
 * inventing the rule where the input sits. Optional fields are dropped, never set to undefined.
 */

/** A copy of `o` without `key`. */
function without<T extends object, K extends keyof T>(o: T, key: K): Omit<T, K> {
  const rest = { ...o };
  delete rest[key];
  return rest;
}

/** A layout with every field set (the schema's defaults for the ones missing). */
export const fullParallelism = (p: ParallelismInput): Parallelism => ({
  tp: p.tp ?? 1,
  ep: p.ep ?? 1,
  pp: p.pp ?? 1,
  dpAttention: p.dpAttention ?? false,
});

/** Another GPU: the framework stays if it runs on that vendor's GPUs, else the first that does. */
export function withHardware(s: ScenarioInput, hw: HardwareSpec): ScenarioInput {
  const framework = s.framework ?? 'sglang';
  return {
    ...s,
    hardware: hw.id,
    framework: runsOn(framework, hw) ? framework : enginesFor(hw)[0]!,
  };
}

/**
 * Disaggregated pools on or off. On: half the GPUs prefill at TP up to 8, the rest decode with
 * wide EP and attention-DP; off: one wide-EP attention-DP layout over all the GPUs.
 */
export function withDisaggregation(s: ScenarioInput, on: boolean): ScenarioInput {
  if (on === Boolean(s.disaggregation)) return s;
  if (!on)
    return {
      ...without(s, 'disaggregation'),
      parallelism: { tp: 1, ep: s.gpus, pp: 1, dpAttention: true },
    };
  const half = Math.max(1, Math.floor(s.gpus / 2));
  const decodeGpus = Math.max(1, s.gpus - half);
  const prefill: Pool = { gpus: half, tp: Math.min(8, half), ep: 1, pp: 1, dpAttention: false };
  const decode: Pool = { gpus: decodeGpus, tp: 1, ep: decodeGpus, pp: 1, dpAttention: true };
  return {
    ...without(s, 'parallelism'),
    gpus: prefill.gpus + decode.gpus,
    disaggregation: { prefill, decode },
  };
}

/** One pool of a disaggregated scenario, its missing fields filled; the GPU count follows
 * (prefill + decode). */
export function withPool(
  s: ScenarioInput,
  which: 'prefill' | 'decode',
  pool: ParallelismInput & { gpus: number },
): ScenarioInput {
  const dis = s.disaggregation;
  if (!dis) return s;
  // The prefill pool keeps its own accelerator, if it has one.
  const hardware = which === 'prefill' ? dis.prefill.hardware : undefined;
  const next = {
    ...dis,
    [which]: { ...fullParallelism(pool), gpus: pool.gpus, ...(hardware ? { hardware } : {}) },
  };
  return { ...s, gpus: next.prefill.gpus + next.decode.gpus, disaggregation: next };
}

/** The prefill pool on its own accelerator, or (null) on the decode pool's. */
export function withPrefillHardware(s: ScenarioInput, id: string | null): ScenarioInput {
  const dis = s.disaggregation;
  if (!dis) return s;
  const pool = { ...dis.prefill };
  delete pool.hardware;
  return {
    ...s,
    disaggregation: { ...dis, prefill: id && id !== s.hardware ? { ...pool, hardware: id } : pool },
  };
}

/** An aggregated layout on `gpus` GPUs (the Planner's "fewest GPUs that fit — apply"). */
export const withLayout = (
  s: ScenarioInput,
  gpus: number,
  parallelism: Parallelism,
): ScenarioInput => ({
  ...without(s, 'disaggregation'),
  gpus,
  parallelism,
});

/** How requests arrive; a Poisson rate is kept (or 1/s to start), and dropped for other arrivals. */
export function withProtocol(s: ScenarioInput, protocol: Protocol): ScenarioInput {
  const wl = s.workload;
  return {
    ...s,
    workload:
      protocol === 'poisson'
        ? { ...wl, protocol, requestsPerSec: wl.requestsPerSec ?? 1 }
        : { ...without(wl, 'requestsPerSec'), protocol },
  };
}

/**
 * Draft tokens per step. An acceptance length left at its default follows the draft count to the
 * new count's default; one the user set is kept, within 1 + drafts.
 */
export function withDraftTokens(s: ScenarioInput, draftTokens: number): ScenarioInput {
  const spec = s.speculative ?? DEFAULT_SPECULATIVE;
  const isDefault = spec.acceptanceLength === defaultAcceptanceLength(spec.draftTokens);
  return {
    ...s,
    speculative: {
      ...spec,
      draftTokens,
      acceptanceLength: isDefault
        ? defaultAcceptanceLength(draftTokens)
        : Math.min(spec.acceptanceLength, draftTokens + 1),
    },
  };
}
