/**
 * The compare page's logic, pure: its slots in the URL (each a Planner link's query), what the
 * link held that could not be used, a name per scenario, pasted links, and the CSV of the table.
 */
import type { CsvTable } from '../../components/export-csv-button';
import type { Catalog } from '../../core/catalog';
import { describeScenario } from '../../core/scenario/describe';
import { COMPARED_METRICS } from '../../core/compare';
import type { PlanResult } from '../../core/plan';
import type { Known, DecodedScenario, IgnoredParam } from '../../core/scenario/url-codec';
import { decodeScenarioParams } from '../../core/scenario/url-codec';

export const SLOTS = ['s1', 's2', 's3', 's4'] as const;
export type Slot = (typeof SLOTS)[number];

export interface SlotEntry {
  slot: Slot;
  /** The slot's value, as the link holds it: a Planner query, perhaps with a `name`. */
  raw: string;
  /** The Planner query alone (what "Open" opens). */
  query: string;
  /** The saved scenario's name it was added as, if any. */
  name: string | null;
  decoded: DecodedScenario;
}

/** The key a slot carries its scenario's name under (not a Planner key: removed before decoding). */
const NAME_KEY = 'name';

/** A slot's value: the Planner query, with the scenario's name when it has one. */
export function slotValue(query: string, name: string | null = null): string {
  if (!name) return query;
  const q = new URLSearchParams(query);
  q.set(NAME_KEY, name);
  return q.toString();
}

/** The slots of a compare link, decoded, and what of the link could not be used, and why. */
export function readCompareParams(
  search: URLSearchParams,
  known: Known,
): { entries: SlotEntry[]; ignored: IgnoredParam[] } {
  const entries = SLOTS.flatMap((slot) => {
    const raw = search.get(slot);
    if (raw === null) return [];
    const params = new URLSearchParams(raw);
    const name = params.get(NAME_KEY)?.trim() || null;
    params.delete(NAME_KEY);
    return [
      {
        slot,
        raw,
        query: params.toString(),
        name,
        decoded: decodeScenarioParams([...params], known),
      },
    ];
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

/** A column's name: the saved scenario's name, else the scenario in words (catalog names, not ids). */
export const scenarioName = (e: Pick<SlotEntry, 'name' | 'decoded'>, catalog: Catalog): string =>
  e.name ?? describeScenario(e.decoded.scenario, catalog);

/** The table as CSV: one row per scenario (named as its column is), one column per figure with
 * its unit in the header, plain numbers in the cells. */
export function compareCsv(
  entries: ReadonlyArray<{ title: string; result: PlanResult }>,
): CsvTable {
  return [
    [
      'scenario',
      'fits in memory',
      ...COMPARED_METRICS.map((m) => (m.unit ? `${m.label} (${m.unit})` : m.label)),
    ],
    entries.map((e) => [
      e.title,
      e.result.ok ? e.result.plan.memory.fits : null,
      ...COMPARED_METRICS.map((m) => (e.result.ok ? m.value(e.result.plan) : null)),
    ]),
  ];
}
