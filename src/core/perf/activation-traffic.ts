import type { ModelSpec } from '../model/schema';

/** Activations move through HBM in BF16 between kernels. */
const ACTIVATION_BYTES = 2;

export interface ActivationTraffic {
  /** Bytes one token moves per step outside the GEMMs on every GPU that runs its dense layers
   * (norms, residual adds or mHC mixing, activation quantisation, dense-FFN SwiGLU), all layers. */
  perTokenBytes: number;
  /** Bytes per routed copy of a token per MoE layer that do not shrink with the experts' TP
   * split (permute, expert output, combine): hidden-sized. */
  perCopyHiddenBytes: number;
  /** Bytes per routed copy per MoE layer in the expert's intermediate width (SwiGLU reads gate
   * and up, writes their product), divided by the GPUs that split one expert. */
  perCopyIntermediateBytes: number;
  /** MoE layers the per-copy bytes repeat over. */
  moeLayers: number;
  /** The part of perTokenBytes that mHC's pre- and post-mappings move (V4; 0 without mHC):
   * a measured mHC kernel already includes it. */
  mhcPerTokenBytes: number;
}

const cache = new WeakMap<ModelSpec, ActivationTraffic>();

/**
 * Memory traffic of the element-wise kernels around the matmuls (reference/models.md §5 leaves
 * them out of the FLOP count because they do no matmul work; they are bandwidth-bound). Counted in
 * hidden-sized vectors read plus written per token:
 * - per sublayer (attention, FFN): RMSNorm reads h, writes the normed and FP8-quantised input
 *   (2.5 H); a plain residual add reads two vectors and writes one (3 H); mHC with n streams
 *   replaces it with a pre-mapping (reads n H, writes H) and a post-mapping (reads n H + H,
 *   writes n H): (3n + 2) H;
 * - SwiGLU of a dense FFN or shared expert of width I: reads 2 I, writes I;
 * - per routed copy: permute writes H, the expert writes its output H, combine reads it (3 H),
 *   and SwiGLU moves 3 I.
 * Element-wise work over the attention heads (RoPE, softmax) is inside the attention kernels.
 */
export function activationTraffic(model: ModelSpec): ActivationTraffic {
  const hit = cache.get(model);
  if (hit) return hit;
  const H = model.hiddenSize;
  const streams = model.attention.kind === 'v4-hybrid' ? model.attention.hcMult : 1;
  const residual = streams > 1 ? 3 * streams + 2 : 3;
  const perSublayer = 2.5 + residual;
  const moe = model.ffn.moe;
  const denseLayers = moe ? model.ffn.denseLayers : model.numLayers;
  const moeLayers = moe ? model.numLayers - model.ffn.denseLayers : 0;
  const sharedWidth = moe
    ? moe.sharedExperts * (moe.sharedIntermediate ?? moe.expertIntermediate)
    : 0;
  const elements =
    model.numLayers * 2 * perSublayer * H +
    denseLayers * 3 * model.ffn.denseIntermediate +
    moeLayers * 3 * sharedWidth;
  const traffic: ActivationTraffic = {
    perTokenBytes: elements * ACTIVATION_BYTES,
    perCopyHiddenBytes: moe ? 3 * H * ACTIVATION_BYTES : 0,
    perCopyIntermediateBytes: moe ? 3 * moe.expertIntermediate * ACTIVATION_BYTES : 0,
    moeLayers,
    mhcPerTokenBytes: streams > 1 ? model.numLayers * 2 * residual * H * ACTIVATION_BYTES : 0,
  };
  cache.set(model, traffic);
  return traffic;
}
