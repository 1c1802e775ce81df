/**
 * The Planner's logic, pure: the scenario its URL holds (with the custom model and hardware the
 * link carries), the catalog it plans against, and which custom specs a link to a scenario must
 * carry so it works anywhere.
 */
import type { Catalog } from '../../core/catalog';
import { withCustom } from '../../core/catalog';
import type { HardwareSpec } from '../../core/hardware/schema';
import type { ModelSpec } from '../../core/model/schema';
import type { ScenarioInput } from '../../core/scenario/schema';
import { DEFAULT_SCENARIO } from '../../core/scenario/schema';
import type { Known, DecodedScenario } from '../../core/scenario/url-codec';
import { decodeScenarioParams } from '../../core/scenario/url-codec';

const FRESH: DecodedScenario = {
  customHardware: null,
  scenario: DEFAULT_SCENARIO,
  customModel: null,
  ignored: [],
  newerVersion: false,
};

/** The Planner's scenario from its URL query (a bare /plan: the default scenario). */
export function readPlannerParams(search: string, known: Known): DecodedScenario {
  return search === '' ? FRESH : decodeScenarioParams([...new URLSearchParams(search)], known);
}

/** The catalog a decoded link plans against: the shipped one plus the custom specs it carries. */
export function catalogOfLink(catalog: Catalog, decoded: DecodedScenario): Catalog {
  return decoded.customModel || decoded.customHardware
    ? withCustom(
        catalog,
        decoded.customModel ? [decoded.customModel] : [],
        decoded.customHardware ? [decoded.customHardware] : [],
      )
    : catalog;
}

/** The custom model and hardware a link to `s` must carry: those of the link it came from or
 * of this browser's custom catalog, when `s` uses them; null for shipped entries. */
export function customSpecsOf(
  s: ScenarioInput,
  decoded: DecodedScenario,
  effective: Catalog,
  custom: { modelIds: ReadonlySet<string>; hardwareIds: ReadonlySet<string> },
): readonly [ModelSpec | null, HardwareSpec | null] {
  return [
    decoded.customModel?.id === s.model || custom.modelIds.has(s.model)
      ? (effective.models.get(s.model) ?? null)
      : null,
    decoded.customHardware?.id === s.hardware || custom.hardwareIds.has(s.hardware)
      ? (effective.hardware.get(s.hardware) ?? null)
      : null,
  ] as const;
}
