import { documentsSeqsPerRank } from '../framework';
import { HARDWARE_GENERATIONS } from '../hardware/schema';
import type { Calibration, Generation } from '../perf/calibration';
import type { Framework } from '../scenario/schema';

/**
 * The calibration as a vector of unconstrained numbers: efficiencies through a logit (kept in
 * (0, 1)), everything else through a log (kept positive; MoE imbalance kept above 1). Each
 * parameter carries its prior and how far (in transformed units) the fit may wander cheaply.
 */
export interface Parameter {
  name: string;
  get(c: Calibration): number;
  set(c: Calibration, value: number): void;
  kind: 'fraction' | 'positive' | 'aboveOne';
  /** Standard deviation of the prior in transformed units. */
  sigma: number;
}

export function toUnconstrained(p: Parameter, v: number): number {
  if (p.kind === 'fraction') return Math.log(v / (1 - v));
  if (p.kind === 'aboveOne') return Math.log(v - 1);
  return Math.log(v);
}

export function fromUnconstrained(p: Parameter, z: number): number {
  if (p.kind === 'fraction') return 1 / (1 + Math.exp(-z));
  if (p.kind === 'aboveOne') return 1 + Math.exp(z);
  return Math.exp(z);
}

/**
 * Generations whose efficiency priors come from published kernel measurements
 * (reference/hardware.md: FlashMLA, DeepGEMM, DeepEP on Hopper and Blackwell). The others' priors
 * (AMD CDNA, Ada) have no such source: they are starting points, held loosely so that their own
 * rows, however few, decide.
 */
const MEASURED_PRIORS: ReadonlySet<Generation> = new Set<Generation>([
  'hopper',
  'blackwell',
  'blackwell-ultra',
]);
const UNSOURCED_PRIOR_SCALE = 4;

/** A generation's efficiencies (compute, memory and links). */
export function generationParameters(g: Generation): Parameter[] {
  const scale = MEASURED_PRIORS.has(g) ? 1 : UNSOURCED_PRIOR_SCALE;
  const eff = (key: 'compute' | 'memory' | 'link', base: number): Parameter => ({
    name: `${g}.${key}`,
    get: (c) => c.generations[g][key],
    set: (c, v) => {
      c.generations[g][key] = v;
    },
    kind: 'fraction',
    sigma: base * scale,
  });
  return [eff('compute', 0.6), eff('memory', 0.6), eff('link', 0.8)];
}

/**
 * The software stack a generation launches its kernels through. A GPU without kernel tables
 * borrows a measured GPU's launch latency, times a factor for its own stack: launches and syncs
 * are the driver's and runtime's (HIP on every AMD Instinct generation), not the die's, so the
 * AMD generations share one factor and each informs the other.
 */
const STACK: Partial<Record<Generation, string>> = { cdna3: 'rocm', cdna4: 'rocm' };
export const launchStackOf = (g: Generation): string => STACK[g] ?? g;

/** One launch factor for the generations of a stack (all of the stack's generations set). */
export function launchParameter(stack: string): Parameter {
  const gens = HARDWARE_GENERATIONS.filter((g) => launchStackOf(g) === stack);
  const scale = gens.every((g) => MEASURED_PRIORS.has(g)) ? 1 : UNSOURCED_PRIOR_SCALE;
  return {
    name: `${stack}.launch`,
    get: (c) => c.generations[gens[0]!].launch,
    set: (c, v) => {
      for (const g of gens) c.generations[g].launch = v;
    },
    kind: 'positive',
    sigma: 0.5 * scale,
  };
}

export function frameworkParameters(f: Framework): Parameter[] {
  const pos = (
    key:
      | 'perLayerOverheadUs'
      | 'layerOverheadUs'
      | 'seqOverheadUs'
      | 'requestOverheadMs'
      | 'maxBatchPerRank',
    sigma: number,
  ): Parameter => ({
    name: `${f}.${key}`,
    get: (c) => c.frameworks[f][key],
    set: (c, v) => {
      c.frameworks[f][key] = v;
    },
    kind: 'positive',
    sigma,
  });
  return [
    pos('perLayerOverheadUs', 1),
    pos('seqOverheadUs', 1.5),
    pos('requestOverheadMs', 1.5),
    // An engine's documented default is not a free parameter.
    ...(documentsSeqsPerRank(f) ? [] : [pos('maxBatchPerRank', 1)]),
  ];
}

type GlobalKey =
  | 'hotExpertShare'
  | 'moeImbalance'
  | 'epCommOverlap'
  | 'collectiveLatencyUs'
  | 'activationTrafficScale'
  | 'kernelFixedShare'
  | 'moduleFixedShare'
  | 'closedLoopBurstShare';
const globalParameter = (key: GlobalKey, kind: Parameter['kind'], sigma: number): Parameter => ({
  name: key,
  get: (c) => c[key],
  set: (c, v) => {
    c[key] = v;
  },
  kind,
  sigma,
});

export const GLOBAL_PARAMETERS: Parameter[] = [
  globalParameter('hotExpertShare', 'fraction', 1),
  globalParameter('moeImbalance', 'aboveOne', 0.8),
  globalParameter('epCommOverlap', 'fraction', 1.5),
  globalParameter('collectiveLatencyUs', 'positive', 0.8),
  globalParameter('activationTrafficScale', 'positive', 0.7),
  globalParameter('kernelFixedShare', 'fraction', 1),
  globalParameter('moduleFixedShare', 'fraction', 1),
  globalParameter('closedLoopBurstShare', 'fraction', 1.5),
];

export function cloneCalibration(c: Calibration): Calibration {
  return JSON.parse(JSON.stringify(c)) as Calibration;
}
