import { z } from 'zod';
import { HardwareSpec } from './hardware/schema';
import type {
  FrameworkKernels,
  HardwareKernels,
  KernelFramework,
  ReferenceKernels,
  MoeStandIn,
} from './kernels/schema';
import { KERNEL_FRAMEWORKS, KERNEL_SYSTEMS, REFERENCE_KERNEL_HARDWARE } from './kernels/schema';
import type { BandsFile } from './bands-file';
import { BandsFileSchema } from './bands-file';
import { memoOn } from './memo';
import type { Framework } from './scenario/schema';
import { ModelSpec, modelSpecProblems } from './model/schema';

export const ModelsFile = z.object({ version: z.string().min(1), models: z.array(ModelSpec) });
export const HardwareFile = z.object({
  version: z.string().min(1),
  hardware: z.array(HardwareSpec),
});

export interface Catalog {
  version: string;
  models: ReadonlyMap<string, ModelSpec>;
  hardware: ReadonlyMap<string, HardwareSpec>;
  /** Measured kernel tables by hardware id, where loaded (absent: rooflines only). */
  kernels?: ReadonlyMap<string, HardwareKernels>;
  /** The error bands of every predicted figure (absent: figures without ranges). */
  bands?: BandsFile;
  /** The ids of the entries that are not shipped ones (this browser's, or a link's or file's). */
  customIds?: CustomIds;
}

export interface CustomIds {
  models: ReadonlySet<string>;
  hardware: ReadonlySet<string>;
}

/** What a link decoder needs to know of a catalog: every id, and the shipped ones. */
export function knownIds(catalog: Catalog): {
  models: ReadonlySet<string>;
  hardware: ReadonlySet<string>;
  shipped: CustomIds;
} {
  return {
    models: new Set(catalog.models.keys()),
    hardware: new Set(catalog.hardware.keys()),
    shipped: shippedIds(catalog),
  };
}

/** The ids of the catalog's shipped entries: every id but the custom ones. */
export function shippedIds(catalog: Catalog): CustomIds {
  const custom = catalog.customIds;
  const keep = (ids: Iterable<string>, c: ReadonlySet<string> | undefined) =>
    new Set([...ids].filter((id) => !c?.has(id)));
  return {
    models: keep(catalog.models.keys(), custom?.models),
    hardware: keep(catalog.hardware.keys(), custom?.hardware),
  };
}

export const isKernelFramework = (f: Framework): f is KernelFramework =>
  (KERNEL_FRAMEWORKS as readonly string[]).includes(f);

/** The kernel tables a scenario on this hardware and framework is priced from, or null. */
export function kernelsFor(
  catalog: Catalog,
  hardware: HardwareSpec,
  framework: Framework,
): FrameworkKernels | null {
  if (!isKernelFramework(framework)) return null;
  // Custom hardware never borrows a catalog GPU's measurements, even under the same id.
  if (catalog.hardware.get(hardware.id) !== hardware) return null;
  return catalog.kernels?.get(hardware.id)?.frameworks[framework] ?? null;
}

/**
 * Where TensorRT-LLM or SGLang has no table of a fused MoE on a Blackwell GPU, vLLM's on the same
 * GPU: on Blackwell vLLM's fused MoE is FlashInfer's port of TensorRT-LLM's kernels (the tables'
 * kernel source: flashinfer_trtllm …trtllm*experts and flashinfer_cutlass; each shape keeps the
 * faster), the CUTLASS and TRTLLM backends TensorRT-LLM itself runs for NVFP4 experts (engines.md,
 * TR-DSR1; for FP8 it lists DeepGEMM, which no table times: this one stands in, the roofline in
 * its place fitting no better, README), and SGLang's for NVFP4 experts (MOE_STAND_IN_DTYPES).
 * TensorRT-LLM's own Blackwell tables hold only DeepSeek-V4's MoE shapes, SGLang's not every
 * model's in every format (no NVFP4 Qwen3-Coder).
 * Null elsewhere: on Hopper vLLM's tables time its own Triton and Marlin kernels beside
 * FlashInfer's.
 */
export function moeStandInFor(
  catalog: Catalog,
  hardware: HardwareSpec,
  framework: Framework,
): MoeStandIn | null {
  const dtypes = MOE_STAND_IN_DTYPES[framework];
  if (dtypes === undefined || !MOE_STAND_IN_GENERATIONS.has(hardware.generation)) return null;
  if (!kernelsFor(catalog, hardware, framework)) return null;
  const kernels = catalog.kernels?.get(hardware.id)?.frameworks.vllm;
  if (!kernels) return null;
  // One object per tables and engine: a step context (prepare.ts) is reused only for the same one.
  const byFramework = memoOn(standIns, kernels, () => new Map<Framework, MoeStandIn>());
  return memoOn(byFramework, framework, () => ({ framework: 'vllm', kernels, dtypes }));
}
const standIns = new WeakMap<FrameworkKernels, Map<Framework, MoeStandIn>>();
/**
 * The engines whose fused MoE on Blackwell is the kernel vLLM's tables time, and for which expert
 * formats: TensorRT-LLM's own (every format); SGLang's NVFP4 MoE runs FlashInfer's TensorRT-LLM
 * NVFP4 experts (`flashinfer_trtllm_routed` for NVFP4 checkpoints, engines.md §5.1 and SG-CB),
 * the kernel vLLM's NVFP4 table times (`…nvfp4moe_flashinfer_trtllm_trtllmnvfp4experts…`). Its
 * FP4-expert (MXFP4) checkpoints run `flashinfer_mxfp4`, which no table times: not borrowed.
 */
const MOE_STAND_IN_DTYPES: Partial<Record<Framework, ReadonlySet<string> | null>> = {
  trtllm: null,
  sglang: new Set(['nvfp4']),
};
const MOE_STAND_IN_GENERATIONS: ReadonlySet<string> = new Set(['blackwell', 'blackwell-ultra']);

/**
 * For hardware priced on rooflines: a measured GPU of its class whose tables give the fixed
 * latency of the model's kernels (REFERENCE_KERNEL_HARDWARE), or null where the hardware has its
 * own tables, the framework is generic, or the reference's tables are not loaded.
 */
export function referenceKernelsFor(
  catalog: Catalog,
  hardware: HardwareSpec,
  framework: Framework,
): ReferenceKernels | null {
  if (framework === 'generic' || kernelsFor(catalog, hardware, framework)) return null;
  // A framework without tables of its own (AMD's ATOM) borrows every measured framework's.
  const id = referenceKernelHardwareId(catalog, hardware.id);
  const ref = id ? catalog.kernels?.get(id) : undefined;
  const spec = id ? catalog.hardware.get(id) : undefined;
  if (!ref || !spec) return null;
  const order: KernelFramework[] = isKernelFramework(framework)
    ? [framework, ...KERNEL_FRAMEWORKS.filter((f) => f !== framework)]
    : [...KERNEL_FRAMEWORKS];
  const frameworks = order.flatMap((f) => {
    const k = ref.frameworks[f];
    return k ? [k] : [];
  });
  return frameworks.length ? { hardware: spec, frameworks } : null;
}

/** Which GPU's tables a hardware id is priced with: its own, or a reference's for its launch
 * latencies; null for hardware not in the catalog. */
export function kernelHardwareId(catalog: Catalog, hardwareId: string): string | null {
  if (!catalog.hardware.has(hardwareId)) return null;
  return hardwareId in KERNEL_SYSTEMS ? hardwareId : referenceKernelHardwareId(catalog, hardwareId);
}

function referenceKernelHardwareId(catalog: Catalog, hardwareId: string): string | null {
  const hw = catalog.hardware.get(hardwareId);
  return hw ? (REFERENCE_KERNEL_HARDWARE[hw.generation] ?? null) : null;
}

/** The catalog with one hardware's kernel tables added. */
export function withKernels(base: Catalog, tables: readonly HardwareKernels[]): Catalog {
  if (tables.length === 0) return base;
  return {
    ...base,
    kernels: new Map([...(base.kernels ?? []), ...tables.map((t) => [t.hardware, t] as const)]),
  };
}

/** public/catalog/bands.json checked against its schema (throws a CatalogError). */
export function checkBandsFile(bandsJson: unknown): BandsFile {
  const b = BandsFileSchema.safeParse(bandsJson);
  if (!b.success) throw new CatalogError(`bands.json: ${z.prettifyError(b.error)}`);
  return b.data;
}

/** The catalog with public/catalog/bands.json's error bands, checked (throws a CatalogError). */
export function withBands(base: Catalog, bandsJson: unknown): Catalog {
  return { ...base, bands: checkBandsFile(bandsJson) };
}

/** The catalog with only the kernel tables these accelerators are priced with (what crosses to
 * a worker for one job). */
export function kernelsOnlyFor(catalog: Catalog, hardwareIds: readonly string[]): Catalog {
  if (!catalog.kernels) return catalog;
  const keep = new Set(hardwareIds.map((id) => kernelHardwareId(catalog, id)));
  return {
    ...catalog,
    kernels: new Map([...catalog.kernels].filter(([id]) => keep.has(id))),
  };
}

export class CatalogError extends Error {}

function indexById<T extends { id: string }>(items: readonly T[], what: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(item.id)) throw new CatalogError(`${what}: duplicate id "${item.id}"`);
    map.set(item.id, item);
  }
  return map;
}

/** Validates the two catalog files and indexes them by id; throws CatalogError with every problem. */
export function buildCatalog(modelsJson: unknown, hardwareJson: unknown): Catalog {
  return catalogOf(checkCatalogFiles(modelsJson, hardwareJson));
}

/** The shipped catalog files, checked and with their defaults applied (plain JSON data). */
export interface CatalogFiles {
  version: string;
  models: ModelSpec[];
  hardware: HardwareSpec[];
}

/** Checks models.json and hardware.json against their schemas (throws a CatalogError). */
export function checkCatalogFiles(modelsJson: unknown, hardwareJson: unknown): CatalogFiles {
  const m = ModelsFile.safeParse(modelsJson);
  if (!m.success) throw new CatalogError(`models.json: ${z.prettifyError(m.error)}`);
  const h = HardwareFile.safeParse(hardwareJson);
  if (!h.success) throw new CatalogError(`hardware.json: ${z.prettifyError(h.error)}`);
  for (const model of m.data.models) {
    const problems = modelSpecProblems(model);
    if (problems.length) throw new CatalogError(`models.json ${model.id}: ${problems.join('; ')}`);
  }
  return {
    version: `${m.data.version}/${h.data.version}`,
    models: m.data.models,
    hardware: h.data.hardware,
  };
}

/** The catalog of checked files, indexed by id. */
export function catalogOf(files: CatalogFiles): Catalog {
  return {
    version: files.version,
    models: indexById(files.models, 'models.json'),
    hardware: indexById(files.hardware, 'hardware.json'),
  };
}

/** A catalog with extra (custom) models and hardware layered over it. */
export function withCustom(
  base: Catalog,
  models: readonly ModelSpec[],
  hardware: readonly HardwareSpec[],
): Catalog {
  // A custom entry never replaces a shipped one (every way in renames it first: claimCustomIds).
  const shipped = shippedIds(base);
  const ms = models.filter((m) => !shipped.models.has(m.id));
  const hs = hardware.filter((h) => !shipped.hardware.has(h.id));
  return {
    version: base.version,
    models: new Map([...base.models, ...ms.map((x) => [x.id, x] as const)]),
    hardware: new Map([...base.hardware, ...hs.map((x) => [x.id, x] as const)]),
    ...(base.kernels ? { kernels: base.kernels } : {}),
    ...(base.bands ? { bands: base.bands } : {}),
    customIds: {
      models: new Set([...(base.customIds?.models ?? []), ...ms.map((m) => m.id)]),
      hardware: new Set([...(base.customIds?.hardware ?? []), ...hs.map((h) => h.id)]),
    },
  };
}
