import type { Catalog } from '../catalog';
import { withCustom } from '../catalog';
import type { HardwareSpec } from '../hardware/schema';
import type { ModelSpec } from '../model/schema';
import type { ScenarioInput } from './schema';

/**
 * A scenario as it travels between views, files and links: the Scenario plus the custom model and
 * custom hardware it needs, which the receiving side may not have in its catalog.
 */
export interface SharedScenario {
  scenario: ScenarioInput;
  customModel?: ModelSpec | undefined;
  customHardware?: HardwareSpec | undefined;
}

/** The catalog a shared scenario is planned against: the base with its custom entries over it. */
export function catalogFor(shared: SharedScenario, base: Catalog): Catalog {
  if (!shared.customModel && !shared.customHardware) return base;
  return withCustom(
    base,
    shared.customModel ? [shared.customModel] : [],
    shared.customHardware ? [shared.customHardware] : [],
  );
}
