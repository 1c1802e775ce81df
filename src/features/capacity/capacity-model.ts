/**
 * The capacity view's logic, pure: its URL state (read into a Demand), the ranked table's
 * columns (each also a CSV column) and the day chart's series.
 */
import type { Column } from '../../components/columns';
import { fixed } from '../../components/columns';
import { formatLayout } from '../../components/format';
import type { DemandInput, PowerBasis, Ranking } from '../../core/capacity/demand';
import { POWER_BASES, RANKINGS, dayProfile } from '../../core/capacity/demand';
import type { FleetDay } from '../../core/capacity/day';
import type { RankedFleet } from '../../core/capacity/recommend';
import type { Catalog } from '../../core/catalog';
import type { PriceTier } from '../../core/hardware/schema';
import { PRICE_TIERS } from '../../core/hardware/schema';
import type { Param } from '../../navigation/view-params';
import {
  flagParam,
  idParam,
  intParam,
  numberParam,
  oneOfParam,
} from '../../navigation/view-params';
import { enNumber } from '../../core/en-number';

export const PROFILES = ['office', 'flat'] as const;
export type ProfileName = (typeof PROFILES)[number];
export const PROFILE_LABELS: Record<ProfileName, string> = {
  office: 'working day (a third of the peak at night)',
  flat: 'flat (the peak all day)',
};
export const RANKING_LABELS: Record<Ranking, string> = {
  usdPerHour: '$ per hour',
  gpus: 'GPUs',
  megawatts: 'megawatts',
  usdPerMillionOutputTokens: '$ per 1M output tokens',
};

const DEFAULT_HARDWARE = ['b200', 'h200-sxm', 'mi355x'];

/** The view's URL keys (0 for an SLA bound means none). */
export const capacityParams = (catalog: Catalog) => ({
  m: idParam(catalog.models, 'deepseek-v4-pro', 'model'),
  hw: {
    fallback: DEFAULT_HARDWARE,
    parse: (t: string) => {
      const ids = [...new Set(t.split(','))].filter((h) => catalog.hardware.has(h));
      return ids.length
        ? { value: ids.slice(0, 32) }
        : { invalid: 'names no hardware of the catalog' };
    },
  } as Param<string[]>,
  in: intParam(1, 1_048_576, 8192),
  out: intParam(1, 262_144, 1024),
  ttft: numberParam(0, 600_000, 2000),
  tpot: numberParam(0, 10_000, 0),
  tps: numberParam(0, 10_000, 30),
  rps: numberParam(0.001, 1_000_000, 40),
  /** Share of input tokens a prefix cache serves, in percent (0: none). */
  hit: numberParam(0, 99, 0),
  day: oneOfParam(PROFILES, 'office' as ProfileName),
  tier: oneOfParam(PRICE_TIERS, 'rental3yr' as PriceTier),
  rank: oneOfParam(RANKINGS, 'usdPerHour' as Ranking),
  dis: flagParam(true),
  mtp: flagParam(true),
  pw: oneOfParam(POWER_BASES, 'facility' as PowerBasis),
});
export type CapacityValues = {
  m: string;
  hw: string[];
  in: number;
  out: number;
  ttft: number;
  tpot: number;
  tps: number;
  rps: number;
  hit: number;
  day: ProfileName;
  tier: PriceTier;
  rank: Ranking;
  dis: boolean;
  mtp: boolean;
  pw: PowerBasis;
};

/** The demand the view's settings describe. */
export function demandOf(v: CapacityValues): DemandInput {
  return {
    model: v.m,
    hardware: v.hw,
    workload: {
      inputTokens: v.in,
      outputTokens: v.out,
      // A known hit share, served from GPU memory (no load time; the CLI's Demand can name
      // host DRAM or NVMe tiers instead).
      ...(v.hit > 0 ? { cachedInputShare: v.hit / 100, prefixCache: { hbm: true } } : {}),
    },
    sla: {
      ...(v.ttft > 0 ? { ttftMs: v.ttft } : {}),
      ...(v.tpot > 0 ? { tpotMs: v.tpot } : {}),
      ...(v.tps > 0 ? { tokPerSecPerUser: v.tps } : {}),
    },
    demand: {
      requestsPerSec: v.rps,
      ...(v.day === 'office' ? { hourlyProfile: dayProfile() } : {}),
    },
    pricing: { tier: v.tier },
    rankBy: v.rank,
    disaggregation: v.dis,
    speculative: v.mtp,
    power: v.pw,
  };
}

/** Dollars with thousands separators and `digits` decimals, a dash for no price. */
export const usd = (v: number | null, digits = 0) =>
  v === null
    ? '—'
    : `$${enNumber(v, { maximumFractionDigits: digits, minimumFractionDigits: digits })}`;

/** A fleet's layout in words: its pools, and MTP when on. */
export function fleetLayout(r: RankedFleet): string {
  const s = r.scenario;
  const layout = s.disaggregation
    ? `prefill ${s.disaggregation.prefill.gpus}${s.disaggregation.prefill.hardware ? ` on ${s.disaggregation.prefill.hardware}` : ''} (${formatLayout(s.disaggregation.prefill)}) + decode ${s.disaggregation.decode.gpus} (${formatLayout(s.disaggregation.decode)})`
    : formatLayout(s.parallelism ?? { tp: s.gpus, ep: 1, pp: 1, dpAttention: false });
  return s.speculative ? `${layout}, MTP ${s.speculative.draftTokens}` : layout;
}

export interface FleetRow {
  fleet: RankedFleet;
  hardware: string;
}

/** The ranked table's columns: headers carry units, cells plain numbers in the CSV. */
export const FLEET_COLUMNS: ReadonlyArray<Column<FleetRow>> = [
  { header: 'Hardware', value: (r) => r.hardware },
  { header: 'Engine', value: (r) => r.fleet.scenario.framework },
  { header: 'Replicas', value: (r) => r.fleet.replicas },
  { header: 'GPUs', value: (r) => r.fleet.gpus },
  { header: '$ per hour', value: (r) => r.fleet.usdPerHour, show: (r) => usd(r.fleet.usdPerHour) },
  {
    header: '$ per month',
    value: (r) => r.fleet.usdPerMonth,
    show: (r) => usd(r.fleet.usdPerMonth),
  },
  { header: 'MW', value: (r) => r.fleet.megawatts, show: (r) => fixed(3)(r.fleet.megawatts) },
  {
    header: '$ per 1M output tokens',
    value: (r) => r.fleet.usdPerMillionOutputTokens,
    show: (r) => usd(r.fleet.usdPerMillionOutputTokens, 3),
  },
  { header: 'TTFT (ms)', value: (r) => r.fleet.ttftMs, show: (r) => fixed(0)(r.fleet.ttftMs) },
  {
    header: 'tok/s per user',
    value: (r) => r.fleet.tokPerSecPerUser,
    show: (r) => fixed(1)(r.fleet.tokPerSecPerUser),
  },
  { header: 'Layout', value: (r) => fleetLayout(r.fleet) },
  { header: 'GPUs per replica', value: (r) => r.fleet.gpusPerReplica },
  { header: 'Requests in flight per replica', value: (r) => r.fleet.scenario.workload.concurrency },
  {
    header: 'Headroom at the peak (%)',
    value: (r) => r.fleet.headroom * 100,
    show: (r) => fixed(0)(r.fleet.headroom * 100),
  },
];

/** The day chart: replicas per hour for a fleet that scales, beside the fleet fixed for the peak. */
export function daySeries(day: FleetDay, peakReplicas: number) {
  return {
    categories: day.hours.map((h) => `${String(h.hour).padStart(2, '0')}:00`),
    series: [
      {
        label: 'replicas, scaling by the hour',
        values: day.hours.map((h) => h.replicas),
        colorVar: '--seg-weights',
      },
      {
        label: 'replicas, fixed for the peak',
        values: day.hours.map(() => peakReplicas),
        colorVar: '--muted',
      },
    ],
  };
}
