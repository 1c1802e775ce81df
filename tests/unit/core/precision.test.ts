import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk } from '../../../src/catalog/node';
import { peakFlopsPerSec } from '../../../src/core/perf/rates';
import {
  effectiveBitsPerValue,
  mathPrecisionOf,
  storedFormat,
  tensorBytes,
} from '../../../src/core/precision';

describe('stored tensor formats', () => {
  it('MXFP4 (V4 experts): 0.5 B per value + one UE8M0 byte per 32 (models.md §4: 0.53125 B/param)', () => {
    expect(tensorBytes('mxfp4', 2048, 4096) / (2048 * 4096)).toBe(0.53125);
  });
  it('NVFP4: 0.5 B per value + one FP8 scale per 16 + one FP32 tensor scale', () => {
    expect(tensorBytes('nvfp4', 2048, 4096)).toBe(2048 * 4096 * (0.5 + 1 / 16) + 4);
  });
  it('FP8 128x128 blocks count partial blocks (ceil): [1536, 7168] has 12 x 56 UE8M0 scales', () => {
    expect(tensorBytes('fp8-block128-ue8m0', 1536, 7168)).toBe(1536 * 7168 + 12 * 56);
    expect(tensorBytes('fp8-block128-f32', 200, 200)).toBe(40_000 + 4 * 4);
  });
  it('effective bits: FP4 + UE8M0/32 = 4.25, NVFP4 = 4.5', () => {
    expect(effectiveBitsPerValue('mxfp4')).toBe(4.25);
    expect(effectiveBitsPerValue('nvfp4')).toBe(4.5);
  });
  it('re-quantisation: native keeps, FP8 upcasts FP4 experts, NVFP4 keeps FP8 attention and lowers BF16 attention to FP8', () => {
    expect(storedFormat('mxfp4', 'fp4-eligible', 'native')).toBe('mxfp4');
    expect(storedFormat('mxfp4', 'fp4-eligible', 'fp8')).toBe('fp8-block128-ue8m0');
    expect(storedFormat('fp8-block128-f32', 'linear', 'nvfp4')).toBe('fp8-block128-f32');
    expect(storedFormat('bf16', 'linear', 'nvfp4')).toBe('fp8-block128-ue8m0');
    expect(storedFormat('bf16', 'fp4-eligible', 'nvfp4')).toBe('nvfp4');
    expect(storedFormat('bf16', 'keep', 'fp8')).toBe('bf16');
  });
});

describe('tensor-core rate of a weight format', () => {
  const catalog = loadCatalogFromDisk();
  const b200 = catalog.hardware.get('b200')!;
  const h200 = catalog.hardware.get('h200-sxm')!;

  it('runs NVFP4 (W4A4) at the FP4 rate and MXFP4 (W4A8) at the FP8 rate on Blackwell', () => {
    expect(peakFlopsPerSec(b200, mathPrecisionOf('nvfp4'))).toBe(b200.denseFlopsPerSec.fp4);
    expect(peakFlopsPerSec(b200, mathPrecisionOf('mxfp4'))).toBe(b200.denseFlopsPerSec.fp8);
  });

  it('dequantises either FP4 format to BF16 on Hopper, which has no FP4 tensor cores', () => {
    expect(h200.denseFlopsPerSec.fp4).toBeNull();
    expect(peakFlopsPerSec(h200, mathPrecisionOf('nvfp4'))).toBe(h200.denseFlopsPerSec.bf16);
    expect(peakFlopsPerSec(h200, mathPrecisionOf('mxfp4'))).toBe(h200.denseFlopsPerSec.bf16);
  });
});
