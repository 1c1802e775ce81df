import type { HARDWARE_GENERATIONS } from '../hardware/schema';
import type { Framework } from '../scenario/schema';
import { BENCHMARK_WAVES } from '../protocol';
// Only the fit itself: the file's note and per-parameter record stay out of the app's bundle.
import { calibration as fitted } from './calibration.json';

export type Generation = (typeof HARDWARE_GENERATIONS)[number];

/** Achievable fractions of peak for one hardware generation. */
export interface GenerationEfficiency {
  /** Dense tensor-core FLOP/s achieved by large GEMMs, as a fraction of the datasheet peak. */
  compute: number;
  /** HBM bandwidth achieved by streaming kernels (weights, KV). */
  memory: number;
  /** Scale-up / scale-out bandwidth achieved by collectives. */
  link: number;
  /** On GPUs without measured kernel tables: their kernels' fixed latency (launch, sync) over
   * that of the measured GPU of their class whose tables stand in for it (1 = the same). */
  launch: number;
}

/** What one serving framework adds on top of the kernels. */
export interface FrameworkCosts {
  /** Framework time per transformer layer per step beyond the operations it prices: the small
   * kernels between them (norms, residual adds, activation quantisation, routing) and the step's
   * scheduling, sampling and host sync, which a deeper model spreads over more of them (µs). */
  perLayerOverheadUs: number;
  /** Where no measured GPU of the class gives the model's kernels' launch latency: those
   * launches per transformer layer per step (µs, for a layer of REFERENCE_TENSORS_PER_LAYER). */
  layerOverheadUs: number;
  /** Fixed latency a request spends outside the GPU steps before its first token: HTTP,
   * tokenisation, scheduling, first-token return (ms). Adds to TTFT and to the request's cycle. */
  requestOverheadMs: number;
  /** Host work per running sequence per step: scheduling, sampling, stop checks, KV block
   * bookkeeping (µs). It grows the step with the batch even when the GPU is not the limit. */
  seqOverheadUs: number;
  /** Multiplier on achieved compute and memory rates (kernel quality), 1 = as the generation. */
  kernelEfficiency: number;
  /** Most sequences one attention rank decodes at once (max running requests / CUDA-graph
   * batch); more requests wait in the queue. Engines that document their default instead
   * (framework.ts documentedSeqsPerRank: vLLM, ATOM) do not read it. */
  maxBatchPerRank: number;
}

export interface Calibration {
  generations: Record<Generation, GenerationEfficiency>;
  frameworks: Record<Framework, FrameworkCosts>;
  /** Busiest EP rank's expert load over the mean (routing imbalance after load balancing). */
  moeImbalance: number;
  /** Share of routings the hottest quarter of experts receives (0.25 = uniform routing). */
  hotExpertShare: number;
  /** Share of expert-parallel dispatch/combine time hidden behind computation (two-batch
   * overlap, DeepEP's hook-based overlap), up to the computation available to hide it. */
  epCommOverlap: number;
  /** Multiplier on the element-wise activation traffic (activation-traffic.ts): below 1 where
   * kernels are fused, above where they are not. */
  activationTrafficScale: number;
  /** Latency of one collective (all-reduce, dispatch or combine) inside the scale-up domain (µs). */
  collectiveLatencyUs: number;
  /** Share of a measured kernel's fixed latency (its table's fastest measurement: launch and
   * synchronisation of an operation timed on its own) that remains when an engine replays the
   * step from CUDA graphs. 1 = as timed. */
  kernelFixedShare: number;
  /** The same for a measured module of many kernels (V4's CSA and HCA modules, V3's MLA module,
   * mHC): timed on its own, every kernel of it pays its launch gap; replayed, mostly none does. */
  moduleFixedShare: number;
  /** Share of a closed-loop benchmark's requests that arrive with their whole wave at once: the
   * opening wave always does, and with (nearly) fixed lengths the users' requests end together
   * and the next wave arrives together again. The rest arrive staggered, one as another ends. */
  closedLoopBurstShare: number;
}

/**
 * Priors: measured kernel and link speeds in reference/hardware.md ("efficiency priors":
 * DeepGEMM 1,350 of 1,979 FP8 TFLOPS on Hopper ≈ 0.68; FlashMLA 3,000 of 3,350 GB/s ≈ 0.9;
 * DeepEP 153-158 of ~160 GB/s intranode on H800, 726-740 of 900 GB/s on Blackwell ≈ 0.8) and
 * routing skew: expert loads are uneven (the reason DeepSeek's EPLB exists), so the hottest quarter of
 * experts is started at 40% of routings; uniform (25%) is a saddle the fit could not leave;
 * framework defaults (batch limits of a few
 * hundred sequences per rank, e.g. trtllm-bench max_batch 384 per rank in reference row M20). The calibration script
 * fits around these, regularised towards them. Three priors have no published measurement and
 * are order-of-magnitude starting points with wide σ, left to the data: host work per running
 * sequence 10 µs, fixed request latency 30 ms, and half of the EP dispatch/combine hidden behind
 * computation (0 = none, as without two-batch overlap; 1 = all). The element-wise activation
 * traffic starts at 1 × the passes counted in activation-traffic.ts (a kernel-by-kernel count,
 * not a measurement).
 */
const FRAMEWORK_PRIOR: FrameworkCosts = {
  perLayerOverheadUs: 25,
  layerOverheadUs: 20,
  seqOverheadUs: 10,
  requestOverheadMs: 30,
  kernelEfficiency: 1,
  maxBatchPerRank: 512,
};

export const PRIOR: Calibration = {
  generations: {
    hopper: { compute: 0.65, memory: 0.85, link: 0.8, launch: 1 },
    ada: { compute: 0.6, memory: 0.8, link: 0.7, launch: 1 },
    blackwell: { compute: 0.6, memory: 0.85, link: 0.8, launch: 1 },
    'blackwell-ultra': { compute: 0.6, memory: 0.85, link: 0.8, launch: 1 },
    cdna3: { compute: 0.45, memory: 0.75, link: 0.6, launch: 1 },
    cdna4: { compute: 0.45, memory: 0.75, link: 0.6, launch: 1 },
  },
  frameworks: {
    trtllm: { ...FRAMEWORK_PRIOR, perLayerOverheadUs: 16, layerOverheadUs: 15 },
    sglang: FRAMEWORK_PRIOR,
    vllm: FRAMEWORK_PRIOR,
    atom: FRAMEWORK_PRIOR,
    generic: FRAMEWORK_PRIOR,
  },
  moeImbalance: 1.2,
  hotExpertShare: 0.4,
  collectiveLatencyUs: 15,
  epCommOverlap: 0.5,
  activationTrafficScale: 1,
  kernelFixedShare: 0.5,
  moduleFixedShare: 0.5,
  closedLoopBurstShare: 1 / BENCHMARK_WAVES,
};

/**
 * The committed fit (written by `npm run calibrate`, which sets every field and checks the file
 * against CalibrationFile in ./calibration-file.ts), shipped as it is: the type checker holds it
 * to Calibration.
 */
export const CALIBRATION: Calibration = fitted;
