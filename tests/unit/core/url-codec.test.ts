import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk } from '../../../src/catalog/node';
import { KV_PRECISIONS, INDEXER_PRECISIONS, WEIGHT_PRECISIONS } from '../../../src/core/precision';
import { PRICE_TIERS } from '../../../src/core/hardware/schema';
import type { ScenarioInput } from '../../../src/core/scenario/schema';
import { DEFAULT_SCENARIO, FRAMEWORKS, Scenario } from '../../../src/core/scenario/schema';
import {
  decodeScenarioParams,
  encodeScenarioParams,
  URL_VERSION,
} from '../../../src/core/scenario/url-codec';
import { URL_KEYS } from '../../../src/core/scenario/url-keys';

const catalog = loadCatalogFromDisk();
const known = {
  models: new Set(catalog.models.keys()),
  hardware: new Set(catalog.hardware.keys()),
};
const int = (min: number, max: number) => fc.integer({ min, max });
const pool = fc.record({
  gpus: int(1, 512),
  tp: int(1, 64),
  ep: int(1, 64),
  pp: int(1, 8),
  dpAttention: fc.boolean(),
});

const hundredths = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((x) => x / 100);

/** The workload's optional shape: spreads, burstiness, shared prefix, sessions, prefix cache. */
const shapeArb = (inputTokens: number) => ({
  inputTokensSpread: hundredths(3),
  outputTokensSpread: hundredths(3),
  burstiness: fc.integer({ min: 1, max: 10_000 }).map((x) => x / 100),
  sharedPrefixTokens: int(0, inputTokens),
  cachedInputShare: hundredths(0.99),
  sessions: fc.record(
    {
      turns: int(1, 10_000),
      tokensAddedPerTurn: int(1, 2 ** 20),
      outputTokensPerTurn: int(1, 2 ** 20),
      thinkSeconds: hundredths(86_400),
    },
    { requiredKeys: ['turns', 'tokensAddedPerTurn', 'outputTokensPerTurn'] },
  ),
  prefixCache: fc.record(
    {
      hbm: fc.boolean(),
      hostDramGiB: hundredths(100_000),
      nvmeGiB: hundredths(1_000_000),
      nvmeGBps: fc.integer({ min: 1, max: 100_000 }).map((x) => x / 100),
    },
    { requiredKeys: [] },
  ),
});

/** Every field of the Scenario, including the optional ones. */
const scenarioArb: fc.Arbitrary<ScenarioInput> = fc.record(
  {
    model: fc.constantFrom(...known.models),
    hardware: fc.constantFrom(...known.hardware),
    gpus: int(1, 100_000),
    precision: fc.record(
      {
        weights: fc.constantFrom(...WEIGHT_PRECISIONS),
        kvCache: fc.constantFrom(...KV_PRECISIONS),
        indexerCache: fc.constantFrom(...INDEXER_PRECISIONS),
      },
      { requiredKeys: ['weights', 'kvCache'] },
    ),
    framework: fc.constantFrom(...FRAMEWORKS),
    parallelism: fc.record({
      tp: int(1, 64),
      ep: int(1, 512),
      pp: int(1, 16),
      dpAttention: fc.boolean(),
    }),
    disaggregation: fc.record({ prefill: pool, decode: pool }),
    workload: fc
      .record({
        inputTokens: int(1, 2 ** 24),
        outputTokens: int(1, 2 ** 24),
        concurrency: fc.oneof(int(1, 10_000_000), fc.constant('max' as const)),
      })
      .chain((w) =>
        fc.oneof(
          fc.constant(w),
          fc.constantFrom('closed-loop' as const, 'offline' as const).map((protocol) => ({
            ...w,
            protocol,
          })),
          fc.integer({ min: 1, max: 1_000_000 }).map((r) => ({
            ...w,
            protocol: 'poisson' as const,
            requestsPerSec: r / 100,
          })),
        ),
      )
      .chain((w) =>
        fc
          .record(shapeArb(w.inputTokens), { requiredKeys: [] })
          .map((shape) => ({ ...w, ...shape })),
      ),
    speculative: fc.record({
      draftTokens: int(0, 16),
      acceptanceLength: fc.integer({ min: 100, max: 1700 }).map((x) => x / 100),
    }),
    pricing: fc
      .record(
        {
          usdPerGpuHour: fc.integer({ min: 1, max: 100_000 }).map((x) => x / 100),
          tier: fc.constantFrom(...PRICE_TIERS),
        },
        { requiredKeys: [] },
      )
      .filter((p) => Object.keys(p).length > 0),
    memoryUtilization: fc.integer({ min: 1, max: 100 }).map((x) => x / 100),
    maxBatchPerRank: int(1, 100_000),
  },
  {
    requiredKeys: [
      'model',
      'hardware',
      'gpus',
      'precision',
      'framework',
      'parallelism',
      'workload',
    ],
  },
);

describe('URL codec', () => {
  it('round-trips every field of any valid scenario exactly, with no notices', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const params = encodeScenarioParams(s);
        const d = decodeScenarioParams(params, known);
        expect(d.ignored).toEqual([]);
        expect(Scenario.parse(d.scenario)).toEqual(Scenario.parse(s));
      }),
      { numRuns: 400 },
    );
  });

  it('carries the arrival protocol, and refuses Poisson arrivals without a rate or a rate without them', () => {
    const base = encodeScenarioParams(DEFAULT_SCENARIO).filter(([k]) => k !== 'pr');
    const poisson = decodeScenarioParams([...base, ['pr', 'poisson'], ['rps', '2.5']], known);
    expect(poisson.ignored).toEqual([]);
    expect(poisson.scenario.workload).toMatchObject({ protocol: 'poisson', requestsPerSec: 2.5 });
    const noRate = decodeScenarioParams([...base, ['pr', 'poisson']], known);
    expect(noRate.scenario.workload.protocol).toBe('closed-loop');
    expect(noRate.ignored.map((i) => i.key)).toEqual(['pr']);
    const stray = decodeScenarioParams([...base, ['pr', 'offline'], ['rps', '3']], known);
    expect(stray.scenario.workload.protocol).toBe('offline');
    expect(stray.ignored.map((i) => i.key)).toEqual(['rps']);
    expect(decodeScenarioParams([...base, ['pr', 'burst']], known).ignored[0]!.key).toBe('pr');
  });

  it('opens a link made before workloads had shape exactly as before', () => {
    const old = [
      ['v', '1'],
      ['m', 'deepseek-v4-pro'],
      ['hw', 'b200'],
      ['g', '8'],
      ['w', 'native'],
      ['kv', 'fp8'],
      ['fw', 'sglang'],
      ['tp', '1'],
      ['ep', '8'],
      ['pp', '1'],
      ['dp', '1'],
      ['in', '8192'],
      ['out', '1024'],
      ['c', '64'],
      ['pr', 'closed-loop'],
    ] as const;
    const d = decodeScenarioParams(old, known);
    expect(d.ignored).toEqual([]);
    expect(d.scenario.workload).toEqual({
      inputTokens: 8192,
      outputTokens: 1024,
      concurrency: 64,
      protocol: 'closed-loop',
    });
  });

  it('keeps a link whose session or shared prefix is incomplete, and says what it dropped', () => {
    const base = encodeScenarioParams(DEFAULT_SCENARIO);
    const half = decodeScenarioParams([...base, ['tu', '50']], known);
    expect(half.scenario.workload.sessions).toBeUndefined();
    expect(half.ignored.map((i) => i.key)).toEqual(['tu']);
    const long = decodeScenarioParams([...base, ['shp', '100000']], known);
    expect(long.scenario.workload.sharedPrefixTokens).toBeUndefined();
    expect(long.ignored.map((i) => i.key)).toEqual(['shp']);
    expect(long.scenario.model).toBe(DEFAULT_SCENARIO.model);
  });

  it('always writes the version first', () => {
    expect(encodeScenarioParams(DEFAULT_SCENARIO)[0]).toEqual(['v', String(URL_VERSION)]);
  });

  it('never throws on fuzzed parameters, always yields a valid scenario, and reports what it ignored', () => {
    const keys = [...URL_KEYS, '__proto__', 'constructor', 'x'];
    const value = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.integer().map(String),
      fc.double().map(String),
      fc.constantFrom('NaN', '-1', '1e309', 'max', '', '0x10', ' 8', '8 '),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...keys), value), { maxLength: 30 }),
        (params) => {
          const d = decodeScenarioParams(params, known);
          expect(Scenario.safeParse(d.scenario).success).toBe(true);
          const accepted = new Set(
            params.filter(([k]) => !d.ignored.some((i) => i.key === k)).map(([k]) => k),
          );
          for (const k of ['__proto__', 'constructor', 'x']) expect(accepted.has(k)).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reports each bad value with a reason and keeps the rest of the link', () => {
    const d = decodeScenarioParams(
      [
        ['v', '1'],
        ['m', 'deepseek-v4-flash'],
        ['g', '-3'],
        ['tp', 'abc'],
        ['kv', 'fp4'],
        ['c', 'lots'],
        ['hw', 'tpu-v9'],
        ['zz', '1'],
      ],
      known,
    );
    expect(d.scenario.model).toBe('deepseek-v4-flash');
    expect(d.scenario.gpus).toBe(DEFAULT_SCENARIO.gpus);
    expect(d.ignored.map((i) => i.key).sort()).toEqual(['c', 'g', 'hw', 'kv', 'tp', 'zz']);
    expect(d.ignored.find((i) => i.key === 'hw')?.reason).toBe('unknown hardware');
  });

  it('says when a link comes from a newer version, and reads a link with no version as v1', () => {
    expect(
      decodeScenarioParams(
        [
          ['v', '7'],
          ['g', '16'],
        ],
        known,
      ).newerVersion,
    ).toBe(true);
    const noV = decodeScenarioParams([['g', '16']], known);
    expect(noV.scenario.gpus).toBe(16);
    expect(noV.ignored[0]?.key).toBe('v');
  });

  it('carries a custom model inside the link, compressed, so it works on a machine that never saw it', () => {
    const base = catalog.models.get('deepseek-v4-flash')!;
    const custom = { ...base, id: 'my-flash-variant', name: 'My Flash variant', numLayers: 43 };
    const s = { ...DEFAULT_SCENARIO, model: custom.id };
    const params = encodeScenarioParams(s, custom);
    const d = decodeScenarioParams(params, known);
    expect(d.customModel?.id).toBe('my-flash-variant');
    expect(d.scenario.model).toBe('my-flash-variant');
    expect(params.find(([k]) => k === 'cm')![1].length).toBeLessThan(4000);
  });

  it('refuses a corrupted or oversized custom model payload without failing the link', () => {
    for (const cm of ['garbage!!', 'N4Ig', 'x'.repeat(20_000)]) {
      const d = decodeScenarioParams(
        [
          ['v', '1'],
          ['cm', cm],
          ['g', '16'],
        ],
        known,
      );
      expect(d.customModel).toBeNull();
      expect(d.scenario.gpus).toBe(16);
      expect(d.ignored.some((i) => i.key === 'cm')).toBe(true);
    }
  });
});
