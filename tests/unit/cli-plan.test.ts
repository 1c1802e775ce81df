import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO } from '../../src/core/scenario/schema';

const dir = mkdtempSync(join(tmpdir(), 'tf-cli-'));
function runCli(content: unknown) {
  const file = join(dir, `s${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/plan.ts', file], {
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const CONTRACT = [
  'memory.weightsBytesPerGpu',
  'memory.kvCacheBytesPerSequence',
  'memory.totalBytesPerGpu',
  'memory.fits',
  'memory.maxConcurrency',
  'latency.ttftMs',
  'latency.tpotMs',
  'throughput.tokPerSecPerUser',
  'throughput.outputTokPerSecPerGpu',
  'throughput.totalTokPerSecPerGpu',
  'cost.usdPerMillionOutputTokens',
  'energy.joulesPerOutputToken',
];
const get = (o: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], o);

// Every test starts Node processes through tsx: seconds each on a busy machine, not a measure.
describe('CLI contract (design §2)', { timeout: 60_000 }, () => {
  it('prints one JSON object with every contract field for a valid scenario', () => {
    const r = runCli(DEFAULT_SCENARIO);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const f of CONTRACT) expect(get(out, f), f).not.toBeUndefined();
    for (const f of CONTRACT.filter((f) => f !== 'memory.fits'))
      expect(Number.isFinite(get(out, f)), `${f} is a finite number`).toBe(true);
    expect(out.memory.fits).toBe(true);
    expect(out.memory.kvCacheBytesPerSequence).toBeGreaterThan(0);
    // Every latency, throughput and cost figure carries its 80% band [lo, hi] (design §2).
    for (const f of CONTRACT.filter((f) => /^(latency|throughput|cost|energy)\./.test(f))) {
      const range = get(out, `${f}Range`) as [number, number];
      expect(range, `${f}Range`).toHaveLength(2);
      expect(range[0], `${f}Range is ordered`).toBeLessThan(range[1]);
      expect(range[0]).toBeGreaterThan(0);
    }
  });
  it('reads the protocol: an open loop at a rate reports the requests it completes', () => {
    const r = runCli({
      ...DEFAULT_SCENARIO,
      workload: { ...DEFAULT_SCENARIO.workload, protocol: 'poisson', requestsPerSec: 0.5 },
    });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.scenario.workload.protocol).toBe('poisson');
    expect(out.throughput.requestsPerSec).toBeCloseTo(0.5, 2);
    const bad = runCli({
      ...DEFAULT_SCENARIO,
      workload: { ...DEFAULT_SCENARIO.workload, protocol: 'poisson' },
    });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/requestsPerSec/);
  });
  it('exits non-zero with a one-line reason for an invalid scenario', () => {
    const r = runCli({ ...DEFAULT_SCENARIO, gpus: 12 });
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/does not tile 12 GPUs/);
  });
  it('prints null figures with a reason for a deployment that cannot run (V4-Pro on 8×H100)', () => {
    const r = runCli({ ...DEFAULT_SCENARIO, hardware: 'h100-sxm' });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.memory.fits).toBe(false);
    expect(out.memory.reason).toMatch(/weights alone need [\d.]+ GiB per GPU/);
    for (const f of CONTRACT.filter((f) => /^(latency|throughput|cost|energy)\./.test(f)))
      expect(get(out, f), f).toBeNull();
    expect(out.memory.weightsBytesPerGpu).toBeGreaterThan(80 * 2 ** 30);
  });
  it('exits 1 with the reason for TensorRT-LLM on an AMD GPU', () => {
    const r = runCli({ ...DEFAULT_SCENARIO, hardware: 'mi355x', framework: 'trtllm' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/trtllm does not run on AMD Instinct MI355X/);
  });
  it('reads a file that starts with a UTF-8 byte-order mark (as Windows editors write it)', () => {
    const r = runCli('\ufeff' + JSON.stringify(DEFAULT_SCENARIO));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).memory.fits).toBe(true);
  });
  it('refuses a file that is not JSON in one line', () => {
    const r = runCli('{ nope');
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
  it('answers an array in order, with {"error"} for each invalid entry, and exits 0', () => {
    const r = runCli([
      DEFAULT_SCENARIO,
      { ...DEFAULT_SCENARIO, model: 'nope' },
      { ...DEFAULT_SCENARIO, gpus: 16, parallelism: { tp: 1, ep: 16, pp: 1, dpAttention: true } },
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(out).toHaveLength(3);
    expect(get(out[0], 'scenario.gpus')).toBe(8);
    expect(out[1]).toEqual({ error: 'model: unknown id "nope"' });
    expect(get(out[2], 'scenario.gpus')).toBe(16);
  });
});
