import { deepseekApiPrice } from '../economics';
import type { Demand } from './demand';
import { normalisedProfile, peakRequestsPerSec } from './demand';
import type { Recommendation } from './search';

/** One hour of the day for one fleet. */
export interface FleetHour {
  hour: number;
  requestsPerSec: number;
  /** Replicas needed this hour when the fleet scales by the hour (at least one stays up). */
  replicas: number;
  /** Load over capacity: of the fleet that scales, and of the fleet sized for the peak. */
  utilisation: number;
  utilisationFixed: number;
}

export interface FleetDay {
  hours: FleetHour[];
  /** Output tokens served in the day (requests × output tokens). */
  outputTokensPerDay: number;
  inputTokensPerDay: number;
  /** A fleet sized for the peak all day, and one that scales replicas by the hour. */
  fixed: { usdPerDay: number | null; usdPerMonth: number | null; energyMWhPerDay: number };
  scaling: { usdPerDay: number | null; usdPerMonth: number | null; energyMWhPerDay: number };
  averageGpus: number;
  /** All GPU cost of the day over the output tokens it delivered (fixed and scaling fleet). */
  usdPerMillionOutputTokensDelivered: { fixed: number | null; scaling: number | null };
  /** The same day's tokens through the DeepSeek API (input at the demand's measured cache-hit
   * share, else every input token a miss), or null. */
  api: { usdPerDay: number; source: string } | null;
}

const DAYS_PER_MONTH = 30.4375;

/**
 * The fleet of one recommendation over the day's profile: replicas per hour, utilisation, cost
 * and energy per day (fixed for the peak vs scaling by the hour), and the $/M output tokens the
 * day actually delivered, beside the DeepSeek API's price for the same tokens.
 */
export function fleetDay(d: Demand, r: Recommendation): FleetDay {
  const peak = peakRequestsPerSec(d);
  const unit = r.requestsPerSecPerReplica;
  const hours = normalisedProfile(d).map((share, hour): FleetHour => {
    const rps = peak * share;
    const replicas = Math.max(1, Math.ceil(rps / unit - 1e-9));
    return {
      hour,
      requestsPerSec: rps,
      replicas,
      utilisation: rps / (replicas * unit),
      utilisationFixed: rps / (r.replicas * unit),
    };
  });
  const requests = hours.reduce((s, h) => s + h.requestsPerSec * 3600, 0);
  const outputTokensPerDay = requests * d.workload.outputTokens;
  const inputTokensPerDay = requests * d.workload.inputTokens;
  const replicaHours = hours.reduce((s, h) => s + h.replicas, 0);
  const mwPerReplica = r.megawatts / r.replicas;
  const usdPerReplicaHour = r.usdPerHour === null ? null : r.usdPerHour / r.replicas;
  const fixedUsd = r.usdPerHour === null ? null : r.usdPerHour * 24;
  const scalingUsd = usdPerReplicaHour === null ? null : usdPerReplicaHour * replicaHours;
  const perM = (usd: number | null) =>
    usd === null || outputTokensPerDay <= 0 ? null : usd / (outputTokensPerDay / 1e6);
  const price = deepseekApiPrice(d.model);
  const hits = d.workload.cachedInputShare ?? 0;
  return {
    hours,
    outputTokensPerDay,
    inputTokensPerDay,
    fixed: {
      usdPerDay: fixedUsd,
      usdPerMonth: fixedUsd === null ? null : fixedUsd * DAYS_PER_MONTH,
      energyMWhPerDay: r.megawatts * 24,
    },
    scaling: {
      usdPerDay: scalingUsd,
      usdPerMonth: scalingUsd === null ? null : scalingUsd * DAYS_PER_MONTH,
      energyMWhPerDay: mwPerReplica * replicaHours,
    },
    averageGpus: (replicaHours / 24) * r.gpusPerReplica,
    usdPerMillionOutputTokensDelivered: { fixed: perM(fixedUsd), scaling: perM(scalingUsd) },
    api: price
      ? {
          usdPerDay:
            (inputTokensPerDay / 1e6) * ((1 - hits) * price.input + hits * price.inputCacheHit) +
            (outputTokensPerDay / 1e6) * price.output,
          source: price.source,
        }
      : null,
  };
}
