import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk } from '../../../src/catalog/node';
import { importHfConfig } from '../../../src/core/model/hf-import';
import { kvBytesPerSequence } from '../../../src/core/model/kv';
import { ModelSpec } from '../../../src/core/model/schema';
import { paramCounts, weightBytes } from '../../../src/core/model/weights';

const catalog = loadCatalogFromDisk();
const fixture = (id: string) =>
  JSON.parse(readFileSync(join(process.cwd(), 'tests/fixtures/hf', `${id}.config.json`), 'utf8'));
const imported = (id: string) => {
  const r = importHfConfig(fixture(id), { id: `${id}-imported`, name: id });
  expect(r.errors).toEqual([]);
  expect(r.missing).toEqual([]);
  return { ...r, model: ModelSpec.parse(r.spec) };
};

describe('Hugging Face config.json import (fixtures from the field values in reference/models.md)', () => {
  it.each(['deepseek-v4-pro', 'deepseek-v4-flash'])(
    '%s reproduces the published checkpoint to the byte and the catalog KV',
    (id) => {
      const { model, unknown } = imported(id);
      const cat = catalog.models.get(id)!;
      expect(weightBytes(model, 'native').totalBytes).toBe(weightBytes(cat, 'native').totalBytes);
      expect(paramCounts(model)).toEqual(paramCounts(cat));
      const f = { kv: 'fp8' as const, indexer: 'fp4' as const };
      expect(kvBytesPerSequence(model, 2 ** 20, f)).toEqual(kvBytesPerSequence(cat, 2 ** 20, f));
      expect(unknown).toEqual([]);
    },
  );
  it.each([
    'deepseek-v3',
    'deepseek-v3.2',
    'kimi-k2',
    'qwen3-235b-a22b',
    'llama-3.1-405b',
    'gpt-oss-120b',
    'glm-4.6',
    'minimax-m2',
  ])('%s imports to the catalog entry’s sizes', (id) => {
    const { model } = imported(id);
    const cat = catalog.models.get(id)!;
    expect(weightBytes(model, 'native').totalBytes).toBe(weightBytes(cat, 'native').totalBytes);
    expect(paramCounts(model).activated).toBe(paramCounts(cat).activated);
    const f = { kv: 'bf16' as const, indexer: 'bf16' as const };
    expect(kvBytesPerSequence(model, 100_000, f).totalBytes).toBe(
      kvBytesPerSequence(cat, 100_000, f).totalBytes,
    );
  });
  it('reports fields it does not know, and asks for required ones it lacks instead of guessing', () => {
    const cfg = fixture('qwen3-235b-a22b');
    delete cfg.num_experts;
    delete cfg.max_position_embeddings;
    cfg.some_new_field = 42;
    const r = importHfConfig(cfg, { id: 'q', name: 'q' });
    expect(r.spec).toBeNull();
    expect(r.missing.map((m) => m.field).sort()).toEqual([
      'max_position_embeddings',
      'num_experts',
    ]);
    expect(r.unknown).toContain('some_new_field');
    const filled = importHfConfig(
      cfg,
      { id: 'q', name: 'q' },
      { num_experts: 128, max_position_embeddings: 40960 },
    );
    expect(filled.missing).toEqual([]);
    expect(filled.spec?.maxContextTokens).toBe(40960);
  });
  it('writes down what it assumes (head_dim derived for Llama)', () => {
    expect(imported('llama-3.1-405b').assumptions.join(' ')).toMatch(/head_dim not given/);
  });
  it('refuses an unsupported or malformed file with a reason', () => {
    expect(importHfConfig({ model_type: 'mamba' }, { id: 'x', name: 'x' }).errors[0]).toMatch(
      /unsupported model_type/,
    );
    expect(importHfConfig([1, 2], { id: 'x', name: 'x' }).errors[0]).toMatch(/JSON object/);
  });
});

describe('hostile config files', () => {
  it('never throws on fuzzed configs and never returns a spec it did not validate', async () => {
    const fc = (await import('fast-check')).default;
    const base = fixture('qwen3-235b-a22b');
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.constant(null),
      fc.constant('<script>alert(1)</script>'),
      fc.array(fc.integer()),
      fc.constant(-1),
      fc.constant(1e308),
    );
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(...Object.keys(base), '__proto__', 'constructor', 'x'),
          value,
        ),
        (patch) => {
          const r = importHfConfig({ ...base, ...patch }, { id: 'fuzz', name: 'fuzz' });
          if (r.spec) expect(ModelSpec.safeParse(r.spec).success).toBe(true);
          else expect(r.errors.length + r.missing.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 1000 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('reports script in a string field as text in its error, not as markup', () => {
    const r = importHfConfig({ model_type: '<script>alert(1)</script>' }, { id: 'x', name: 'x' });
    expect(r.errors[0]).toContain('<script>alert(1)</script>');
    expect(r.spec).toBeNull();
  });
});
