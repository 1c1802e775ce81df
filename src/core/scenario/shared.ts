import type { Catalog, CustomIds } from '../catalog';
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

/** A custom entry renamed because it came with a shipped id. */
export interface RenamedEntry {
  kind: 'model' | 'hardware';
  from: string;
  to: string;
}

/** `id (custom)`, or `id (custom 2)`… — the first free one. */
function freeId(id: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${id} (custom)` : `${id} (custom ${n})`;
    if (!taken.has(candidate)) return candidate.slice(0, 80);
  }
}

/**
 * A custom model or hardware from a link or a file never takes a shipped id: one that does is
 * renamed `<id> (custom)` (its name marked too) and the scenario follows it, so no one can share a
 * doctored "official" figure. Returns the scenario as it may be planned, and what was renamed.
 */
export function claimCustomIds(
  shared: SharedScenario,
  shipped: CustomIds,
): { shared: SharedScenario; renamed: RenamedEntry[] } {
  const renamed: RenamedEntry[] = [];
  let { scenario, customModel, customHardware } = shared;
  if (customModel && shipped.models.has(customModel.id)) {
    const to = freeId(customModel.id, shipped.models);
    renamed.push({ kind: 'model', from: customModel.id, to });
    if (scenario.model === customModel.id) scenario = { ...scenario, model: to };
    customModel = { ...customModel, id: to, name: `${customModel.name} (custom)`.slice(0, 120) };
  }
  if (customHardware && shipped.hardware.has(customHardware.id)) {
    const to = freeId(customHardware.id, shipped.hardware);
    renamed.push({ kind: 'hardware', from: customHardware.id, to });
    if (scenario.hardware === customHardware.id) scenario = { ...scenario, hardware: to };
    customHardware = {
      ...customHardware,
      id: to,
      name: `${customHardware.name} (custom)`.slice(0, 120),
    };
  }
  return {
    shared: {
      scenario,
      ...(customModel ? { customModel } : {}),
      ...(customHardware ? { customHardware } : {}),
    },
    renamed,
  };
}

/** A decoded link with its custom entries claimed (claimCustomIds), each rename reported among
 * the values the link could not use as given. */
export function claimLinkCustoms<
  D extends {
    scenario: ScenarioInput;
    customModel: ModelSpec | null;
    customHardware: HardwareSpec | null;
    ignored: Array<{ key: string; value: string; reason: string }>;
  },
>(decoded: D, shipped: CustomIds): D {
  const { customModel, customHardware } = decoded;
  const claimed = claimCustomIds(
    {
      scenario: decoded.scenario,
      ...(customModel ? { customModel } : {}),
      ...(customHardware ? { customHardware } : {}),
    },
    shipped,
  );
  return {
    ...decoded,
    scenario: claimed.shared.scenario,
    customModel: claimed.shared.customModel ?? null,
    customHardware: claimed.shared.customHardware ?? null,
    ignored: [
      ...decoded.ignored,
      ...claimed.renamed.map((r) => ({
        key: r.kind === 'model' ? 'cm' : 'ch',
        value: r.from,
        reason: `a custom ${r.kind} may not take the id of a catalog entry: renamed "${r.to}"`,
      })),
    ],
  };
}
