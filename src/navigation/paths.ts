/**
 * Links between views, built in one place from the URL codec (every view is a bookmarkable URL:
 * design §1). Views never assemble `/plan?…` by hand.
 */
import type { HardwareSpecInput } from '../core/hardware/schema';
import type { ModelSpecInput } from '../core/model/schema';
import type { ScenarioInput } from '../core/scenario/schema';
import { encodeScenarioParams, URL_VERSION } from '../core/scenario/url-codec';

/** The query of a scenario (and the custom model and hardware it needs) as the Planner reads it. */
export function scenarioQuery(
  scenario: ScenarioInput,
  customModel: ModelSpecInput | null = null,
  customHardware: HardwareSpecInput | null = null,
): string {
  return new URLSearchParams(
    encodeScenarioParams(scenario, customModel, customHardware),
  ).toString();
}

/** The Planner at a scenario. */
export function planHref(
  scenario: ScenarioInput,
  customModel: ModelSpecInput | null = null,
  customHardware: HardwareSpecInput | null = null,
): string {
  return `/plan?${scenarioQuery(scenario, customModel, customHardware)}`;
}

/** The Planner at its defaults for one model. */
export const planModelHref = (modelId: string): string =>
  `/plan?${new URLSearchParams([
    ['v', String(URL_VERSION)],
    ['m', modelId],
  ]).toString()}`;

/** The Planner at a query already encoded by `scenarioQuery` (Compare keeps each slot so). */
export const planQueryHref = (query: string): string => `/plan?${query}`;

/** Compare with the given scenario queries in its slots s1, s2, …. */
export function compareHref(queries: readonly string[]): string {
  const params: Array<[string, string]> = [['v', String(URL_VERSION)]];
  queries.forEach((q, i) => params.push([`s${i + 1}`, q]));
  return `/compare?${new URLSearchParams(params).toString()}`;
}
