import { loadCatalogFromDisk } from '../../../src/catalog/node';
import type { Plan, RunningPlan } from '../../../src/core/plan';
import { plan } from '../../../src/core/plan';
import type { Prepared } from '../../../src/core/prepare';
import { prepare } from '../../../src/core/prepare';
import type { ScenarioInput } from '../../../src/core/scenario/schema';

/** The shipped catalog, read from public/catalog. */
export const catalog = loadCatalogFromDisk();

/** The plan of a scenario the test knows to be valid, whether or not it can run (throws with the
 * reasons when it is invalid). */
export function anyPlanOf(s: ScenarioInput): Plan {
  const r = plan(s, catalog);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.plan;
}

const running = (p: Plan): RunningPlan => {
  if (!p.runs) throw new Error(`expected a deployment that runs: ${p.memory.reason}`);
  return p;
};

/** The plan of a scenario the test knows to run (throws otherwise). */
export const planOf = (s: ScenarioInput): RunningPlan => running(anyPlanOf(s));

/** The same, priced on rooflines only (no measured kernel tables). */
export function rooflinePlanOf(s: ScenarioInput): RunningPlan {
  const r = plan(s, loadCatalogFromDisk({ kernels: false }));
  if (!r.ok) throw new Error(r.errors.join('; '));
  return running(r.plan);
}

/** The prepared form of a scenario the test knows to be valid (throws otherwise). */
export function preparedOf(s: ScenarioInput): Prepared {
  const r = prepare(s, catalog);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.prepared;
}
