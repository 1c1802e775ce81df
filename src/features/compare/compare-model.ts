/**
 * The compare page's logic, pure: its slots in the URL (each a Planner link's query), what the
 * link held that could not be used, a name per scenario, pasted links, and the CSV of the table.
 */
import type { CsvTable } from '../../components/export-csv-button';
import { formatLayout } from '../../components/format';
import { COMPARED_METRICS } from '../../core/compare';
import type { PlanResult } from '../../core/plan';
import type { ScenarioInput } from '../../core/scenario/schema';
import type { Known, DecodedScenario, IgnoredParam } from '../../core/scenario/url-codec';
import { decodeScenarioParams } from '../../core/scenario/url-codec';

export const SLOTS = ['s1', 's2', 's3', 's4'] as const;
export type Slot = (typeof SLOTS)[number];

export interface SlotEntry {
  slot: Slot;
  /** The slot's Planner query, as the link holds it. */
  raw: string;
  decoded: DecodedScenario;
}

/** The slots of a compare link, decoded, and what of the link could not be used, and why. */
export function readCompareParams(
  search: URLSearchParams,
  known: Known,
): { entries: SlotEntry[]; ignored: IgnoredParam[] } {
  const entries = SLOTS.flatMap((slot) => {
    const raw = search.get(slot);
    if (raw === null) return [];
    return [{ slot, raw, decoded: decodeScenarioParams([...new URLSearchParams(raw)], known) }];
  });
  const ignored = entries.flatMap((e) =>
    e.decoded.ignored.map((i) => ({ ...i, key: `${e.slot}: ${i.key}` })),
  );
  for (const key of new Set(search.keys()))
    if (key !== 'v' && !(SLOTS as readonly string[]).includes(key))
      ignored.push({
        key,
        value: search.get(key) ?? '',
        reason: `not a setting of this view (its slots are ${SLOTS.join(', ')})`,
      });
  return { entries, ignored };
}

/** The compare link's query for these slot values, in order (four at most). */
export function slotsQuery(values: readonly string[]): URLSearchParams {
  const next = new URLSearchParams();
  next.set('v', '1');
  values.slice(0, SLOTS.length).forEach((v, i) => next.set(SLOTS[i]!, v));
  return next;
}

/** The Planner query in a pasted link (or a bare query), or why it is not one. */
export function pastedQuery(text: string): { query: string } | { error: string } {
  const q = text.includes('?') ? text.slice(text.indexOf('?') + 1) : text;
  return /(^|&)m=/.test(q)
    ? { query: q }
    : { error: 'That is not a Planner link (no model in it).' };
}

/** A scenario in words: its hardware, layout and workload (a column's name). */
export function scenarioName(s: ScenarioInput): string {
  const d = s.disaggregation;
  const p = s.parallelism;
  const layout = d
    ? `${d.prefill.gpus}P + ${d.decode.gpus}D`
    : p
      ? formatLayout(p)
      : 'default layout';
  const w = s.workload;
  return `${s.model} · ${s.gpus}× ${s.hardware} ${layout} · ${s.precision?.weights ?? 'native'} · ${w.inputTokens.toLocaleString('en-US')} / ${w.outputTokens.toLocaleString('en-US')} tokens · ${String(w.concurrency)} in flight`;
}

/** The table as CSV: one row per figure (its unit in its own column), one column per scenario,
 * named by the scenario in words. */
export function compareCsv(
  entries: ReadonlyArray<{ decoded: DecodedScenario; result: PlanResult }>,
): CsvTable {
  return [
    ['figure', 'unit', ...entries.map((e) => scenarioName(e.decoded.scenario))],
    [
      [
        'fits in memory',
        '',
        ...entries.map((e) => (e.result.ok ? e.result.plan.memory.fits : null)),
      ],
      ...COMPARED_METRICS.map((m) => [
        m.label,
        m.unit,
        ...entries.map((e) => (e.result.ok ? m.value(e.result.plan) : null)),
      ]),
    ],
  ];
}
