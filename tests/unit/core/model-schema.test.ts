/**
 * Sizes from links and files are bounded (MODEL_LIMITS): a custom model or GPU with any size up to
 * 2^53 is either refused with a reason or planned with structures no larger than the limits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk } from '../../../src/catalog/node';
import { HardwareSpec } from '../../../src/core/hardware/schema';
import { layerAttentionKinds } from '../../../src/core/model/schema';
import { MODEL_LIMITS, ModelSpec, modelSpecProblems } from '../../../src/core/model/schema';
import { plan } from '../../../src/core/plan';
import { decodeCustomModel } from '../../../src/core/scenario/custom-payload';
import { encodeScenarioParams } from '../../../src/core/scenario/url-codec';
import { DEFAULT_SCENARIO, Scenario } from '../../../src/core/scenario/schema';
import { withCustom } from '../../../src/core/catalog';
import { parseImport, serializeSaved } from '../../../src/state/saved-scenarios';

const catalog = loadCatalogFromDisk();
const base = catalog.models.get('deepseek-v4-flash')!;
const gpu = catalog.hardware.get('b200')!;

/** A copy of `o` with the number at `path` replaced. */
function withValue<T>(o: T, path: readonly string[], v: number): T {
  const copy = structuredClone(o) as Record<string, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
  at[path.at(-1)!] = v;
  return copy as T;
}

const MODEL_SIZES: ReadonlyArray<readonly string[]> = [
  ['numLayers'],
  ['hiddenSize'],
  ['vocabSize'],
  ['maxContextTokens'],
  ['mtp', 'layers'],
  ['attention', 'numHeads'],
  ['attention', 'headDim'],
  ['attention', 'windowTokens'],
  ['attention', 'indexer', 'topK'],
  ['ffn', 'moe', 'routedExperts'],
  ['ffn', 'moe', 'expertsPerToken'],
  ['ffn', 'moe', 'expertIntermediate'],
  ['ffn', 'moe', 'sharedExperts'],
  ['ffn', 'moe', 'hashLayers'],
  ['ffn', 'denseLayers'],
];
const HARDWARE_SIZES: ReadonlyArray<readonly string[]> = [
  ['memoryGiB'],
  ['memBandwidthBytesPerSec'],
  ['denseFlopsPerSec', 'bf16'],
  ['denseFlopsPerSec', 'fp8'],
  ['scaleUp', 'bytesPerSecPerGpu'],
  ['scaleUp', 'domainGpus'],
  ['tdpWatts'],
];
const huge = fc.oneof(
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  fc.constantFrom(1e8, 5e9, 2 ** 53, 2 ** 31, 1e-300, 0, -1),
);

describe('every size a link or a file can carry is bounded', () => {
  it('a custom model with any size up to 2^53 is refused with a reason, or stays within the limits', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MODEL_SIZES), huge, (path, v) => {
        const m = withValue({ ...base, id: 'fuzz-model' }, path, v);
        const link = new URLSearchParams(
          encodeScenarioParams({ ...DEFAULT_SCENARIO, model: 'fuzz-model' }, m),
        ).get('cm')!;
        const decoded = decodeCustomModel(link);
        if (typeof decoded === 'string') {
          expect(decoded.length).toBeGreaterThan(0);
          return;
        }
        // Accepted: no structure of the plan grows past the documented limits.
        expect(decoded.numLayers).toBeLessThanOrEqual(MODEL_LIMITS.layers);
        expect(layerAttentionKinds(decoded, true).length).toBeLessThanOrEqual(
          MODEL_LIMITS.layers + MODEL_LIMITS.mtpLayers,
        );
        expect(decoded.vocabSize).toBeLessThanOrEqual(MODEL_LIMITS.vocab);
        const r = plan(
          { ...DEFAULT_SCENARIO, model: 'fuzz-model' },
          withCustom(catalog, [decoded], []),
        );
        if (r.ok && r.plan.runs) expect(Number.isFinite(r.plan.latency.tpotMs)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  it('a saved-scenarios file with any size up to 2^53 is refused with a reason, or stays within the limits', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MODEL_SIZES), huge, (path, v) => {
        const m = withValue({ ...base, id: 'fuzz-model' }, path, v);
        const file = serializeSaved([
          {
            id: 'f1',
            name: 'fuzz',
            createdAt: '2026-01-01T00:00:00.000Z',
            updatedAt: '2026-01-01T00:00:00.000Z',
            scenario: Scenario.parse({ ...DEFAULT_SCENARIO, model: 'fuzz-model' }),
            customModel: m,
          },
        ]);
        const r = parseImport(file);
        if ('error' in r) {
          expect(r.error).toMatch(/^scenario 1 is not valid \(customModel\./);
          return;
        }
        const model = r.items[0]!.customModel!;
        expect(modelSpecProblems(model).length > 0 || model.numLayers <= MODEL_LIMITS.layers).toBe(
          true,
        );
        expect(layerAttentionKinds(model, true).length).toBeLessThanOrEqual(
          MODEL_LIMITS.layers + MODEL_LIMITS.mtpLayers,
        );
      }),
      { numRuns: 300 },
    );
  });
  it('the link that froze a tab (mtp.layers = 1e8) and 5e9 layers are refused, saying why', () => {
    for (const [path, v] of [
      [['mtp', 'layers'], 1e8],
      [['numLayers'], 5e9],
    ] as const) {
      const r = ModelSpec.safeParse(withValue(base, path, v));
      expect(r.success).toBe(false);
      expect(r.error!.issues[0]!.message).toMatch(/far beyond any real model/);
    }
  });
  it('a custom GPU with any figure up to 2^53 (or near zero) is refused, or every figure stays finite', () => {
    fc.assert(
      fc.property(fc.constantFrom(...HARDWARE_SIZES), huge, (path, v) => {
        const h = withValue({ ...gpu, id: 'fuzz-gpu' }, path, v);
        const parsed = HardwareSpec.safeParse(h);
        if (!parsed.success) return;
        const r = plan(
          { ...DEFAULT_SCENARIO, hardware: 'fuzz-gpu' },
          withCustom(catalog, [], [parsed.data]),
        );
        if (!r.ok || !r.plan.runs) return;
        const p = r.plan;
        for (const x of [
          p.latency.ttftMs,
          p.latency.tpotMs,
          p.throughput.outputTokPerSecPerGpu,
          p.memory.totalBytesPerGpu,
        ])
          expect(Number.isFinite(x) && x >= 0).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
