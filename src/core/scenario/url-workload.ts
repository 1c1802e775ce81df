import type { ScenarioInput } from './schema';
import { LIMITS } from './schema';
import type { IgnoredParam } from './url-codec';
import type { Key } from './url-keys';

/** The link's value readers: each reports a refused value and returns undefined for it. */
export interface Readers {
  num: (key: Key, min: number, max: number, exclusive?: boolean) => number | undefined;
  int: (key: Key, min: number, max: number) => number | undefined;
  bool: (key: Key) => boolean | undefined;
}

/** The workload's shape as link parameters (design §2 workload additions), in key order. */
export function workloadShapeParams(
  w: ScenarioInput['workload'],
): Array<[Key, number | boolean | undefined]> {
  return [
    ['isp', w.inputTokensSpread],
    ['osp', w.outputTokensSpread],
    ['bst', w.burstiness],
    ['shp', w.sharedPrefixTokens],
    ['chs', w.cachedInputShare],
    ...(w.sessions
      ? ([
          ['tu', w.sessions.turns],
          ['tat', w.sessions.tokensAddedPerTurn],
          ['tot', w.sessions.outputTokensPerTurn],
          ['tth', w.sessions.thinkSeconds],
        ] as Array<[Key, number | undefined]>)
      : []),
    ...(w.prefixCache
      ? ([
          ['hbm', w.prefixCache.hbm ?? true],
          ['dram', w.prefixCache.hostDramGiB],
          ['nvme', w.prefixCache.nvmeGiB],
          ['nvbw', w.prefixCache.nvmeGBps],
        ] as Array<[Key, number | boolean | undefined]>)
      : []),
  ];
}

/** The workload's optional shape: spreads, burstiness, shared prefix, sessions, prefix cache. */
export function decodeWorkloadShape(
  w: ScenarioInput['workload'],
  { num, int, bool }: Readers,
  seen: ReadonlyMap<Key, string>,
  ignored: IgnoredParam[],
): void {
  const isp = num('isp', 0, LIMITS.spread);
  if (isp !== undefined) w.inputTokensSpread = isp;
  const osp = num('osp', 0, LIMITS.spread);
  if (osp !== undefined) w.outputTokensSpread = osp;
  const bst = num('bst', 0.01, 100);
  if (bst !== undefined) w.burstiness = bst;
  const chs = num('chs', 0, 0.99);
  if (chs !== undefined) w.cachedInputShare = chs;
  const tu = int('tu', 1, LIMITS.turns);
  const tat = int('tat', 1, LIMITS.tokens);
  const tot = int('tot', 1, LIMITS.tokens);
  const tth = num('tth', 0, LIMITS.thinkSeconds);
  if (tu !== undefined && tat !== undefined && tot !== undefined)
    w.sessions = {
      turns: tu,
      tokensAddedPerTurn: tat,
      outputTokensPerTurn: tot,
      ...(tth !== undefined ? { thinkSeconds: tth } : {}),
    };
  else if (tu !== undefined || tat !== undefined || tot !== undefined || tth !== undefined) {
    const key = (['tu', 'tat', 'tot', 'tth'] as const).find((k) => seen.has(k))!;
    ignored.push({
      key,
      value: seen.get(key) ?? '',
      reason: 'a session needs its turns, tokens added and output per turn (tu, tat, tot)',
    });
  }
  const shp = int('shp', 0, LIMITS.tokens);
  if (shp !== undefined) {
    if (!w.sessions && shp > w.inputTokens)
      ignored.push({
        key: 'shp',
        value: String(shp),
        reason: 'the shared prefix is part of the prompt: at most the input tokens',
      });
    else w.sharedPrefixTokens = shp;
  }
  const hbm = bool('hbm');
  const dram = num('dram', 0, LIMITS.cacheGiB);
  const nvme = num('nvme', 0, LIMITS.cacheGiB);
  const nvbw = num('nvbw', 0, 1000, true);
  if (hbm !== undefined || dram !== undefined || nvme !== undefined || nvbw !== undefined)
    w.prefixCache = {
      hbm: hbm ?? true,
      ...(dram !== undefined ? { hostDramGiB: dram } : {}),
      ...(nvme !== undefined ? { nvmeGiB: nvme } : {}),
      ...(nvbw !== undefined ? { nvmeGBps: nvbw } : {}),
    };
}
