import { memoOn } from '../../memo';
import { tensorsPerLayer } from '../../model/tensors';
import type { LaunchFloor } from '../launch-floor';
import { launchFloor } from '../launch-floor';
import type { StepContext, StepLoad } from '../step-types';
import type { StepEnv } from './env';
import { pricerLayoutOf } from './env';
import type { Ledger } from './ledger';
import { charge } from './ledger';

/** Tensors per layer the framework's per-layer overhead is quoted for (about an MLA+MoE layer). */
export const REFERENCE_TENSORS_PER_LAYER = 15;

const floors = new WeakMap<StepContext, LaunchFloor | null>();
/** The reference GPU's launch latency for a roofline-priced step context (memoised). */
const floorOf = (ctx: StepContext): LaunchFloor | null => memoOn(floors, ctx, makeFloor);
const makeFloor = (ctx: StepContext): LaunchFloor | null =>
  ctx.reference
    ? launchFloor(ctx.reference, ctx.model, ctx.weights, ctx.kvFormat, pricerLayoutOf(ctx))
    : null;

const floorMs = (f: LaunchFloor, contextTokens: number): number =>
  f.otherMs + f.attentionMs(contextTokens);

/**
 * Fixed framework time of a step: per layer, what runs between the priced operations and the
 * step's scheduling and host sync spread over its layers; host work per running sequence; and
 * the kernels' launches. Measured tables already include each kernel's launch. Priced on
 * rooflines, a step's kernels cost what their launches and syncs cost on a measured GPU of the
 * class (the same kernel sequence), a fitted share of it under CUDA graphs; without such a
 * reference, a generic per-layer overhead scaled by what a layer contains (V4's mHC, compressors
 * and indexer launch about twice what an MLA layer does). Returns the launch time per layer (µs).
 */
export function frameworkOverhead(env: StepEnv, l: Ledger): number {
  const { ctx, fw, load } = env;
  const L = ctx.model.numLayers;
  const layerUs = (fw.layerOverheadUs * tensorsPerLayer(ctx.model)) / REFERENCE_TENSORS_PER_LAYER;
  const floor = env.pricer ? null : floorOf(ctx);
  const launchUs = env.pricer
    ? 0
    : floor
      ? (1000 * env.keep * env.eff.launch * floorMs(floor, load.decodeContextTokens)) / L
      : layerUs;
  const ms =
    (L * (fw.perLayerOverheadUs + launchUs)) / 1000 +
    (load.decodeSeqsPerRank * fw.seqOverheadUs) / 1000;
  charge(
    l,
    'overhead',
    env.pricer
      ? 'framework: work between the priced kernels per layer, host work per sequence'
      : floor
        ? `framework: work between the priced kernels per layer, host work per sequence, and the launch latency of this model's kernels as measured on ${floor.hardware}`
        : 'framework: work between the priced kernels and launches per layer, host work per sequence',
    ms / 1000,
    null,
    'calibrated',
  );
  return launchUs;
}

/**
 * Draft model: the decoding sequences draft d tokens in d sequential passes of one MTP-sized
 * layer; a prompt chunk passes through it once, with the first of them (its hidden states seed
 * the request's first drafts: SGLang's draft extend, vLLM's and TensorRT-LLM's first proposal
 * over every scheduled token). A step's layer time is shared between its decode and prompt
 * tokens by count.
 */
export function draftPasses(env: StepEnv, l: Ledger, launchUs: number): void {
  const d = env.load.draftTokens;
  if (d <= 0) return;
  const s = l.seconds;
  const layerSeconds = (s.attention + s.indexer + s.moe + s.dense) / env.ctx.model.numLayers;
  const decoding = env.decodeTokens > 0;
  const seconds = draftLayerPasses(env.load) * layerSeconds + ((decoding ? d : 1) * launchUs) / 1e6;
  const what = decoding ? `${d} draft passes of one layer` : 'one draft pass of one layer';
  charge(l, 'draft', l.notes ? what : '', seconds, null, 'derived');
}

/** Passes of one layer the step's draft model costs, its decode and prompt tokens weighed by count. */
export function draftLayerPasses(load: StepLoad): number {
  const decodeTokens = load.decodeSeqsPerRank * load.tokensPerSeq;
  const tokens = decodeTokens + load.prefillTokensPerRank;
  const d = load.draftTokens;
  return tokens > 0 ? (d * decodeTokens + load.prefillTokensPerRank) / tokens : d;
}
