import type { KernelPricer } from '../../kernels/pricer';
import { notedSource, pricedPast } from '../../kernels/noted';
import type { Priced } from '../../kernels/priced';
import { enNumber } from '../../en-number';
import { decodeFlopsPerToken, prefillFlops } from '../../model/flops';
import type { ModelSpec } from '../../model/schema';
import type { WeightGroup } from '../../model/tensors';
import { kvReadBytesPerSequence } from '../attention-reads';
import { peakFlopsPerSec } from '../rates';
import type { StepEnv } from './env';
import type { Ledger } from './ledger';
import { charge, chargeMeasured, roofline } from './ledger';

/**
 * Work a TP shard of latent (MLA) or V4 sparse attention does per head it holds: FlashMLA's decode
 * kernels run 64 or 128 query heads per rank (h_q ∈ {64, 128}), so a rank holding fewer pads
 * up to 64 and computes the empty heads too (vLLM FlashMLA-sparse backend,
 * https://github.com/vllm-project/vllm/blob/008a0c31dc020099dd40e8a2b7d2bdb37699b047/vllm/v1/attention/backends/mla/flashmla_sparse.py).
 * GQA kernels do not pad. 1 when the shard fills its tile.
 */
export function headPadding(model: ModelSpec, tp: number): number {
  if (model.attention.kind === 'gqa') return 1;
  const perRank = model.attention.numHeads / tp;
  const tile = perRank <= 64 ? 64 : 128;
  return perRank >= tile ? 1 : tile / perRank;
}

export interface MeasuredAttention {
  /** Weight groups a measured attention module already includes (null: no module priced). */
  moduleCovers: ReadonlySet<WeightGroup> | null;
  /** The decode attention core from a core-only table, when no module covers it. */
  coreDecode: Priced | null;
}

/**
 * Attention from a measured module (projections, compressor, indexer and core together) for the
 * step's decode and prefill work, charged when a module covers both; else the core-only table.
 */
export function measuredAttention(env: StepEnv, l: Ledger): MeasuredAttention {
  const { pricer, load } = env;
  if (!pricer) return { moduleCovers: null, coreDecode: null };
  const decode = load.decodeSeqsPerRank > 0 ? measuredDecode(env, pricer, l.notes !== null) : null;
  const prefill =
    load.prefillTokensPerRank > 0 && load.promptTokens > 0
      ? measuredPrefill(env, pricer, l.notes !== null)
      : null;
  const decodeOk = load.decodeSeqsPerRank === 0 || decode !== null;
  const prefillOk = load.prefillTokensPerRank === 0 || prefill !== null;
  const covers = pricer.moduleCovers.size > 0 && decodeOk && prefillOk ? pricer.moduleCovers : null;
  if (covers) {
    if (decode) chargeMeasured(l, 'attention', 'attention module', decode, env.keepModule);
    if (prefill) chargeMeasured(l, 'attention', 'attention module', prefill, env.keepModule);
  }
  return {
    moduleCovers: covers,
    coreDecode: pricer.moduleCovers.size === 0 && decode ? decode : null,
  };
}

/**
 * The decode attention from its table; past the longest context the table measured, its time
 * there plus the roofline of reading the rest (the core's cache and the indexer's keys), so a
 * longer context never costs less than the last one measured.
 */
function measuredDecode(env: StepEnv, pricer: KernelPricer, noting: boolean): Priced | null {
  const { load } = env;
  const reach = pricer.decodeContextMax;
  const context = load.decodeContextTokens;
  if (reach === null || context <= reach)
    return pricer.decodeAttention(load.decodeSeqsPerRank, load.tokensPerSeq, context);
  const at = pricer.decodeAttention(load.decodeSeqsPerRank, load.tokensPerSeq, reach);
  if (!at) return null;
  const past = decodeRoofline(env, context);
  const upTo = decodeRoofline(env, reach);
  const extraMs = 1000 * Math.max(0, past.core + past.indexer - upTo.core - upTo.indexer);
  return pricedPast(
    at,
    extraMs,
    noting,
    () =>
      `, at its longest measured context (${enNumber(reach)} tokens) plus the roofline of the context past it`,
  );
}

/**
 * The prompt attention from its table. A chunk of a longer prompt attends to the chunks before
 * it: over the prompt, its chunks cost the whole prompt's module time (each chunk its own call,
 * so its own fixed latency) in proportion to their tokens, not a fresh prompt of the chunk's
 * length each. Past the longest prompt the table measured, the module there is scaled by the
 * work (attention, indexer scoring and projections) of the longer prompt.
 */
function measuredPrefill(env: StepEnv, pricer: KernelPricer, noting: boolean): Priced | null {
  const { load } = env;
  const prompt = load.promptTokens;
  const whole = load.prefillTokensPerRank >= prompt;
  const full = promptModule(
    env,
    pricer,
    whole ? load.prefillTokensPerRank / prompt : 1,
    prompt,
    noting,
  );
  if (!full || whole) return full;
  return scaledWork(
    full,
    load.prefillTokensPerRank / prompt,
    noting,
    () =>
      `, timed for the whole ${enNumber(prompt)}-token prompt, of which a ${enNumber(load.prefillTokensPerRank)}-token chunk takes its share`,
  );
}

/** A measured time with its work (all but its fixed latency) scaled by `factor`, noted. */
function scaledWork(p: Priced, factor: number, noting: boolean, note: () => string): Priced {
  return {
    ...p,
    ms: p.fixedMs + (p.ms - p.fixedMs) * factor,
    source: notedSource(noting, p.source, note),
  };
}

function promptModule(
  env: StepEnv,
  pricer: KernelPricer,
  prompts: number,
  tokens: number,
  noting: boolean,
): Priced | null {
  const reach = pricer.prefillContextMax;
  if (reach === null || tokens <= reach) return pricer.prefillAttention(prompts, tokens);
  const at = pricer.prefillAttention(prompts, reach);
  if (!at) return null;
  return scaledWork(
    at,
    promptWork(env, tokens) / promptWork(env, reach),
    noting,
    () =>
      `, at its longest measured context (${enNumber(reach)} tokens) scaled by the work of the longer prompt`,
  );
}

/** FLOPs of one prompt's attention module: its core, indexer scoring and projections. */
function promptWork(env: StepEnv, tokens: number): number {
  const f = prefillFlops(env.ctx.model, tokens);
  const p = env.costs.denseParamsByGroup;
  return f.attentionFlops + f.indexerFlops + 2 * tokens * (p.attention + p.indexer + p.compressor);
}

/** The roofline of the step's decode attention core and indexer scoring at a context (s). */
function decodeRoofline(env: StepEnv, context: number): { core: number; indexer: number } {
  const { ctx, load, decodeTokens, computeScale, memBytesPerSec } = env;
  const { model, hardware: hw, layout } = ctx;
  const tp = layout.tp;
  const perTok = decodeFlopsPerToken(model, context);
  const reads = kvReadBytesPerSequence(model, context, ctx.kvFormat);
  const kvShare =
    model.attention.kind === 'gqa'
      ? Math.ceil(model.attention.numKvHeads / tp) / model.attention.numKvHeads
      : 1;
  const core = roofline(
    (decodeTokens * perTok.attentionFlops * headPadding(model, tp)) / tp,
    load.decodeSeqsPerRank * reads.attentionBytes * kvShare,
    peakFlopsPerSec(hw, 'bf16') * computeScale,
    memBytesPerSec,
  );
  const indexer =
    perTok.indexerFlops > 0
      ? roofline(
          (decodeTokens * perTok.indexerFlops) / tp,
          load.decodeSeqsPerRank * reads.indexerBytes,
          peakFlopsPerSec(hw, 'fp8') * computeScale,
          memBytesPerSec,
        )
      : 0;
  return { core, indexer };
}

/**
 * The attention core and the indexer's scoring over the cache where no module priced them: the
 * measured core table for decode, else rooflines (decode reads each sequence's KV and indexer
 * keys; prefill is compute-bound).
 */
export function attentionCore(env: StepEnv, l: Ledger, measured: MeasuredAttention): void {
  const { ctx, load, computeScale } = env;
  const { model, hardware: hw, layout } = ctx;
  const tp = layout.tp;
  if (measured.coreDecode)
    chargeMeasured(l, 'attention', 'attention core', measured.coreDecode, env.keep);
  if (measured.moduleCovers) return;
  let core = 0;
  let indexer = 0;
  let launchUs = 0;
  if (load.decodeSeqsPerRank > 0) {
    const r = decodeRoofline(env, load.decodeContextTokens);
    if (!measured.coreDecode) {
      core += r.core;
      // A latent-attention decode core no table prices still runs its kernel once a layer, at
      // the engine's measured launch latency of that kernel (the same share survives CUDA graphs).
      if (model.attention.kind === 'mla') launchUs = env.pricer?.launchUs.mlaDecode ?? 0;
    }
    indexer += r.indexer;
  }
  if (load.prefillTokensPerRank > 0 && load.promptTokens > 0) {
    const pf = prefillFlops(model, load.promptTokens);
    const prompts = load.prefillTokensPerRank / load.promptTokens;
    core += (pf.attentionFlops * prompts) / tp / (peakFlopsPerSec(hw, 'bf16') * computeScale);
    if (pf.indexerFlops > 0)
      indexer += (pf.indexerFlops * prompts) / tp / (peakFlopsPerSec(hw, 'fp8') * computeScale);
  }
  core += (env.keep * model.numLayers * launchUs) / 1e6;
  if (core > 0)
    charge(
      l,
      'attention',
      'attention core',
      core,
      null,
      'roofline',
      null,
      launchUs > 0 ? 'mla' : null,
    );
  if (indexer > 0) charge(l, 'indexer', 'indexer scoring', indexer, null);
}
