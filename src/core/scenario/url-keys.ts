/** The vocabulary of scenario links: every key a link may carry, and the keys of version 0. */

/** Every query key a scenario link may carry. */
export const URL_KEYS = [
  'v',
  'm',
  'hw',
  'g',
  'w',
  'kv',
  'ix',
  'fw',
  'tp',
  'ep',
  'pp',
  'dp',
  'pg',
  'ptp',
  'pep',
  'ppp',
  'pdp',
  'phw',
  'dg',
  'dtp',
  'dep',
  'dpp',
  'ddp',
  'in',
  'out',
  'c',
  'pr',
  'rps',
  'sd',
  'sa',
  'usd',
  'tier',
  'mu',
  'mb',
  'cm',
  'ch',
  // Workload shape (all optional): length spreads, burstiness, shared prefix, measured cache hits.
  'isp',
  'osp',
  'bst',
  'shp',
  'chs',
  // Agent sessions: turns, tokens added, output per turn, think seconds.
  'tu',
  'tat',
  'tot',
  'tth',
  // Prefix cache: GPU memory on/off, host DRAM and NVMe GiB per GPU, NVMe GB/s.
  'hbm',
  'dram',
  'nvme',
  'nvbw',
] as const;
export type Key = (typeof URL_KEYS)[number];

type Params = ReadonlyArray<readonly [string, string]>;

/**
 * Version 0: the pre-release links, with long keys (model=, gpus=, dpAttention=true, ...). They
 * open through this migration to the version 1 keys.
 */
const V0_KEYS: Readonly<Record<string, Key>> = {
  model: 'm',
  hardware: 'hw',
  gpus: 'g',
  weights: 'w',
  kvCache: 'kv',
  framework: 'fw',
  tp: 'tp',
  ep: 'ep',
  pp: 'pp',
  dpAttention: 'dp',
  inputTokens: 'in',
  outputTokens: 'out',
  concurrency: 'c',
};

export function migrateV0(params: Params): Array<[string, string]> {
  return params.map(([k, v]) =>
    k === 'v' ? ['v', '1'] : [Object.hasOwn(V0_KEYS, k) ? V0_KEYS[k]! : k, v],
  );
}
