import type { PoolMemory } from '../memory';
import type { Catalog } from '../catalog';
import type { Prepared } from '../prepare';
import { prepare } from '../prepare';
import type { Layout } from '../scenario/layout';
import type { ScenarioInput } from '../scenario/schema';
import type { Metric } from './measurements';
import { GIB } from '../hardware/schema';
import { MOST_MEMORY_UTILIZATION } from '../engine-memory';

/**
 * Rows of one deployment measured at several concurrencies must show TPOT that never falls by
 * more than measurement noise as the concurrency rises (a bigger batch never makes a step
 * faster). When rows that record the same scenario break that, the record does not identify
 * the deployment: the dump merged runs of different pool sizes or layouts under one label. Such
 * a family's scenario cannot be predicted, so its rows are set aside from fitting and scoring
 * (they stay listed, with this reason). The check uses the measurements only, never a prediction.
 */
export const TPOT_NOISE = 0.1;

/** How every reason `inconsistentRows` gives begins (to tell its rows from other set-asides). */
export const CONTRADICTORY_RECORD = 'one recorded scenario, contradictory rows';

export interface ConsistencyInput {
  id: string;
  scenario: ScenarioInput;
  tpotMs: number | undefined;
}

interface Contradiction {
  low: ConsistencyInput;
  high: ConsistencyInput;
  drop: number;
}

const concurrencyOf = (r: ConsistencyInput) =>
  typeof r.scenario.workload.concurrency === 'number' ? r.scenario.workload.concurrency : Infinity;

/** The scenario with the concurrency blanked: rows sharing it claim to be one deployment. */
function familyKey(s: ScenarioInput): string {
  return JSON.stringify({ ...s, workload: { ...s.workload, concurrency: null } });
}

/**
 * Reasons, by row id, for rows whose family of recorded scenarios contradicts itself: some row
 * at a higher concurrency is more than `noise` faster per token than one at a lower concurrency.
 */
export function inconsistentRows(
  rows: readonly ConsistencyInput[],
  noise = TPOT_NOISE,
): Map<string, string> {
  const families = new Map<string, ConsistencyInput[]>();
  for (const r of rows) {
    if (r.tpotMs === undefined) continue;
    const key = familyKey(r.scenario);
    const family = families.get(key);
    if (family) family.push(r);
    else families.set(key, [r]);
  }
  const out = new Map<string, string>();
  for (const family of families.values()) {
    const byConcurrency = [...family].sort((a, b) => concurrencyOf(a) - concurrencyOf(b));
    let worst: Contradiction | null = null;
    // The slowest row at a strictly lower concurrency, and the slowest at the current one.
    let slowestBelow: ConsistencyInput | null = null;
    let slowestHere: ConsistencyInput | null = null;
    for (let i = 0; i < byConcurrency.length; i++) {
      const r = byConcurrency[i]!;
      const prev = byConcurrency[i - 1];
      if (prev && slowestHere && concurrencyOf(prev) < concurrencyOf(r)) {
        if (!slowestBelow || slowestHere.tpotMs! > slowestBelow.tpotMs!) slowestBelow = slowestHere;
        slowestHere = null;
      }
      if (slowestBelow) {
        const drop = 1 - r.tpotMs! / slowestBelow.tpotMs!;
        if (drop > noise && (!worst || drop > worst.drop))
          worst = { low: slowestBelow, high: r, drop };
      }
      if (!slowestHere || r.tpotMs! > slowestHere.tpotMs!) slowestHere = r;
    }
    if (!worst) continue;
    const reason =
      `${CONTRADICTORY_RECORD}: TPOT ${worst.high.tpotMs!.toFixed(2)} ms at ` +
      `concurrency ${concurrencyOf(worst.high)} but ${worst.low.tpotMs!.toFixed(2)} ms at ` +
      `${concurrencyOf(worst.low)} (different deployments under one record)`;
    for (const r of family) out.set(r.id, reason);
  }
  return out;
}

/**
 * Why a recorded layout cannot be the deployment measured: a pool whose GPUs cannot even hold
 * their share of the weights (checkpoint bytes, pinned to the published sizes) never ran as
 * recorded. Null when every pool holds its weights.
 */
export function weightsOverflow(pools: ReadonlyArray<PoolMemory | null>): string | null {
  for (const pool of pools) {
    if (pool && pool.weightsBytesPerGpu > pool.capacityBytesPerGpu)
      return (
        `the recorded layout cannot hold the weights: ${(pool.weightsBytesPerGpu / GIB).toFixed(0)} GiB ` +
        `per GPU on ${(pool.capacityBytesPerGpu / GIB).toFixed(0)} GiB GPUs`
      );
  }
  return null;
}

/**
 * Why a recorded layout cannot be the deployment measured: every serving framework refuses a TP
 * size that does not divide the attention heads (vLLM, SGLang and TensorRT-LLM split heads evenly;
 * the app warns with `tp-not-dividing-heads`). Null when every pool splits its heads evenly.
 */
export function headsNotDivided(
  heads: number,
  layouts: ReadonlyArray<Layout | null>,
): string | null {
  for (const l of layouts) {
    if (l && heads % l.tp !== 0)
      return `the recorded layout cannot run: TP ${l.tp} does not divide the ${heads} attention heads`;
  }
  return null;
}

/** How every reason `attentionDpReplicas` gives begins. */
export const REPLICATED_DP = 'the record counts several attention-DP instances';

/**
 * Why an aggregated silicon record is not the deployment measured: it spreads its users over
 * several identical attention-DP instances. The dump runs one server per aggregated benchmark
 * (no aggregated record without attention-DP has replicas), and every such record is a
 * TensorRT-LLM run whose GPU count is its TP times its EP: 64 GPUs for tp8 ep8 (the id's
 * tp8_ep8), 16 for tp4 ep4, where one attention-DP instance spans 8 or 4. The measured TPOT
 * agrees: dsr1_h200_trtllm_fp8_agg_8192x1024_c64_cfg183 (recorded on 64 GPUs) is 47.8 ms, the
 * 8-GPU TP8 record cfg83 at the same load 48.3 ms. Null for a single instance.
 */
export function attentionDpReplicas(layout: Layout, disaggregated: boolean): string | null {
  if (disaggregated || !layout.dpAttention || layout.instances <= 1) return null;
  return (
    `${REPLICATED_DP}: ${layout.instances} instances of ${layout.instanceGpus} ` +
    `GPU${layout.instanceGpus === 1 ? '' : 's'} on ` +
    `${layout.gpus}, where the benchmark ran one server (TP × EP counted as GPUs)`
  );
}

/** How every reason `tpTimesEpRecord` gives begins. */
export const TP_TIMES_EP = 'the record multiplies TP by EP';

/**
 * Why an aggregated silicon record is not the deployment measured: its id names the server's TP
 * and EP (`…_tp8_ep8_<n>`, TP above 1), while its layout spreads TP × EP GPUs (TP 64 on 64 GPUs,
 * or four attention-DP ranks of TP 4 on 16): the same transcription as the attention-DP replicas
 * above. In every engine EP splits the experts over the TP group's own GPUs, so `tp8_ep8` is one
 * 8-GPU server (a `tp1_ep8` record on 8 GPUs is attention-DP 8, as recorded). The measured TPOT
 * agrees: 2026_04_06_gpt_oss_120b_h200_sxm_trtllm_fp4_agg_1024x1024_c4_tp4_ep4 (recorded TP 16 on
 * 16 GPUs) is 4.9 ms, its 4-GPU tp4_ep1 sibling 5.0 ms, and tp8_ep8 (recorded on 64 GPUs over eight
 * HGX nodes) 4.3 ms beside tp8_ep1's 4.4 ms; MiniMax on H100, tp4_ep4 recorded on 16 GPUs, is
 * 25.69 ms at 64 users where another dump records the same server on 4 GPUs at 25.66 ms. Null
 * where the id names no TP and EP, or the layout holds the id's GPUs.
 */
export function tpTimesEpRecord(id: string, layout: Layout, disaggregated: boolean): string | null {
  const m = /_tp(\d+)_ep(\d+)_\d+$/.exec(id);
  if (!m || disaggregated) return null;
  const tp = Number(m[1]);
  const ep = Number(m[2]);
  if (tp <= 1 || ep <= 1 || layout.gpus !== tp * ep) return null;
  const as = layout.dpAttention
    ? `${layout.attentionDpRanks} attention-DP ranks of TP ${layout.tp}`
    : `TP ${layout.tp}`;
  return (
    `${TP_TIMES_EP}: the id's tp${tp}_ep${ep} is one ${tp}-GPU server, recorded as ${as} ` +
    `on ${layout.gpus} GPUs`
  );
}

/** Why a prepared silicon record is not the deployment measured, judged from the record alone:
 * its layout cannot run, or it counts TP × EP as GPUs (replicas, or one TP group); null if none. */
export function notAsRecorded(id: string, p: Prepared): string | null {
  const disaggregated = p.prefillLayout !== null;
  return (
    layoutCannotRun(p) ??
    attentionDpReplicas(p.decodeLayout, disaggregated) ??
    tpTimesEpRecord(id, p.decodeLayout, disaggregated)
  );
}

/** Words every reason `fasterThanMemory` gives begins with. */
export const FASTER_THAN_MEMORY = 'the measured TPOT is faster than memory allows';

/** Weight groups every decode step reads on every rank, whatever the routing (the routed experts
 * a step touches are left out, so the bound below stays a bound). */
const READ_EVERY_STEP = [
  'attention',
  'denseFfn',
  'sharedExperts',
  'router',
  'indexer',
  'compressor',
] as const;

/**
 * Why a silicon record's TPOT cannot come from its recorded, non-speculative deployment: one
 * decode step must read, on its busiest rank, the KV of every sequence that rank decodes and the
 * weights every step uses, and it cannot read them faster than the GPU's peak memory bandwidth.
 * - Sequences decoding at once come from the row's own figures (Little's law, above),
 *   spread evenly over the attention ranks (the busiest holds at least the mean).
 * - Each holds its prompt and half its output on average; its KV is taken as that share of the
 *   KV at the full context (a lower bound: a sliding window's KV grows slower than linearly).
 * - Only the share of that KV a rank holds counts (MLA's latent is held whole by every TP rank).
 * A non-speculative step emits one token per sequence, so its TPOT is at least that read time. A
 * row below it ran speculative decoding or a layout the dump did not record; nothing tells which,
 * so it is set aside. Null when the row is slower than the bound or lacks the figures.
 */
export function fasterThanMemory(
  p: Prepared,
  metrics: Partial<Record<Metric, number>>,
): string | null {
  const implied = impliedDecodingSequences(p.scenario, metrics);
  if (implied === null || metrics.tpotMs === undefined) return null;
  const w = p.workload;
  const l = p.decodeLayout;
  const sequencesPerRank = implied.sequences / (l.instances * l.attentionDpRanks);
  const meanContextShare = (w.inputTokens + w.outputTokens / 2) / (w.inputTokens + w.outputTokens);
  const kvBytes =
    sequencesPerRank *
    p.decode.kvCacheBytesPerSequence *
    meanContextShare *
    p.decode.kvShareHeldPerGpu;
  const groups = p.decode.weightsByGroupBytesPerGpu;
  const weightBytes = READ_EVERY_STEP.reduce((sum, g) => sum + groups[g], 0);
  const bandwidth = p.hardware.memBandwidthBytesPerSec;
  const leastStepMs = ((kvBytes + weightBytes) / bandwidth) * 1000;
  if (metrics.tpotMs >= leastStepMs) return null;
  return (
    `${FASTER_THAN_MEMORY}: a decode step of the recorded deployment reads at least ` +
    `${((kvBytes + weightBytes) / 1e9).toFixed(1)} GB per GPU (the KV of the ` +
    `${sequencesPerRank.toFixed(0)} sequences a rank decodes at once by Little's law, and the ` +
    `weights every step reads), ${leastStepMs.toFixed(1)} ms at the GPU's peak ` +
    `${(bandwidth / 1e12).toFixed(1)} TB/s, but the measured TPOT is ${metrics.tpotMs} ms: ` +
    `speculative decoding or a layout the dump did not record ran`
  );
}

/** Why a prepared silicon row's recorded layout cannot have run (weights or heads), or null. */
export function layoutCannotRun(p: Prepared): string | null {
  return (
    weightsOverflow([p.decode, p.prefill]) ??
    headsNotDivided(p.model.attention.numHeads, [p.decodeLayout, p.prefillLayout])
  );
}

/**
 * Little's law on a row's own figures: sequences decoding at once = the deployment's output
 * tokens/s × seconds per output token. Without a throughput, a closed loop of C users splits its C
 * requests between waiting for the first token and decoding in the ratio TTFT : OSL × TPOT.
 * - A closed loop of C users never has more than C decoding; when the figures need more, one of
 *   them is not of the stated run.
 * - In an aggregated server that admits every request, a request waits for its first token only
 *   behind prompts, so most of the C decode. When the figures show only a small share of C
 *   decoding although memory holds all of C, the server ran a smaller batch and queued the rest:
 *   a launch limit (max running requests) the source does not state decided the figures.
 *   (Disaggregated pools may legitimately queue in an undersized prefill pool; the serving model
 *   covers that, so they are not checked for it.)
 * Either way the row's conditions are incomplete and it is set aside. The check never uses a
 * prediction. Every other headline row lies between 0.49 and 0.99 of its concurrency.
 */
export const MAX_DECODING_OVER_CONCURRENCY = 1.5;
export const MIN_DECODING_SHARE = 0.25;
/** Words every reason `littleLawContradiction` gives contains (to tell its rows apart). */
export const STATED_CONCURRENCY = 'stated concurrency';

/** Sequences decoding at once by Little's law, or null when the row lacks the figures. */
export function impliedDecodingSequences(
  scenario: ScenarioInput,
  metrics: Partial<Record<Metric, number>>,
): { sequences: number; from: 'throughput' | 'TTFT' } | null {
  const w = scenario.workload;
  const tpotMs =
    metrics.tpotMs ??
    (metrics.tokPerSecPerUser !== undefined ? 1000 / metrics.tokPerSecPerUser : undefined);
  if (tpotMs === undefined) return null;
  const outputPerGpu =
    metrics.outputTokPerSecPerGpu ??
    (metrics.totalTokPerSecPerGpu !== undefined
      ? (metrics.totalTokPerSecPerGpu * w.outputTokens) / (w.inputTokens + w.outputTokens)
      : undefined);
  if (outputPerGpu !== undefined)
    return { sequences: (outputPerGpu * scenario.gpus * tpotMs) / 1000, from: 'throughput' };
  if (metrics.ttftMs === undefined || typeof w.concurrency !== 'number') return null;
  const decodeMs = w.outputTokens * tpotMs;
  return { sequences: (w.concurrency * decodeMs) / (metrics.ttftMs + decodeMs), from: 'TTFT' };
}

/**
 * The scenario whose memory bounds what a recorded deployment could hold, for the rule below: the
 * KV arithmetic alone (no engine's per-request state or pool split: the 'generic' engine) beside
 * 95% of GPU memory for weights and KV, the most a published recipe gives (vLLM's DeepSeek-V4
 * Hopper example, --gpu-memory-utilization 0.95). A row beyond it cannot be the deployment
 * recorded, whatever the engine's flags were.
 */
export function permissiveMemoryScenario(scenario: ScenarioInput): ScenarioInput {
  return { ...scenario, framework: 'generic', memoryUtilization: MOST_MEMORY_UTILIZATION };
}

/** Most sequences a deployment's KV memory holds: at least (the engine's default pools) and at
 * most (`permissiveMemoryScenario`). Each rule uses the bound that makes it a proof. */
export interface MemoryBounds {
  least: number;
  most: number;
}

/** A prepared row's bounds: its engine's default pools, and the most any flags allow. */
export function memoryBoundsOf(p: Prepared, catalog: Catalog): MemoryBounds {
  const least = p.decode.maxConcurrency;
  const loose = prepare(permissiveMemoryScenario(p.scenario), catalog);
  return { least, most: loose.ok ? Math.max(least, loose.prepared.decode.maxConcurrency) : least };
}

/** Why a row's figures contradict its stated concurrency (see above), or null. */
export function littleLawContradiction(
  scenario: ScenarioInput,
  metrics: Partial<Record<Metric, number>>,
  memoryMax: MemoryBounds,
  /** A documented framework limit on running requests for the deployment (Infinity: none). */
  runningLimit = Infinity,
): string | null {
  const c = scenario.workload.concurrency;
  const implied = impliedDecodingSequences(scenario, metrics);
  if (typeof c !== 'number' || implied === null) return null;
  const n = implied.sequences.toFixed(0);
  const figures = implied.from === 'throughput' ? 'throughput × TPOT' : 'TTFT and TPOT';
  if (implied.sequences > MAX_DECODING_OVER_CONCURRENCY * c)
    return (
      `the figures contradict the ${STATED_CONCURRENCY}: by ${figures}, ${n} sequences were ` +
      `decoding at once, but the source states ${c} in flight`
    );
  // The KV cache must hold every sequence decoding at once. memoryMax is sized at the full
  // context (input + output); a sequence mid-decode holds input + output / 2 on average, so at
  // most (in + out) / (in + out / 2) times as many fit. Beyond that, with the same margin, the
  // recorded deployment cannot be the one measured (its pools were larger than recorded).
  const w = scenario.workload;
  const fullOverMean = (w.inputTokens + w.outputTokens) / (w.inputTokens + w.outputTokens / 2);
  const most = memoryMax.most;
  if (most > 0 && implied.sequences > MAX_DECODING_OVER_CONCURRENCY * fullOverMean * most)
    return (
      `the figures contradict the recorded deployment: by ${figures}, ${n} sequences were ` +
      `decoding at once (${STATED_CONCURRENCY} ${c}), but its KV memory holds at most ` +
      `${(fullOverMean * most).toFixed(0)} at their mean context`
    );
  const canRun = Math.min(c, Math.max(1, memoryMax.least), runningLimit);
  if (!scenario.disaggregation && implied.sequences < MIN_DECODING_SHARE * canRun)
    return (
      `the ${STATED_CONCURRENCY} did not run: by ${figures}, only ${n} of the ${c} requests in ` +
      `flight were decoding at once, though ${canRun} could run; a batch limit the source ` +
      `does not state decided the figures`
    );
  return null;
}

/** How the reasons `repeatedMeasurements` gives begin. */
export const COPY_OF = 'a copy of';
export const CONFLICTING_COPIES = 'one measurement recorded as different deployments';
export const MISRECORDED_COPY = 'recorded under a deployment its copy proves wrong';

/**
 * The deployment a prepared row describes, as a comparable key: the model's architecture (two
 * catalog ids of one architecture, such as DeepSeek-V3 and R1, are one deployment), hardware,
 * GPUs, precisions, framework, workload and the resolved layout of every pool.
 */
export function deploymentKey(p: Prepared): string {
  const descriptive = new Set(['id', 'name', 'sources', 'notes']);
  const architecture = Object.entries(p.model).filter(([k]) => !descriptive.has(k));
  return JSON.stringify({
    architecture,
    scenario: { ...p.scenario, model: null },
    decode: p.decodeLayout,
    prefill: p.prefillLayout,
  });
}

export interface MeasuredRow {
  id: string;
  ttftMs: number | undefined;
  tpotMs: number | undefined;
  /** deploymentKey() of the row's scenario. */
  deployment: string;
  /** Why the row's own record is not the deployment measured (notAsRecorded), if it is not. */
  misrecorded?: string | null;
}

/**
 * Dumps of one database repeat runs: the same measurement (TTFT and TPOT equal to the digits
 * reported) appears under several ids. It is one measurement and counts once: the first copy
 * stays, the others are set aside as copies of it. A copy recording the deployment of a copy
 * whose own record proves that deployment wrong (its id names a smaller server) is wrong for the
 * same reason. When the copies left record different deployments (a later dump flattening each
 * pool to one TP group, or counting other GPUs), at most one can be right and nothing tells
 * which, so every copy is set aside. Reasons by row id; rows already `misrecorded` get none.
 */
export function repeatedMeasurements(rows: readonly MeasuredRow[]): Map<string, string> {
  const byMeasurement = new Map<string, MeasuredRow[]>();
  for (const r of rows) {
    if (r.ttftMs === undefined || r.tpotMs === undefined) continue;
    const key = `${r.ttftMs}|${r.tpotMs}`;
    const copies = byMeasurement.get(key);
    if (copies) copies.push(r);
    else byMeasurement.set(key, [r]);
  }
  const out = new Map<string, string>();
  for (const all of byMeasurement.values()) {
    const wrong = new Map(all.flatMap((c) => (c.misrecorded ? [[c.deployment, c] as const] : [])));
    const copies: MeasuredRow[] = [];
    for (const c of all) {
      if (c.misrecorded) continue;
      const proof = wrong.get(c.deployment);
      if (proof)
        out.set(
          c.id,
          `${MISRECORDED_COPY}: ${proof.id} records the same TTFT and TPOT under the same ` +
            `deployment, and ${proof.misrecorded}`,
        );
      else copies.push(c);
    }
    if (copies.length < 2) continue;
    const [first, ...rest] = copies as [MeasuredRow, ...MeasuredRow[]];
    const deployments = new Set(copies.map((c) => c.deployment)).size;
    if (deployments === 1) {
      for (const r of rest)
        out.set(
          r.id,
          `${COPY_OF} ${first.id} (the same measurement, listed again by another dump)`,
        );
      continue;
    }
    const reason =
      `${CONFLICTING_COPIES}: TTFT ${first.ttftMs} ms and TPOT ${first.tpotMs} ms are recorded ` +
      `under ${deployments} different deployments (${copies.map((c) => c.id).join(', ')})`;
    for (const r of copies) out.set(r.id, reason);
  }
  return out;
}
