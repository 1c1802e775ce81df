import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk } from '../../src/catalog/node';
import { Demand } from '../../src/core/capacity/demand';
import { searchCapacity } from '../../src/core/capacity/search';
import { readViewParams } from '../../src/navigation/view-params';
import { capacityParams, demandOf } from '../../src/features/capacity/capacity-model';

const catalog = loadCatalogFromDisk();
const values = (q: string) =>
  readViewParams(capacityParams(catalog), new URLSearchParams(q)).values;

describe('the capacity page model', () => {
  it('a share of input from a prefix cache becomes the demand’s measured hit share', () => {
    const d = demandOf(values('m=deepseek-v4-flash&hw=b200&in=8192&out=512&hit=56'));
    expect(d.workload).toMatchObject({ cachedInputShare: 0.56, prefixCache: { hbm: true } });
    expect(demandOf(values('hw=b200')).workload).toEqual({ inputTokens: 8192, outputTokens: 1024 });
  });

  it('cache hits never need more GPUs for the same traffic', () => {
    const gpus = (hit: number) =>
      searchCapacity(
        Demand.parse(
          demandOf(values(`m=deepseek-v4-flash&hw=b200&in=8192&out=512&hit=${hit}&rps=20`)),
        ),
        catalog,
      ).recommendations[0]!.gpus;
    expect(gpus(80)).toBeLessThanOrEqual(gpus(0));
  });
});
