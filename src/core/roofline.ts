/**
 * The per-operator roofline of a scenario: its decode step, its prefill step (a prompt chunk
 * beside decoding, or a prefill-pool batch) and, where a wave's prompts share a step, that wave
 * step, operation by operation, from the same step model, loads and kernel tables as plan(); and
 * the hardware's roofs to draw them against.
 */
import type { Catalog } from './catalog';
import type { Calibration } from './perf/calibration';
import { CALIBRATION } from './perf/calibration';
import type { OperatorRow } from './perf/operator-roofline';
import { operatorRows } from './perf/operator-roofline';
import type { StepContext, StepLoad } from './perf/step-types';
import { prepare, serve, stepContext } from './prepare';

export interface Roofs {
  hardware: string;
  /** Datasheet dense peaks by the precision math runs at (FP4 only where the GPU has it). */
  peaks: Array<{ math: 'fp4' | 'fp8' | 'bf16'; flopsPerSec: number }>;
  memBytesPerSec: number;
}

export interface PhaseRoofline {
  /** 'decode step', 'prompt chunk step' / 'prefill-pool step', or 'wave prefill step'. */
  name: string;
  rows: OperatorRow[];
  totalMs: number;
  /** Tokens the busiest rank runs in the step. */
  tokens: number;
  roofs: Roofs;
}

export interface OperatorRoofline {
  decode: PhaseRoofline;
  prefill: PhaseRoofline | null;
  /** A wave's short prompts batched into one step (aggregated serving; null where they never
   * share one). */
  wave: PhaseRoofline | null;
  /** The Planner's mean decode step = decodeOnly · decode + prefill · prefill + wave · wave, op
   * by op. */
  mix: { decodeOnly: number; prefill: number; wave: number };
}

export type RooflineResult =
  { ok: true; roofline: OperatorRoofline } | { ok: false; errors: string[] };

function roofsOf(ctx: StepContext): Roofs {
  const f = ctx.hardware.denseFlopsPerSec;
  const peaks: Roofs['peaks'] = [];
  if (f.fp4 !== null) peaks.push({ math: 'fp4', flopsPerSec: f.fp4 });
  if (f.fp8 !== null) peaks.push({ math: 'fp8', flopsPerSec: f.fp8 });
  peaks.push({ math: 'bf16', flopsPerSec: f.bf16 });
  return {
    hardware: ctx.hardware.name,
    peaks,
    memBytesPerSec: ctx.hardware.memBandwidthBytesPerSec,
  };
}

function phase(name: string, ctx: StepContext, load: StepLoad): PhaseRoofline {
  const rows = operatorRows(ctx, load);
  return {
    name,
    rows,
    totalMs: rows.reduce((s, r) => s + r.ms, 0),
    tokens: load.decodeSeqsPerRank * load.tokensPerSeq + load.prefillTokensPerRank,
    roofs: roofsOf(ctx),
  };
}

/** The scenario's decode and prefill steps, operation by operation (as plan() priced them). */
export function operatorRoofline(
  input: unknown,
  catalog: Catalog,
  cal: Calibration = CALIBRATION,
): RooflineResult {
  const r = prepare(input, catalog);
  if (!r.ok) return r;
  const p = r.prepared;
  if (!p.runs) return { ok: false, errors: ['the deployment cannot run: it has no steps to show'] };
  const serving = serve(p, cal);
  const decodeCtx = stepContext(p, cal, p.decodeLayout);
  const prefillCtx = p.prefillLayout ? stepContext(p, cal, p.prefillLayout) : decodeCtx;
  return {
    ok: true,
    roofline: {
      decode: phase('decode step', decodeCtx, serving.decodeLoad),
      prefill: serving.prefillLoad
        ? phase(
            p.prefillLayout ? 'prefill-pool step' : 'prompt chunk step',
            prefillCtx,
            serving.prefillLoad,
          )
        : null,
      wave: serving.waveLoad ? phase('wave prefill step', decodeCtx, serving.waveLoad) : null,
      mix: serving.decodeStepMix,
    },
  };
}
