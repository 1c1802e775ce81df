import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk } from '../../src/catalog/node';
import { plan } from '../../src/core/plan';

const dir = mkdtempSync(join(tmpdir(), 'tf-cli-recommend-'));
function runCli(content: unknown) {
  const file = join(dir, `d${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/recommend.ts', file], {
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Each test starts a Node process through tsx: seconds on a busy machine, not a measure.
describe('npm run recommend (design §2)', { timeout: 120_000 }, () => {
  it('prints the ranked fleets of examples/demand.json, each reproducible with plan()', () => {
    const r = runCli(readFileSync('examples/demand.json', 'utf8'));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.recommendations.length).toBeGreaterThan(0);
    const catalog = loadCatalogFromDisk();
    for (const x of out.recommendations.slice(0, 3)) {
      for (const f of [
        'replicas',
        'gpus',
        'usdPerHour',
        'usdPerMonth',
        'megawatts',
        'usdPerMillionOutputTokens',
      ])
        expect(Number.isFinite(x[f]), f).toBe(true);
      expect(Object.keys(x.launch)).toEqual([x.scenario.framework]);
      const p = plan(x.scenario, catalog);
      expect(p.ok && p.plan.runs && p.plan.throughput.requestsPerSec).toBeCloseTo(
        x.requestsPerSecPerReplica,
        6,
      );
    }
    expect(out.day.hours).toHaveLength(24);
    expect(out.day.usdPerDay).toBeGreaterThan(0);
  });

  it('exits 1 with a one-line reason for an invalid demand', () => {
    const r = runCli({
      model: 'deepseek-v4-pro',
      hardware: ['b200'],
      workload: { inputTokens: 1 },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^recommend: .*workload\.outputTokens/);
    const bad = runCli('{ not json');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not valid JSON/);
  });
});
