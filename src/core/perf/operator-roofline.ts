/**
 * The per-operator roofline of one step (LLM-Viewer's view, for MoE and compressed attention):
 * every operation the step model priced, with its FLOPs, bytes, arithmetic intensity, time and
 * what bounds it. The times are the step model's own notes, so they add up to the step's time;
 * attention is split by layer kind (V4: CSA, HCA, window-only) and routed experts by how their
 * layers route (hash tables or the learned router), each share of time in proportion to that
 * part's own roofline time.
 */
import type { AttentionTerms } from '../model/flops';
import { perKindTerms } from '../model/flops';
import type { LayerAttentionKind } from '../model/schema';
import type { WeightGroup } from '../model/tensors';
import type { MathPrecision } from '../precision';
import { kvEntryBytes } from './attention-reads';
import { denseHeldPerRank, modelCosts } from './model-costs';
import { peakFlopsPerSec } from './rates';
import { stepTime } from './step';
import { sourceOf } from './step-pricing';
import type { OpWork, PricedOp, StepContext, StepLoad, StepOp } from './step-types';
import { headPadding } from './terms/attention';
import { draftLayerPasses } from './terms/overhead';

/** What limits an operation: its math, its memory traffic, a link, or fixed latency (launches,
 * host work, kernels too small to reach either roof). */
export type Bound = 'compute' | 'memory' | 'link' | 'overhead';

export interface OperatorRow {
  op: StepOp;
  what: string;
  /** The layers it runs in ("CSA layers (30)", "every layer (61)", "once per step"). */
  layers: string;
  /** On the busiest GPU, this step (null where the step model does not count them). */
  flops: number | null;
  bytes: number | null;
  /** FLOPs per byte (null without both). */
  intensity: number | null;
  ms: number;
  /** FLOPs / time (null without FLOPs). */
  achievedFlopsPerSec: number | null;
  /** Datasheet peak of the precision its math runs at (null without matmul work). */
  peakFlopsPerSec: number | null;
  bound: Bound;
  /** What priced its time: a measured kernel table and its shapes, or a roofline. */
  source: string;
}

/** An operation taking more than this many times its datasheet roofline is latency-bound. */
export const LATENCY_BOUND_FACTOR = 3;

const KIND_NAMES: Record<LayerAttentionKind, string> = {
  csa: 'CSA layers',
  hca: 'HCA layers',
  window: 'window-only layers',
  full: 'full-attention layers',
  sliding: 'sliding-window layers',
};

interface Part {
  layers: string;
  work: OpWork;
}

/** Attention work of each layer kind for a step's load: the core over the attended entries and
 * the indexer's scoring of its keys (the same formulas as the step's roofline terms). */
function attentionParts(ctx: StepContext, load: StepLoad, decode: boolean, prefill: boolean) {
  const { model, layout, kvFormat } = ctx;
  const tp = layout.tp;
  const pad = headPadding(model, tp);
  const a = model.attention;
  const kvShare = a.kind === 'gqa' ? Math.ceil(a.numKvHeads / tp) / a.numKvHeads : 1;
  const { entry, indexerKey } = kvEntryBytes(model, kvFormat);
  const B = load.decodeSeqsPerRank;
  const decodeTokens = B * load.tokensPerSeq;
  const n = load.decodeContextTokens;
  const S = load.promptTokens;
  const prompts = S > 0 ? load.prefillTokensPerRank / S : 0;
  const of = (t: AttentionTerms, layers: number) => {
    const core = { flops: 0, bytes: 0 };
    const idx = { flops: 0, bytes: 0 };
    if (decode && B > 0) {
      core.flops += (decodeTokens * layers * t.flopsPerEntry * t.attended(n) * pad) / tp;
      core.bytes += B * layers * entry * t.attended(n) * kvShare;
      idx.flops += (decodeTokens * layers * t.indexerFlopsPerKey * t.keys(n)) / tp;
      idx.bytes += B * layers * indexerKey * t.keys(n);
    }
    if (prefill && prompts > 0) {
      core.flops += (prompts * layers * t.prefillFlopsPerEntry * t.attendedSum(S)) / tp;
      core.bytes += prompts * layers * entry * t.attended(S) * kvShare;
      idx.flops += (prompts * layers * t.indexerFlopsPerKey * t.keysSum(S)) / tp;
      idx.bytes += prompts * layers * indexerKey * t.keys(S);
    }
    return { core, idx };
  };
  return perKindTerms(model).map(([layers, t, kind]) => ({
    kind,
    layers,
    label: `${KIND_NAMES[kind]} (${layers})`,
    ...of(t, layers),
  }));
}

/** The layers a dense weight group's matmuls run in. */
function groupLayers(ctx: StepContext, group: WeightGroup, moeLayers: number): string {
  const { model } = ctx;
  const L = model.numLayers;
  const kinds = new Map(perKindTerms(model).map(([n, , kind]) => [kind, n]));
  switch (group) {
    case 'compressor':
      return `CSA and HCA layers (${(kinds.get('csa') ?? 0) + (kinds.get('hca') ?? 0)})`;
    case 'indexer':
      return kinds.has('csa') ? `CSA layers (${kinds.get('csa')})` : `every layer (${L})`;
    case 'router':
    case 'sharedExperts':
      return `MoE layers (${moeLayers})`;
    case 'denseFfn':
      return `dense-FFN layers (${model.ffn.denseLayers})`;
    case 'head':
      return 'once per step';
    default:
      return `every layer (${L})`;
  }
}

/** Splits an operation's noted time over parts, in proportion to each part's roofline time. */
function split(
  note: PricedOp,
  parts: Part[],
  rooflineSeconds: (w: OpWork) => number,
): Array<PricedOp & { layers: string }> {
  const weights = parts.map((p) => rooflineSeconds(p.work));
  const total = weights.reduce((s, w) => s + w, 0);
  return parts.map((p, i) => ({
    ...note,
    layers: p.layers,
    work: p.work,
    ms: total > 0 ? (note.ms * weights[i]!) / total : note.ms / parts.length,
  }));
}

/** The step's operations at `load` on `ctx`, with their work, time and bound. */
export function operatorRows(ctx: StepContext, load: StepLoad): OperatorRow[] {
  const notes: PricedOp[] = [];
  stepTime(ctx, load, notes);
  const { model, hardware: hw } = ctx;
  const bw = hw.memBandwidthBytesPerSec;
  const peak = (m: MathPrecision | null) => (m ? peakFlopsPerSec(hw, m) : null);
  const rooflineSeconds = (w: OpWork) =>
    Math.max(w.math ? w.flops / peakFlopsPerSec(hw, w.math) : 0, w.bytes / bw);
  const L = model.numLayers;
  const moe = model.ffn.moe;
  const costs = modelCosts(model, ctx.weights);
  const held = denseHeldPerRank(model, ctx.weights, ctx.layout.tp);
  const decodeMeasured = notes.some((n) => n.what === 'attention core' && n.basis === 'kernel');
  let modulesSeen = 0;

  const rows = notes.flatMap((note): Array<PricedOp & { layers: string }> => {
    switch (note.what) {
      case 'attention module': {
        // Decode's module first, then prefill's: projections, compressor, indexer and core.
        const isDecode = modulesSeen++ === 0 && load.decodeSeqsPerRank > 0;
        const phaseTokens = isDecode
          ? load.decodeSeqsPerRank * load.tokensPerSeq
          : load.prefillTokensPerRank;
        const parts = attentionParts(ctx, load, isDecode, !isDecode);
        const projFlops =
          (2 *
            phaseTokens *
            (held.params.attention + held.params.compressor + held.params.indexer)) /
          L;
        const projBytes = (held.bytes.attention + held.bytes.compressor + held.bytes.indexer) / L;
        return split(
          note,
          parts.map((p) => ({
            layers: p.label,
            work: {
              flops: p.core.flops + p.idx.flops + p.layers * projFlops,
              bytes: p.core.bytes + p.idx.bytes + p.layers * projBytes,
              math: 'bf16',
            },
          })),
          rooflineSeconds,
        );
      }
      case 'attention core': {
        const measuredPart = note.basis === 'kernel';
        const parts = attentionParts(
          ctx,
          load,
          measuredPart || !decodeMeasured,
          !measuredPart,
        ).filter((p) => p.core.flops + p.core.bytes > 0);
        return split(
          note,
          parts.map((p) => ({ layers: p.label, work: { ...p.core, math: 'bf16' } })),
          rooflineSeconds,
        );
      }
      case 'indexer scoring': {
        const parts = attentionParts(ctx, load, true, true).filter(
          (p) => p.idx.flops + p.idx.bytes > 0,
        );
        return split(
          note,
          parts.map((p) => ({ layers: p.label, work: { ...p.idx, math: 'fp8' } })),
          rooflineSeconds,
        );
      }
      case 'routed experts': {
        const moeLayers = costs.moeLayers;
        const hash = Math.min(moe?.hashLayers ?? 0, moeLayers);
        if (!note.work || hash === 0) return [{ ...note, layers: `MoE layers (${moeLayers})` }];
        const w = note.work;
        const part = (layers: number, label: string): Part => ({
          layers: `${label} (${layers})`,
          work: {
            flops: (w.flops * layers) / moeLayers,
            bytes: (w.bytes * layers) / moeLayers,
            math: w.math,
          },
        });
        return split(
          note,
          [
            part(hash, 'hash-routed MoE layers'),
            part(moeLayers - hash, 'learned-router MoE layers'),
          ],
          rooflineSeconds,
        );
      }
      default: {
        const group = note.what.endsWith(' matmuls')
          ? (note.what.slice(0, -' matmuls'.length) as WeightGroup)
          : null;
        const layers = group
          ? groupLayers(ctx, group, costs.moeLayers)
          : note.op === 'overhead'
            ? 'once per step'
            : note.op === 'draft'
              ? 'MTP layer'
              : note.op === 'epComms'
                ? `MoE layers (${costs.moeLayers})`
                : `every layer (${L})`;
        return [{ ...note, layers }];
      }
    }
  });

  // A draft pass is one layer's work (terms/overhead.ts, draftLayerPasses).
  const layerWork = rows
    .filter((r) => ['attention', 'indexer', 'moe', 'dense'].includes(r.op) && r.work)
    .reduce((s, r) => ({ flops: s.flops + r.work!.flops, bytes: s.bytes + r.work!.bytes }), {
      flops: 0,
      bytes: 0,
    });
  const passes = draftLayerPasses(load);
  return rows.map((r) => {
    const work =
      r.op === 'draft'
        ? {
            flops: (passes * layerWork.flops) / L,
            bytes: (passes * layerWork.bytes) / L,
            math: 'bf16' as const,
          }
        : r.work;
    const seconds = r.ms / 1000;
    const roof = work ? rooflineSeconds(work) : 0;
    const bound: Bound =
      r.basis === 'link'
        ? 'link'
        : r.basis === 'calibrated' || !work || roof === 0 || seconds > LATENCY_BOUND_FACTOR * roof
          ? 'overhead'
          : work.math && work.flops / peakFlopsPerSec(hw, work.math) >= work.bytes / bw
            ? 'compute'
            : 'memory';
    const flops = work && work.math ? work.flops : work ? 0 : null;
    return {
      op: r.op,
      what: r.what,
      layers: r.layers,
      flops,
      bytes: work ? work.bytes : null,
      intensity: work && work.bytes > 0 && flops ? flops / work.bytes : null,
      ms: r.ms,
      achievedFlopsPerSec: flops && seconds > 0 ? flops / seconds : null,
      peakFlopsPerSec: peak(work?.math ?? null),
      bound,
      source: sourceOf(ctx, r),
    };
  });
}
