import { describe, expect, it } from 'vitest';
import { loadMeasurementsFromDisk } from '../../../src/catalog/node';
import { prepare } from '../../../src/core/prepare';
import { resolveLayout } from '../../../src/core/scenario/layout';
import type { ScenarioInput } from '../../../src/core/scenario/schema';
import type { ConsistencyInput } from '../../../src/core/validation/consistency';
import {
  attentionDpReplicas,
  CONFLICTING_COPIES,
  COPY_OF,
  MISRECORDED_COPY,
  deploymentKey,
  fasterThanMemory,
  headsNotDivided,
  impliedDecodingSequences,
  inconsistentRows,
  littleLawContradiction,
  memoryBoundsOf,
  notAsRecorded,
  repeatedMeasurements,
  tpTimesEpRecord,
  weightsOverflow,
} from '../../../src/core/validation/consistency';
import { documentedRunningLimit } from '../../../src/core/framework';
import { catalog, preparedOf } from './fixtures';

const scenario = (concurrency: number, gpus = 8): ScenarioInput => ({
  model: 'deepseek-r1',
  hardware: 'b200',
  precision: { weights: 'fp8', kvCache: 'fp8' },
  framework: 'trtllm',
  workload: { inputTokens: 1024, outputTokens: 1024, concurrency },
  gpus,
  parallelism: { tp: gpus, ep: gpus, pp: 1, dpAttention: false },
});

const row = (id: string, concurrency: number, tpotMs: number, gpus = 8): ConsistencyInput => ({
  id,
  scenario: scenario(concurrency, gpus),
  tpotMs,
});

describe('self-contradictory records', () => {
  it('keeps a family whose TPOT rises with concurrency, or falls within the noise', () => {
    const rows = [row('a', 4, 7), row('b', 8, 6.6), row('c', 32, 11), row('d', 128, 18)];
    expect(inconsistentRows(rows).size).toBe(0);
  });

  it('flags every row of a record that gets faster as the concurrency rises, and only it', () => {
    const rows = [
      row('a', 4, 7.02),
      row('b', 8, 3.52),
      row('c', 32, 11),
      row('other-1', 4, 7, 16),
      row('other-2', 8, 7.5, 16),
    ];
    const out = inconsistentRows(rows);
    expect([...out.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(out.get('c')).toContain('3.52 ms at concurrency 8 but 7.02 ms at 4');
  });

  it('does not compare rows measured at the same concurrency', () => {
    expect(inconsistentRows([row('a', 8, 7), row('b', 8, 3.5)]).size).toBe(0);
  });

  it('compares against the slowest row at any lower concurrency', () => {
    const out = inconsistentRows([row('a', 2, 9), row('b', 4, 6), row('c', 8, 7.5)]);
    // c (7.5 ms at 8) is 17% below a (9 ms at 2) even though it is slower than b.
    expect(out.size).toBe(3);
  });
});

describe('layouts that cannot hold the weights', () => {
  const pools = (s: ScenarioInput) => {
    const p = preparedOf(s);
    return [p.decode, p.prefill];
  };
  const v4 = (gpus: number): ScenarioInput => ({
    model: 'deepseek-v4-pro',
    hardware: 'b200',
    precision: { weights: 'native', kvCache: 'fp8' },
    framework: 'sglang',
    workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 1 },
    gpus,
    parallelism: { tp: gpus, ep: 1, pp: 1, dpAttention: false },
  });

  it('passes V4-Pro on 8×B200 and rejects it on 4×B200 (reference/models.md)', () => {
    expect(weightsOverflow(pools(v4(8)))).toBeNull();
    expect(weightsOverflow(pools(v4(4)))).toMatch(
      /cannot hold the weights: 2\d\d GiB per GPU on 180 GiB GPUs/,
    );
  });
});

describe('layouts whose TP does not divide the attention heads', () => {
  const layouts = (tp: number, prefillTp?: number) => {
    const s: ScenarioInput = {
      ...scenario(8, tp),
      parallelism: { tp, ep: 1, pp: 1, dpAttention: false },
    };
    const p = preparedOf(
      prefillTp
        ? {
            ...s,
            gpus: tp + prefillTp,
            parallelism: undefined,
            disaggregation: {
              prefill: { gpus: prefillTp, tp: prefillTp, ep: 1, dpAttention: false },
              decode: { gpus: tp, tp, ep: 1, dpAttention: false },
            },
          }
        : s,
    );
    return [p.decodeLayout, p.prefillLayout];
  };

  it('passes TP 8, 16 and 64 for the 128 heads of R1 and rejects TP 48 and 52, in either pool', () => {
    for (const tp of [8, 16, 64]) expect(headsNotDivided(128, layouts(tp))).toBeNull();
    expect(headsNotDivided(128, layouts(48))).toBe(
      'the recorded layout cannot run: TP 48 does not divide the 128 attention heads',
    );
    expect(headsNotDivided(128, layouts(8, 52))).toMatch(/TP 52 does not divide/);
  });
});

describe("Little's law on a row's own figures", () => {
  // 8 GPUs, 1K in / 1K out: output tok/s per GPU × 8 × TPOT = sequences decoding at once.
  const s = scenario(256);
  /** The same bound for both rules. */
  const both = (n: number) => ({ least: n, most: n });

  it('counts the sequences decoding from throughput and TPOT or per-user speed', () => {
    // 8 × 640 tok/s = 5,120 tok/s at 40 ms per token: 204.8 decoding.
    expect(impliedDecodingSequences(s, { outputTokPerSecPerGpu: 640, tpotMs: 40 })).toEqual({
      sequences: expect.closeTo(204.8) as number,
      from: 'throughput',
    });
    // Total (input + output) throughput is halved for 1K/1K; 25 tok/s/user is 40 ms per token.
    expect(
      impliedDecodingSequences(s, { totalTokPerSecPerGpu: 1280, tokPerSecPerUser: 25 })?.sequences,
    ).toBeCloseTo(204.8);
    expect(impliedDecodingSequences(s, { outputTokPerSecPerGpu: 640 })).toBeNull();
  });

  it('without a throughput, splits the users between waiting (TTFT) and decoding (OSL × TPOT)', () => {
    // 1,024 tokens × 40 ms = 40.96 s decoding against 122.88 s waiting: a quarter of 256 decode.
    expect(impliedDecodingSequences(s, { tpotMs: 40, ttftMs: 122_880 })).toEqual({
      sequences: 64,
      from: 'TTFT',
    });
    expect(littleLawContradiction(s, { tpotMs: 40, ttftMs: 200_000 }, both(4096))).toMatch(
      /by TTFT and TPOT, only 44 of the 256 requests in flight were decoding at once/,
    );
    expect(littleLawContradiction(s, { tpotMs: 40, ttftMs: 2_000 }, both(4096))).toBeNull();
  });

  it('passes figures a closed loop of the stated users can produce', () => {
    for (const tpotMs of [20, 40, 60])
      // 102 to 307 decoding of 256
      expect(
        littleLawContradiction(s, { outputTokPerSecPerGpu: 640, tpotMs }, both(4096)),
      ).toBeNull();
  });

  it('flags figures that need more sequences than are in flight', () => {
    // 8 × 640 × 0.1 s = 512 decoding, twice the 256 users.
    expect(
      littleLawContradiction(s, { outputTokPerSecPerGpu: 640, tpotMs: 100 }, both(4096)),
    ).toMatch(
      /by throughput × TPOT, 512 sequences were decoding at once, but the source states 256 in flight/,
    );
  });

  it('flags a batch far below the concurrency only when memory holds the concurrency', () => {
    // 8 × 640 × 0.01 s = 51 decoding of 256: a fifth.
    const few = { outputTokPerSecPerGpu: 640, tpotMs: 10 };
    expect(littleLawContradiction(s, few, both(4096))).toMatch(
      /only 51 of the 256 requests in flight/,
    );
    // When memory holds only 150 sequences, 51 decoding is a third of what can run: no flag.
    expect(littleLawContradiction(s, few, both(150))).toBeNull();
    // A disaggregated deployment may queue in its prefill pool: not flagged for a small share.
    const disagg: ScenarioInput = {
      ...s,
      parallelism: undefined,
      disaggregation: {
        prefill: { gpus: 4, tp: 4, ep: 4, pp: 1, dpAttention: false },
        decode: { gpus: 4, tp: 4, ep: 4, pp: 1, dpAttention: false },
      },
    };
    expect(littleLawContradiction(disagg, few, both(4096))).toBeNull();
  });

  it('flags figures that need more sequences decoding than the KV memory holds at their mean context', () => {
    // 8 × 640 × 0.05 s = 256 decoding. At 1K/1K a sequence mid-decode holds 1.5K of its 2K
    // context: memory that holds 100 full contexts holds 133 mean ones; 256 > 1.5 × 133.
    const figures = { outputTokPerSecPerGpu: 640, tpotMs: 50 };
    expect(littleLawContradiction(s, figures, both(100))).toMatch(
      /256 sequences were decoding at once .* KV memory holds at most 133/,
    );
    // Memory for 180 full contexts (240 mean ones) could hold them: not flagged.
    expect(littleLawContradiction(s, figures, both(180))).toBeNull();
  });

  it('proves each contradiction with the memory bound that makes it one', () => {
    // Too many decoding: only if even the most memory any flags allow cannot hold them.
    const many = { outputTokPerSecPerGpu: 640, tpotMs: 50 };
    expect(littleLawContradiction(s, many, { least: 100, most: 180 })).toBeNull();
    // Too few decoding: only if even the engine's default pools hold the concurrency.
    const few = { outputTokPerSecPerGpu: 640, tpotMs: 10 };
    expect(littleLawContradiction(s, few, { least: 150, most: 4096 })).toBeNull();
  });

  it('leaves offline "max" rows alone (no stated concurrency)', () => {
    const offline = { ...s, workload: { ...s.workload, concurrency: 'max' as const } };
    expect(
      littleLawContradiction(offline, { outputTokPerSecPerGpu: 640, tpotMs: 1 }, both(10)),
    ).toBeNull();
  });
});

describe('attention-DP replicas in an aggregated record', () => {
  const dep8 = { tp: 1, ep: 8, pp: 1, dpAttention: true };

  it('flags several attention-DP instances (the dump counts TP × EP as GPUs)', () => {
    expect(attentionDpReplicas(resolveLayout(dep8, 64), false)).toMatch(
      /8 instances of 8 GPUs on 64/,
    );
    expect(attentionDpReplicas(resolveLayout({ ...dep8, ep: 1 }, 4), false)).toMatch(
      /4 instances of 1 GPU on 4/,
    );
  });

  it('passes one instance, replicas without attention-DP, and disaggregated pools', () => {
    expect(attentionDpReplicas(resolveLayout(dep8, 8), false)).toBeNull();
    expect(
      attentionDpReplicas(resolveLayout({ ...dep8, tp: 4, dpAttention: false }, 8), false),
    ).toBeNull();
    expect(attentionDpReplicas(resolveLayout(dep8, 64), true)).toBeNull();
  });
});

describe('records whose layout multiplies TP by EP', () => {
  const tpGroup = (tp: number, ep: number) =>
    resolveLayout({ tp, ep, pp: 1, dpAttention: false }, tp);
  const id = 'x_trtllm_fp4_agg_1024x1024_c16_tp8_ep8_921';

  it('flags a tp8_ep8 server recorded as TP 64 on 64 GPUs, or as attention-DP ranks of TP 8', () => {
    expect(tpTimesEpRecord(id, tpGroup(64, 8), false)).toMatch(
      /tp8_ep8 is one 8-GPU server, recorded as TP 64 on 64 GPUs/,
    );
    expect(
      tpTimesEpRecord(id, resolveLayout({ tp: 8, ep: 64, pp: 1, dpAttention: true }, 64), false),
    ).toMatch(/recorded as 8 attention-DP ranks of TP 8 on 64 GPUs/);
  });

  it('passes the layout the id names, ids without TP and EP, EP 1, TP 1 and disaggregated pools', () => {
    expect(tpTimesEpRecord(id, tpGroup(8, 8), false)).toBeNull();
    expect(
      tpTimesEpRecord('dsr1_b200_trtllm_fp4_agg_1024x1024_c16_cfg88', tpGroup(64, 8), false),
    ).toBeNull();
    expect(tpTimesEpRecord('x_c16_tp8_ep1_3', tpGroup(8, 1), false)).toBeNull();
    // tp1_ep8 on 8 GPUs is attention-DP 8 with EP 8, as recorded.
    expect(
      tpTimesEpRecord(
        'x_c16_tp1_ep8_5',
        resolveLayout({ tp: 1, ep: 8, pp: 1, dpAttention: true }, 8),
        false,
      ),
    ).toBeNull();
    expect(tpTimesEpRecord(id, tpGroup(64, 8), true)).toBeNull();
  });

  it('is borne out by the measurements: a recorded 16- or 64-GPU TP group times what its id names', () => {
    // The rule reads the records only; this is the evidence for it: tp4_ep4 and tp8_ep8 measure
    // what the 4- and 8-GPU tp4_ep1 and tp8_ep1 servers do, not a TP group across nodes.
    const silicon = loadMeasurementsFromDisk().filter((r) => r.set === 'silicon');
    const tpot = (suffix: string) =>
      silicon.find((r) =>
        r.id.startsWith(`2026_04_06_gpt_oss_120b_h200_sxm_trtllm_fp4_agg_1024x1024_c4_${suffix}`),
      )!.metrics.tpotMs!;
    expect(tpot('tp4_ep4_') / tpot('tp4_ep1_')).toBeCloseTo(1, 1);
    expect(tpot('tp8_ep8_') / tpot('tp8_ep1_')).toBeCloseTo(1, 1);
  });
});

describe('one measurement listed by several dumps', () => {
  const keyOf = (s: ScenarioInput) => {
    return deploymentKey(preparedOf(s));
  };
  const measured = (id: string, s: ScenarioInput, ttftMs = 250.5, tpotMs = 12.25) => ({
    id,
    ttftMs,
    tpotMs,
    deployment: keyOf(s),
  });

  it('takes two catalog ids of one architecture as one deployment, and a layout change as another', () => {
    const r1 = scenario(64);
    expect(keyOf({ ...r1, model: 'deepseek-v3' })).toBe(keyOf(r1));
    expect(keyOf({ ...r1, parallelism: { tp: 1, ep: 8, pp: 1, dpAttention: true } })).not.toBe(
      keyOf(r1),
    );
  });

  it('keeps the first copy of a repeated measurement and sets the others aside', () => {
    const rows = [
      measured('a', scenario(64)),
      measured('b', { ...scenario(64), model: 'deepseek-v3' }),
      measured('c', scenario(64)),
      measured('other', scenario(64), 250.5, 12.26),
    ];
    const out = repeatedMeasurements(rows);
    expect([...out.keys()]).toEqual(['b', 'c']);
    expect(out.get('b')).toBe(`${COPY_OF} a (the same measurement, listed again by another dump)`);
  });

  it('sets aside every copy when the copies record different deployments', () => {
    const flattened: ScenarioInput = {
      ...scenario(64),
      parallelism: { tp: 1, ep: 8, pp: 1, dpAttention: true },
    };
    const out = repeatedMeasurements([
      measured('detailed', scenario(64)),
      measured('flat', flattened),
    ]);
    expect(out.get('detailed')).toMatch(
      new RegExp(`^${CONFLICTING_COPIES}: TTFT 250.5 ms and TPOT 12.25 ms .* 2 different`),
    );
    expect(out.get('flat')).toBe(out.get('detailed'));
  });

  it('sets aside a copy recording the deployment a misrecorded copy proves wrong, and keeps the right one', () => {
    const multiplied: ScenarioInput = {
      ...scenario(64),
      parallelism: { tp: 1, ep: 8, pp: 1, dpAttention: true },
    };
    const wrong = keyOf(multiplied);
    const out = repeatedMeasurements([
      { ...measured('named', multiplied), misrecorded: 'the id names a smaller server' },
      measured('unnamed', multiplied),
      measured('right', scenario(64)),
    ]);
    expect(wrong).not.toBe(keyOf(scenario(64)));
    expect(out.get('unnamed')).toBe(
      `${MISRECORDED_COPY}: named records the same TTFT and TPOT under the same deployment, ` +
        'and the id names a smaller server',
    );
    expect(out.has('named')).toBe(false);
    expect(out.has('right')).toBe(false);
  });

  it('ignores rows without both figures', () => {
    const s = scenario(64);
    expect(
      repeatedMeasurements([
        { ...measured('a', s), ttftMs: undefined },
        { ...measured('b', s), ttftMs: undefined },
      ]).size,
    ).toBe(0);
  });
});

describe('the shipped measurements', () => {
  const rows = loadMeasurementsFromDisk();
  const silicon = rows.filter((r) => r.set === 'silicon');
  const aside = silicon.filter((r) => r.setAside);

  it("sets aside headline rows only by Little's law, and agrees with the rule rerun", () => {
    for (const r of rows.filter((r) => r.set === 'headline')) {
      const p = prepare(r.scenario, catalog);
      expect(p.ok).toBe(true);
      if (!p.ok) continue;
      const limit = documentedRunningLimit(p.prepared.scenario.framework, p.prepared.model);
      const why = littleLawContradiction(
        r.scenario,
        r.metrics,
        memoryBoundsOf(p.prepared, catalog),
        limit === null ? Infinity : limit * p.prepared.decodeLayout.instances,
      );
      expect(r.setAside ?? null).toBe(why);
    }
    // It must not eat the headline results: a handful at most.
    expect(rows.filter((r) => r.set === 'headline' && r.setAside).length).toBeLessThanOrEqual(5);
  });

  it('sets aside silicon rows, each with its reason, and scores each measurement at most once', () => {
    expect(aside.length).toBeGreaterThan(0);
    const pair = (r: (typeof silicon)[number]) => `${r.metrics.ttftMs}|${r.metrics.tpotMs}`;
    const scored = silicon.filter((r) => !r.setAside);
    expect(new Set(scored.map(pair)).size).toBe(scored.length);
    // The rules must not eat the data: most distinct measurements stay fitted and scored.
    expect(scored.length / new Set(silicon.map(pair)).size).toBeGreaterThan(0.5);
  });

  it('agrees with the rules when rerun on the rows', () => {
    const contradictory = inconsistentRows(
      silicon.map((r) => ({ id: r.id, scenario: r.scenario, tpotMs: r.metrics.tpotMs })),
    );
    for (const r of silicon) {
      if (contradictory.has(r.id)) expect(r.setAside).toBeTruthy();
      if (!r.setAside) continue;
      const p = prepare(r.scenario, catalog);
      expect(p.ok).toBe(true);
      if (!p.ok) continue;
      expect(
        contradictory.has(r.id) ||
          notAsRecorded(r.id, p.prepared) !== null ||
          littleLawContradiction(r.scenario, r.metrics, memoryBoundsOf(p.prepared, catalog)) !==
            null ||
          fasterThanMemory(p.prepared, r.metrics) !== null ||
          ([COPY_OF, CONFLICTING_COPIES, MISRECORDED_COPY].some((why) =>
            r.setAside!.startsWith(why),
          ) &&
            silicon.some(
              (o) =>
                o.id !== r.id &&
                o.metrics.ttftMs === r.metrics.ttftMs &&
                o.metrics.tpotMs === r.metrics.tpotMs,
            )),
      ).toBe(true);
    }
  });
});
