import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'tf-cli-simulate-'));
function runCli(args: string[], content?: unknown) {
  const extra: string[] = [];
  if (content !== undefined) {
    const file = join(dir, `s${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    extra.push(file);
  }
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/cli/simulate.ts', ...args, ...extra],
    {
      encoding: 'utf8',
    },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Each test starts a Node process through tsx: seconds on a busy machine, not a measure.
describe('npm run simulate (design §2)', { timeout: 120_000 }, () => {
  it('prints the percentiles of an agent-session example as JSON, in order', () => {
    const r = runCli(['--requests', '1000', 'examples/agent-session.json']);
    expect(r.code).toBe(0);
    type Q = { mean: number; p50: number; p90: number; p99: number };
    const out = JSON.parse(r.stdout) as {
      requests: number;
      prefixCacheHitRate: number;
      ttftMs: Q;
      tpotMs: Q;
      e2eMs: Q;
    };
    expect(out.requests).toBe(900);
    for (const k of ['ttftMs', 'tpotMs', 'e2eMs'] as const) {
      expect(out[k].p50).toBeLessThanOrEqual(out[k].p90);
      expect(out[k].p90).toBeLessThanOrEqual(out[k].p99);
    }
    expect(out.prefixCacheHitRate).toBeGreaterThan(0.5);
    expect(out).not.toHaveProperty('histograms');
  });

  it('exits 1 with a one-line reason for an invalid scenario or flag', () => {
    const bad = runCli([], { model: 'deepseek-v4-pro' });
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^simulate: /);
    const flag = runCli(['--requests', '7', 'examples/default.json']);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toMatch(/--requests takes a whole number/);
  });
});
