/**
 * A scenario in words, for people: what a chart or column shows, and the question the Planner's
 * scenario answers. Names come from the catalog (ids only for entries it does not hold).
 */
import type { Catalog } from '../catalog';
import { WORKLOAD_PRESETS } from '../workload/presets';
import type { Framework, ParallelismInput, ScenarioInput } from './schema';
import { enNumber } from '../en-number';
import { FRAMEWORK_NAMES } from '../framework';

/** "1 user", "8,192 tokens": whole numbers with separators and the noun in the right number. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${enNumber(Math.round(n))} ${Math.round(n) === 1 ? singular : plural}`;
}

function layoutWords(p: ParallelismInput | undefined): string {
  if (!p) return 'default layout';
  const parts = [`TP${p.tp ?? 1}`, `EP${p.ep ?? 1}`];
  if ((p.pp ?? 1) > 1) parts.push(`PP${p.pp}`);
  return parts.join(' ') + (p.dpAttention ? ' with attention-DP' : '');
}

function hardwareWords(s: ScenarioInput, catalog: Catalog): string {
  const name = (id: string) => catalog.hardware.get(id)?.name ?? id;
  const d = s.disaggregation;
  if (!d) return `${s.gpus} × ${name(s.hardware)}`;
  return `${d.prefill.gpus} × ${name(d.prefill.hardware ?? s.hardware)} prefilling and ${d.decode.gpus} × ${name(s.hardware)} decoding`;
}

function loadWords(s: ScenarioInput): string {
  const w = s.workload;
  const c = w.concurrency;
  switch (w.protocol ?? 'closed-loop') {
    case 'poisson':
      return `requests arriving at ${enNumber(w.requestsPerSec ?? 0, { maximumFractionDigits: 2 })} per second${c === 'max' ? '' : `, at most ${countOf(c, 'request')} in flight`}`;
    case 'offline':
      return c === 'max'
        ? 'as large an offline batch as fits'
        : `an offline batch of ${countOf(c, 'request')}`;
    default:
      return c === 'max' ? 'as many users at a time as fit' : `${countOf(c, 'user')} at a time`;
  }
}

/** One line: model, hardware, layout, engine, precision, lengths and load. */
export function describeScenario(s: ScenarioInput, catalog: Catalog): string {
  const model = catalog.models.get(s.model)?.name ?? s.model;
  const d = s.disaggregation;
  const layout = d
    ? `prefill ${layoutWords(d.prefill)}, decode ${layoutWords(d.decode)}`
    : layoutWords(s.parallelism);
  const w = s.workload;
  const weights = s.precision?.weights ?? 'native';
  return [
    `${model} on ${hardwareWords(s, catalog)}`,
    layout,
    `${FRAMEWORK_NAMES[s.framework ?? 'sglang']}, ${weights === 'native' ? 'native' : weights.toUpperCase()} weights${s.speculative ? `, MTP ${s.speculative.draftTokens}` : ''}`,
    `${countOf(w.inputTokens, 'token')} in / ${countOf(w.outputTokens, 'token')} out`,
    ...shapeWords(w),
    loadWords(s),
  ].join(' · ');
}

/** The question the scenario answers, as a first-time reader would ask it. */
export function scenarioQuestion(s: ScenarioInput, catalog: Catalog): string {
  const model = catalog.models.get(s.model)?.name ?? s.model;
  const w = s.workload;
  return `How fast, and at what cost per million tokens, can ${hardwareWords(s, catalog)} serve ${model} to ${loadWords(s)}, each request sending ${countOf(w.inputTokens, 'token')} and reading ${countOf(w.outputTokens, 'token')} back?`;
}

/** A frontier sweep in words: model, lengths, and each series' hardware, weights and engine. */
export function describeSweep(
  q: {
    model: string;
    inputTokens: number;
    outputTokens: number;
    series: ReadonlyArray<{ hardware: string; weights: string; framework: Framework }>;
    preset?: string | undefined;
  },
  catalog: Catalog,
): string {
  const series = q.series
    .map(
      (s) =>
        `${catalog.hardware.get(s.hardware)?.name ?? s.hardware} (${s.weights} weights, ${FRAMEWORK_NAMES[s.framework]})`,
    )
    .join('; ');
  const preset = q.preset ? WORKLOAD_PRESETS.find((p) => p.id === q.preset) : undefined;
  return `${catalog.models.get(q.model)?.name ?? q.model} · ${countOf(q.inputTokens, 'token')} in / ${countOf(q.outputTokens, 'token')} out${preset && preset.id !== 'fixed' ? ` · ${preset.label}` : ''} · ${series}`;
}

/** What a workload adds to fixed lengths, in words (empty for fixed lengths). */
function shapeWords(w: ScenarioInput['workload']): string[] {
  const out: string[] = [];
  if (w.sessions)
    out.push(
      `sessions of ${countOf(w.sessions.turns, 'turn')} adding ${countOf(w.sessions.tokensAddedPerTurn, 'token')} each`,
    );
  if (w.sharedPrefixTokens) out.push(`${countOf(w.sharedPrefixTokens, 'token')} shared`);
  if (w.inputTokensSpread || w.outputTokensSpread) out.push('lengths mixed');
  if (w.cachedInputShare !== undefined) out.push(`${Math.round(w.cachedInputShare * 100)}% cached`);
  if (w.prefixCache && ((w.prefixCache.hostDramGiB ?? 0) > 0 || (w.prefixCache.nvmeGiB ?? 0) > 0))
    out.push('prefix cache in host memory');
  return out;
}
