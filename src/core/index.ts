/** The public API of the core: what views, the CLI and tests import. */
export { plan } from './plan';
export { resolveUsdPerGpuHour } from './price';
export type { Plan, PlanResult, MemoryPlan } from './plan';
export { buildCatalog, withCustom, CatalogError } from './catalog';
export type { Catalog } from './catalog';
export { Scenario, DEFAULT_SCENARIO, FRAMEWORKS, formatZodError } from './scenario/schema';
export type { ScenarioInput, Framework, Parallelism } from './scenario/schema';
export { ModelSpec } from './model/schema';
export { HardwareSpec, GIB } from './hardware/schema';
export type { Warning, WarningCode } from './warnings';
export { WEIGHT_GROUPS } from './model/tensors';
export type { WeightGroup } from './model/tensors';
export { WEIGHT_PRECISIONS, KV_PRECISIONS, INDEXER_PRECISIONS } from './precision';
