import type { Catalog } from '../catalog';
import { formatZodError, Scenario } from '../scenario/schema';
import type { Demand } from './demand';
import { Demand as DemandSchema } from './demand';
import type { FleetDay } from './day';
import { fleetDay } from './day';
import type { Launch } from './launch';
import { commandText, launchCommands } from './launch';
import type { Recommendation, SearchResult } from './search';
import { searchCapacity } from './search';

export interface RankedFleet extends Omit<Recommendation, 'scenario'> {
  /** The full scenario of one replica (defaults filled in): plan() reproduces its figures. */
  scenario: Scenario;
  launch: Launch | null;
}

export interface RecommendResult extends Omit<SearchResult, 'recommendations'> {
  demand: Demand;
  /** The best `limit` fleets. */
  recommendations: RankedFleet[];
  /** How many layouts serve the demand within the SLA (before the limit). */
  feasible: number;
  /** The best fleet over the day's profile, or null when nothing serves the demand. */
  day: FleetDay | null;
}

/** Validates a demand against the schema and the catalog: the demand, or why not. */
export function parseDemand(
  input: unknown,
  catalog: Catalog,
): { ok: true; demand: Demand } | { ok: false; errors: string[] } {
  const r = DemandSchema.safeParse(input);
  if (!r.success) return { ok: false, errors: formatZodError(r.error).split('\n') };
  if (!catalog.models.has(r.data.model))
    return { ok: false, errors: [`model: "${r.data.model}" is not in the catalog`] };
  const unknown = r.data.hardware.filter((h) => !catalog.hardware.has(h));
  if (unknown.length === r.data.hardware.length)
    return { ok: false, errors: [`hardware: none of ${unknown.join(', ')} is in the catalog`] };
  return { ok: true, demand: r.data };
}

/** The capacity search with each fleet's launch commands and the best fleet's day. */
export function recommend(demand: Demand, catalog: Catalog, limit = 25): RecommendResult {
  const found = searchCapacity(demand, catalog);
  const model = catalog.models.get(demand.model)!;
  const recommendations = found.recommendations.slice(0, limit).map((r): RankedFleet => {
    const scenario = Scenario.parse(r.scenario);
    return { ...r, scenario, launch: launchCommands(scenario, model) };
  });
  return {
    ...found,
    demand,
    recommendations,
    feasible: found.recommendations.length,
    day: found.recommendations[0] ? fleetDay(demand, found.recommendations[0]) : null,
  };
}

/** A launch as the CLI prints it: engine → the command lines of one replica, as text. */
export function launchText(l: Launch | null): Record<string, string> {
  if (!l) return {};
  return {
    [l.framework]: l.commands
      .map((c) => `# ${c.role}: ${c.instances} instance(s) of ${c.gpus} GPU(s)\n${commandText(c)}`)
      .join('\n\n'),
  };
}
