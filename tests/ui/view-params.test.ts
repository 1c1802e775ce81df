import { describe, expect, it } from 'vitest';
import {
  flagParam,
  idParam,
  intParam,
  oneOfParam,
  readViewParams,
} from '../../src/navigation/view-params';
import { loadCatalogFromDisk } from '../../src/catalog/node';
import { contextParams } from '../../src/features/context/context-model';

const specs = {
  g: intParam(1, 1024, 8),
  kv: oneOfParam(['bf16', 'fp8'] as const, 'fp8'),
  dis: flagParam(true),
  hw: idParam(new Set(['b200']), 'b200', 'hardware'),
};

describe('URL state declared once per view', () => {
  it('reads good values, falls back on bad ones and says why for each', () => {
    const r = readViewParams(specs, new URLSearchParams('v=1&g=16&kv=fp4&dis=yes&hw=tpu&zz=1'));
    expect(r.values).toEqual({ g: 16, kv: 'fp8', dis: true, hw: 'b200' });
    expect(r.ignored).toEqual([
      { key: 'kv', value: 'fp4', reason: 'not one of bf16, fp8' },
      { key: 'dis', value: 'yes', reason: 'not 1 or 0' },
      { key: 'hw', value: 'tpu', reason: 'no hardware with this id' },
      { key: 'zz', value: '1', reason: 'not a setting of this view' },
    ]);
  });

  it('uses the defaults for an empty URL and reports nothing', () => {
    expect(readViewParams(specs, new URLSearchParams(''))).toEqual({
      values: { g: 8, kv: 'fp8', dis: true, hw: 'b200' },
      ignored: [],
    });
  });

  it('the context view reports a link with no known model and a non-integer GPU count', () => {
    const catalog = loadCatalogFromDisk();
    const r = readViewParams(contextParams(catalog), new URLSearchParams('models=x,y&g=2.5'));
    expect(r.ignored.map((i) => i.key)).toEqual(['models', 'g']);
    expect(r.values.models.length).toBeGreaterThan(0);
    expect(r.values.g).toBe(8);
  });
});
