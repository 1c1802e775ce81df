import { describe, expect, it } from 'vitest';
import { loadKernelsFromDisk } from '../../../src/catalog/node';
import { latencyUsOf } from '../../../src/core/kernels/schema';
import { DEQUANT_READ_SHARE } from '../../../src/core/perf/dequant';
import { rooflinePlanOf } from './fixtures';

/** Bandwidth of each 4-bit weight-only MoE kernel over the FP8 kernel of the same shape and
 * tokens, on the Hopper tables: (½ the bytes) / (its time over FP8's). */
function measuredShares(): number[] {
  const out: number[] = [];
  for (const system of ['h100-sxm', 'h200-sxm']) {
    const tables = loadKernelsFromDisk(system)!;
    for (const fw of Object.values(tables.frameworks)) {
      const moe = fw?.moe ?? {};
      for (const [key, w4] of Object.entries(moe)) {
        if (!key.startsWith('int4_wo|') && !key.startsWith('w4a16_mxfp4|')) continue;
        const fp8 = moe[`fp8_block${key.slice(key.indexOf('|'))}`];
        if (!fp8) continue;
        for (const t of [1, 2, 4, 8, 16, 32, 64]) {
          const i = w4.x.indexOf(t);
          const j = fp8.x.indexOf(t);
          if (i < 0 || j < 0) continue;
          out.push(0.5 / (latencyUsOf(w4.q[i]!) / latencyUsOf(fp8.q[j]!)));
        }
      }
    }
  }
  return out.sort((a, b) => a - b);
}

describe('dequantised 4-bit weights', () => {
  const shares = measuredShares();
  const median = shares[Math.floor(shares.length / 2)]!;

  it('stream at the share of FP8 bandwidth the measured Hopper W4A16 kernels reach', () => {
    expect(shares.length).toBeGreaterThan(100);
    expect(Math.abs(median - DEQUANT_READ_SHARE)).toBeLessThan(0.03);
    // Below 1: half the bytes never stream twice as fast once they must be unpacked.
    expect(median).toBeLessThan(1);
  });

  const expertMs = (hardware: string, weights: 'native' | 'fp8') => {
    const p = rooflinePlanOf({
      model: 'gpt-oss-120b',
      hardware,
      gpus: 1,
      framework: 'vllm',
      precision: { weights, kvCache: 'fp8' },
      parallelism: { tp: 1, ep: 1, pp: 1, dpAttention: false },
      workload: { inputTokens: 1024, outputTokens: 1024, concurrency: 1 },
    });
    const line = p.serving.decodePricing.find((l) => l.what === 'routed experts')!;
    return line.ms;
  };

  it('make MXFP4 experts on a GPU without FP4 tensor cores cost more than their bytes', () => {
    // gpt-oss's MXFP4 experts (0.53 B/param) against the same experts in FP8 (1 B/param), at
    // one token per step (bandwidth-bound): with FP4 tensor cores (MI355X) the time follows the
    // bytes; without (MI300X) the unpacking slows the stream to the measured share.
    const fp4Cores = expertMs('mi355x', 'native') / expertMs('mi355x', 'fp8');
    const dequantised = expertMs('mi300x', 'native') / expertMs('mi300x', 'fp8');
    expect(fp4Cores).toBeLessThan(0.6);
    expect(Math.abs(dequantised / fp4Cores - 1 / median)).toBeLessThan(0.1);
  });
});
