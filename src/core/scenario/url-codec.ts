import type { ModelSpecInput } from '../model/schema';
import type { HardwareSpec } from '../hardware/schema';
import { PRICE_TIERS } from '../hardware/schema';
import type { ModelSpec } from '../model/schema';
import { decodeCustomHardware, decodeCustomModel, encodeCustomPayload } from './custom-payload';
import type { HardwareSpecInput } from '../hardware/schema';
import { INDEXER_PRECISIONS, KV_PRECISIONS, WEIGHT_PRECISIONS } from '../precision';
import type { ScenarioInput } from './schema';
import type { CustomIds } from '../catalog';
import { claimLinkCustoms } from './shared';
import { DEFAULT_SCENARIO, FRAMEWORKS, LIMITS, PROTOCOLS, Scenario } from './schema';
import type { Key } from './url-keys';
import { URL_KEYS, migrateV0 } from './url-keys';
import { decodeWorkloadShape, workloadShapeParams } from './url-workload';
import { enNumber } from '../en-number';

/**
 * The Scenario as URL query parameters: short readable keys, a version key (v=1), every field
 * written explicitly (so a link keeps its meaning when defaults change). Decoding repairs instead
 * of throwing: each bad or unknown value is reported and replaced by the default. Optional parts
 * (speculative decoding, pricing, indexer format, memory fraction) come only from the link.
 */
export const URL_VERSION = 1;

export interface IgnoredParam {
  key: string;
  value: string;
  reason: string;
}

export interface DecodedScenario {
  scenario: ScenarioInput;
  /** A custom model carried by the link (key `cm`), validated. */
  customModel: ModelSpec | null;
  /** Custom hardware carried by the link (key `ch`), validated. */
  customHardware: HardwareSpec | null;
  ignored: IgnoredParam[];
  /** Link made by a newer version of the app (v > 1): read as far as possible. */
  newerVersion: boolean;
}

type Params = ReadonlyArray<readonly [string, string]>;

const KEY_SET: ReadonlySet<string> = new Set(URL_KEYS);

export interface Known {
  models?: ReadonlySet<string>;
  hardware?: ReadonlySet<string>;
  /** The shipped ids among them, which a link's custom entry may not take (default: all of
   * `models` and `hardware`). */
  shipped?: CustomIds;
}

function parseIntIn(value: string, min: number, max: number): number | string {
  if (!/^\d{1,9}$/.test(value)) return 'not a whole number';
  const n = Number(value);
  return n < min || n > max ? `outside ${min}–${enNumber(max)}` : n;
}

function parseNumberIn(
  value: string,
  min: number,
  max: number,
  exclusiveMin = false,
): number | string {
  if (!/^\d{1,9}(\.\d{1,9})?$/.test(value)) return 'not a number';
  const n = Number(value);
  if (exclusiveMin ? n <= min : n < min)
    return `must be ${exclusiveMin ? 'above' : 'at least'} ${min}`;
  return n > max ? `must be at most ${max}` : n;
}

function parseBool(value: string): boolean | string {
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  return 'not 0 or 1';
}

function parseEnum<T extends string>(value: string, options: readonly T[]): T | string {
  return (options as readonly string[]).includes(value)
    ? (value as T)
    : `not one of ${options.join(', ')}`;
}

export function decodeScenarioParams(
  params: Params,
  known: Known = {},
  defaults: ScenarioInput = DEFAULT_SCENARIO,
): DecodedScenario {
  const ignored: IgnoredParam[] = [];
  const seen = new Map<Key, string>();
  const version = params.find(([k]) => k === 'v')?.[1];
  for (const [key, value] of version === '0' ? migrateV0(params) : params) {
    if (!KEY_SET.has(key)) {
      ignored.push({ key, value, reason: 'unknown parameter' });
      continue;
    }
    if (seen.has(key as Key)) {
      ignored.push({ key, value, reason: 'repeated parameter (the first one is used)' });
      continue;
    }
    seen.set(key as Key, value);
  }
  /** Parsers return the value, or a string saying why the raw value was refused. */
  const take = <T extends number | boolean | object>(
    key: Key,
    parse: (v: string) => T | string,
  ): T | undefined => {
    const value = seen.get(key);
    if (value === undefined) return undefined;
    const r = parse(value);
    if (typeof r === 'string') {
      ignored.push({ key, value, reason: r });
      return undefined;
    }
    return r;
  };
  // Enums return their value as a string too: tell values from reasons by membership.
  const takeEnum = <T extends string>(key: Key, options: readonly T[]): T | undefined => {
    const value = seen.get(key);
    if (value === undefined) return undefined;
    const r = parseEnum(value, options);
    if ((options as readonly string[]).includes(r)) return r as T;
    ignored.push({ key, value, reason: r });
    return undefined;
  };
  const takeId = (
    key: Key,
    ids: ReadonlySet<string> | undefined,
    what: string,
  ): string | undefined => {
    const value = seen.get(key);
    if (value === undefined) return undefined;
    if (!/^[a-z0-9][a-z0-9._-]{0,79}$/i.test(value)) {
      ignored.push({ key, value, reason: `not a ${what} id` });
      return undefined;
    }
    if (ids && !ids.has(value)) {
      ignored.push({ key, value, reason: `unknown ${what}` });
      return undefined;
    }
    return value;
  };

  let newerVersion = false;
  const vRaw = seen.get('v');
  if (vRaw === undefined)
    ignored.push({ key: 'v', value: '', reason: 'missing: read as version 1' });
  else {
    const v = parseIntIn(vRaw, 0, 1_000_000);
    if (typeof v === 'string')
      ignored.push({ key: 'v', value: vRaw, reason: `${v}: read as version 1` });
    else if (v > URL_VERSION) newerVersion = true;
  }

  let customModel: ModelSpec | null = null;
  const cm = take('cm', decodeCustomModel);
  if (cm) customModel = cm;
  const models =
    customModel && known.models ? new Set([...known.models, customModel.id]) : known.models;
  const customHardware = take('ch', decodeCustomHardware) ?? null;
  const hardwareIds =
    customHardware && known.hardware
      ? new Set([...known.hardware, customHardware.id])
      : known.hardware;

  const int = (key: Key, min: number, max: number) => take(key, (v) => parseIntIn(v, min, max));
  const bool = (key: Key) => take(key, parseBool);
  const d = defaults;
  const dPar = { tp: 1, ep: 1, pp: 1, dpAttention: false, ...d.parallelism };
  const dWl = d.workload;
  const concurrencyValue = seen.get('c');
  let concurrency: ScenarioInput['workload']['concurrency'] = dWl.concurrency;
  if (concurrencyValue !== undefined) {
    if (concurrencyValue === 'max') concurrency = 'max';
    else {
      const c = parseIntIn(concurrencyValue, 1, LIMITS.concurrency);
      if (typeof c === 'string')
        ignored.push({ key: 'c', value: concurrencyValue, reason: `${c} (nor "max")` });
      else concurrency = c;
    }
  }

  const scenario: ScenarioInput = {
    model: takeId('m', models, 'model') ?? d.model,
    hardware: takeId('hw', hardwareIds, 'hardware') ?? d.hardware,
    gpus: int('g', 1, LIMITS.gpus) ?? d.gpus,
    precision: {
      weights: takeEnum('w', WEIGHT_PRECISIONS) ?? d.precision?.weights ?? 'native',
      kvCache: takeEnum('kv', KV_PRECISIONS) ?? d.precision?.kvCache ?? 'fp8',
      ...((): { indexerCache?: (typeof INDEXER_PRECISIONS)[number] } => {
        const ix = takeEnum('ix', INDEXER_PRECISIONS);
        return ix ? { indexerCache: ix } : {};
      })(),
    },
    framework: takeEnum('fw', FRAMEWORKS) ?? d.framework ?? 'sglang',
    parallelism: {
      tp: int('tp', 1, LIMITS.parallel) ?? dPar.tp,
      ep: int('ep', 1, LIMITS.parallel) ?? dPar.ep,
      pp: int('pp', 1, LIMITS.parallel) ?? dPar.pp,
      dpAttention: bool('dp') ?? dPar.dpAttention,
    },
    workload: {
      inputTokens: int('in', 1, LIMITS.tokens) ?? dWl.inputTokens,
      outputTokens: int('out', 1, LIMITS.tokens) ?? dWl.outputTokens,
      concurrency,
      ...((): Pick<ScenarioInput['workload'], 'protocol' | 'requestsPerSec'> => {
        const protocol = takeEnum('pr', PROTOCOLS) ?? dWl.protocol;
        const rps = take('rps', (v) => parseNumberIn(v, 0, LIMITS.requestsPerSec, true));
        if (protocol === 'poisson' && rps === undefined) {
          ignored.push({
            key: 'pr',
            value: 'poisson',
            reason: 'Poisson arrivals need a rate (rps): read as closed-loop',
          });
          return { protocol: 'closed-loop' };
        }
        if (rps !== undefined && protocol !== 'poisson')
          ignored.push({
            key: 'rps',
            value: seen.get('rps') ?? '',
            reason: 'a request rate applies only to Poisson arrivals (pr=poisson)',
          });
        return {
          ...(protocol ? { protocol } : {}),
          ...(rps !== undefined && protocol === 'poisson' ? { requestsPerSec: rps } : {}),
        };
      })(),
    },
  };
  const pool = (prefix: 'p' | 'd') => {
    const gpus = int(`${prefix}g` as Key, 1, LIMITS.gpus);
    const p = {
      tp: int(`${prefix}tp` as Key, 1, LIMITS.parallel) ?? 1,
      ep: int(`${prefix}ep` as Key, 1, LIMITS.parallel) ?? 1,
      pp: int(`${prefix}pp` as Key, 1, LIMITS.parallel) ?? 1,
      dpAttention: bool(`${prefix}dp` as Key) ?? false,
    };
    return gpus === undefined ? null : { gpus, ...p };
  };
  const pooled = pool('p');
  const prefillHardware = takeId('phw', hardwareIds, 'hardware');
  const prefill =
    pooled && prefillHardware !== undefined ? { ...pooled, hardware: prefillHardware } : pooled;
  if (!pooled && prefillHardware !== undefined)
    ignored.push({
      key: 'phw',
      value: prefillHardware,
      reason: 'a prefill accelerator needs a prefill pool (pg)',
    });
  const decode = pool('d');
  if (prefill && decode) scenario.disaggregation = { prefill, decode };
  else if (prefill || decode)
    ignored.push({
      key: prefill ? 'pg' : 'dg',
      value: seen.get(prefill ? 'pg' : 'dg') ?? '',
      reason: 'disaggregation needs both pools (pg and dg)',
    });
  const sd = int('sd', 0, LIMITS.draftTokens);
  const sa = take('sa', (v) => parseNumberIn(v, 1, LIMITS.draftTokens + 1));
  if (sd !== undefined && sa !== undefined)
    scenario.speculative = { draftTokens: sd, acceptanceLength: sa };
  else if (sd !== undefined || sa !== undefined)
    ignored.push({
      key: sd !== undefined ? 'sd' : 'sa',
      value: seen.get(sd !== undefined ? 'sd' : 'sa') ?? '',
      reason: 'speculative decoding needs both sd and sa',
    });
  const usd = take('usd', (v) => parseNumberIn(v, 0, 10_000, true));
  const tier = takeEnum('tier', PRICE_TIERS);
  if (usd !== undefined || tier !== undefined)
    scenario.pricing = {
      ...(usd !== undefined ? { usdPerGpuHour: usd } : {}),
      ...(tier ? { tier } : {}),
    };
  decodeWorkloadShape(
    scenario.workload,
    {
      num: (key, min, max, exclusive = false) =>
        take(key, (v) => parseNumberIn(v, min, max, exclusive)),
      int,
      bool,
    },
    seen,
    ignored,
  );
  const mu = take('mu', (v) => parseNumberIn(v, 0, 1, true));
  if (mu !== undefined) scenario.memoryUtilization = mu;
  const mb = take('mb', (v) => parseIntIn(v, 1, LIMITS.concurrency));
  if (mb !== undefined) scenario.maxBatchPerRank = mb;

  const check = Scenario.safeParse(scenario);
  if (!check.success) {
    ignored.push({ key: '*', value: '', reason: 'the combination was invalid: defaults used' });
    return { scenario: defaults, customModel, customHardware, ignored, newerVersion };
  }
  // A custom entry in a link never takes a shipped id: it is renamed, and the link says so.
  return claimLinkCustoms(
    { scenario, customModel, customHardware, ignored, newerVersion },
    known.shipped ?? { models: known.models ?? new Set(), hardware: known.hardware ?? new Set() },
  );
}

/** The query parameters of a scenario (and the custom model it uses, if any), version first. */
export function encodeScenarioParams(
  s: ScenarioInput,
  customModel?: ModelSpecInput | null,
  customHardware?: HardwareSpecInput | null,
): Array<[string, string]> {
  const out: Array<[string, string]> = [['v', String(URL_VERSION)]];
  const put = (k: Key, v: string | number | boolean | undefined) => {
    if (v === undefined) return;
    out.push([k, typeof v === 'boolean' ? (v ? '1' : '0') : String(v)]);
  };
  put('m', s.model);
  put('hw', s.hardware);
  put('g', s.gpus);
  put('w', s.precision?.weights ?? 'native');
  put('kv', s.precision?.kvCache ?? 'fp8');
  put('ix', s.precision?.indexerCache);
  put('fw', s.framework ?? 'sglang');
  if (s.parallelism) {
    put('tp', s.parallelism.tp ?? 1);
    put('ep', s.parallelism.ep ?? 1);
    put('pp', s.parallelism.pp ?? 1);
    put('dp', s.parallelism.dpAttention ?? false);
  }
  if (s.disaggregation) {
    for (const [prefix, p] of [
      ['p', s.disaggregation.prefill],
      ['d', s.disaggregation.decode],
    ] as const) {
      put(`${prefix}g` as Key, p.gpus);
      put(`${prefix}tp` as Key, p.tp ?? 1);
      put(`${prefix}ep` as Key, p.ep ?? 1);
      put(`${prefix}pp` as Key, p.pp ?? 1);
      put(`${prefix}dp` as Key, p.dpAttention ?? false);
    }
    put('phw', s.disaggregation.prefill.hardware);
  }
  put('in', s.workload.inputTokens);
  put('out', s.workload.outputTokens);
  put('c', s.workload.concurrency);
  put('pr', s.workload.protocol ?? 'closed-loop');
  if (s.workload.protocol === 'poisson') put('rps', s.workload.requestsPerSec);
  if (s.speculative) {
    put('sd', s.speculative.draftTokens);
    put('sa', s.speculative.acceptanceLength);
  }
  put('usd', s.pricing?.usdPerGpuHour);
  put('tier', s.pricing?.tier);
  put('mu', s.memoryUtilization);
  put('mb', s.maxBatchPerRank);
  for (const [k, v] of workloadShapeParams(s.workload)) put(k, v);
  if (customModel && customModel.id === s.model) put('cm', encodeCustomPayload(customModel));
  if (customHardware && customHardware.id === s.hardware)
    put('ch', encodeCustomPayload(customHardware));
  return out;
}
