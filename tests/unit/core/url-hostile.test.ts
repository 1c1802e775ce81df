/**
 * Hostile links (issue: hardening). The app decodes `new URLSearchParams(location.search)`; these
 * tests feed the decoder the same, from random and malformed query strings and payloads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { compressToEncodedURIComponent } from 'lz-string';
import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk } from '../../../src/catalog/node';
import { Scenario } from '../../../src/core/scenario/schema';
import { decodeScenarioParams } from '../../../src/core/scenario/url-codec';
import { URL_KEYS } from '../../../src/core/scenario/url-keys';

const catalog = loadCatalogFromDisk();
const known = {
  models: new Set(catalog.models.keys()),
  hardware: new Set(catalog.hardware.keys()),
};
const decodeQuery = (q: string) => decodeScenarioParams([...new URLSearchParams(q)], known);
const fixture = (name: string) =>
  readFileSync(join(process.cwd(), 'tests/fixtures/links', name), 'utf8').trim();
export let FUZZ_CASES = 0;

const KEYS: readonly string[] = URL_KEYS;
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  'toString',
  'hasOwnProperty',
];
const hostileValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.bigInt().map(String),
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '-1',
    '0',
    '1e308',
    '1e-308',
    '9'.repeat(400),
    '0x1F',
    '1_000',
    ' 8',
    '8 ',
    '٨',
    '８',
    'max',
    'MAX',
    'true',
    'null',
    'undefined',
    '[]',
    '{}',
    '<script>alert(1)</script>',
    '"; DROP TABLE',
    '%00',
    '\u0000',
    '\u202e',
  ),
  fc.base64String().map((s) => s.slice(0, Math.max(0, s.length - 3))), // truncated base64
);

describe('hostile links (fast-check)', () => {
  it('never throws on 10,000 random query strings, always yields a valid scenario, and reports ignored values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...KEYS, ...HOSTILE_KEYS, 'x', 'zz'), hostileValue), {
          maxLength: 40,
        }),
        (pairs) => {
          FUZZ_CASES += 1;
          const q = new URLSearchParams(pairs).toString();
          const d = decodeQuery(q);
          expect(Scenario.safeParse(d.scenario).success).toBe(true);
          for (const [k] of pairs)
            if (!KEYS.includes(k)) expect(d.ignored.some((i) => i.key === k)).toBe(true);
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('never throws on 2,000 raw strings used as the whole query', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (raw) => {
        FUZZ_CASES += 1;
        expect(Scenario.safeParse(decodeQuery(raw).scenario).success).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses hostile compressed payloads (cm, ch) and keeps the rest of the link', () => {
    const flash = catalog.models.get('deepseek-v4-flash')!;
    const good = compressToEncodedURIComponent(JSON.stringify({ ...flash, id: 'x-flash' }));
    // compressToEncodedURIComponent('a'.repeat(3_000_000)), built once and committed (it takes
    // seconds to compress).
    const bomb = fixture('bomb-3mb-of-a.txt');
    const cases = [
      good.slice(0, good.length - 7), // truncated
      good.replace(/[A-Z]/g, 'a'), // corrupted
      bomb, // decompression bomb
      compressToEncodedURIComponent('{"__proto__": {"polluted": true}, "id": "p"}'),
      compressToEncodedURIComponent('[1,2,3]'),
      compressToEncodedURIComponent('"<img src=x onerror=alert(1)>"'),
      '%%%',
      '',
    ];
    expect(bomb.length).toBeLessThan(16_000);
    for (const cm of cases) {
      for (const key of ['cm', 'ch']) {
        FUZZ_CASES += 1;
        const d = decodeScenarioParams(
          [
            ['v', '1'],
            [key, cm],
            ['g', '16'],
          ],
          known,
        );
        expect(d.customModel).toBeNull();
        expect(d.customHardware).toBeNull();
        expect(d.scenario.gpus).toBe(16);
        expect(d.ignored.some((i) => i.key === key)).toBe(true);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    // The bomb expands to 3 MB once per key (cm, ch) before the size limit refuses it.
  }, 60_000);

  it('never pollutes Object.prototype through keys or values', () => {
    decodeQuery('__proto__[polluted]=1&constructor[prototype][polluted]=1&__proto__=x&m=__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('older and newer links', () => {
  it('opens v=0 links (pre-release long keys) through the migration, with nothing ignored', () => {
    const d = decodeQuery(fixture('v0-flash.txt'));
    expect(d.ignored).toEqual([]);
    expect(Scenario.parse(d.scenario)).toMatchObject({
      model: 'deepseek-v4-flash',
      gpus: 4,
      framework: 'vllm',
      parallelism: { tp: 1, ep: 4, pp: 1, dpAttention: true },
      workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 128 },
    });
    const l = decodeQuery(fixture('v0-llama.txt'));
    expect(l.scenario.workload.concurrency).toBe('max');
    expect(l.scenario.parallelism?.dpAttention).toBe(false);
  });
  it('says clearly when a link comes from a newer version', () => {
    expect(decodeQuery('v=2&g=16').newerVersion).toBe(true);
  });
});
