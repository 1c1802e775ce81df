import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk } from '../../src/catalog/node';
import { runSweep } from '../../src/core/sweep';
import {
  chartSeries,
  FRONTIER_COLUMNS,
  frontierCsv,
  frontierRows,
  meetsSla,
  parseSeries,
  readFrontierParams,
  visiblePoints,
} from '../../src/features/frontier/frontier-model';

const catalog = loadCatalogFromDisk();
const read = (q: string) => readFrontierParams(new URLSearchParams(q), catalog);

describe('the frontier page model', () => {
  it('reads its URL, keeping good values and falling back on bad ones', () => {
    const s = read('m=deepseek-v4-flash&in=1024&out=abc&dis=0&spec=1&res=fine&y=usd&tpot=20');
    expect(s.query).toMatchObject({
      model: 'deepseek-v4-flash',
      inputTokens: 1024,
      outputTokens: 1024,
      disaggregated: false,
      speculative: true,
      resolution: 'fine',
    });
    expect(s.y).toBe('usd');
    // A TTFT ceiling of a minute by default (SANE_TTFT_MS), shown and editable; failing points grey.
    expect(s.sla).toEqual({
      ttftMs: 0,
      tpotMs: 20,
      minTokPerSecPerUser: 0,
      ttftCeilingMs: 60_000,
      hideFailing: false,
      percentile: 'mean',
    });
    expect(read('m=nope&y=zz').query.model).toBe('deepseek-v4-pro');
    expect(read('y=zz').y).toBe('out');
  });

  it('reads a traffic preset and a percentile filter, which every point of the sweep takes', () => {
    const s = read('m=deepseek-v4-flash&s=b200~native~sglang&wl=agent&in=71250&out=500&slap=p99');
    expect(s.query.preset).toBe('agent');
    expect(s.sla.percentile).toBe('p99');
    const r = runSweep(s.query, catalog);
    expect(r.points.length).toBeGreaterThan(0);
    for (const p of r.points) expect(p.scenario.workload.sessions?.turns).toBe(50);
    expect(read('wl=nope&slap=p42').sla.percentile).toBe('mean');
  });

  it('a percentile filter judges a point by its simulated percentile, where it has one', () => {
    const s = read('m=deepseek-v4-flash&s=b200~native~sglang&in=1024&out=1024&ttft=1000&slap=p90');
    const p = runSweep(s.query, catalog).points[0]!;
    const pct = (ttft: number) => ({
      ttftMs: { mean: p.ttftMs, p50: p.ttftMs, p90: ttft, p99: ttft },
      tpotMs: { mean: p.tpotMs, p50: p.tpotMs, p90: p.tpotMs, p99: p.tpotMs },
    });
    expect(meetsSla(p, s.sla, pct(999))).toBe(true);
    expect(meetsSla(p, s.sla, pct(1001))).toBe(false);
    // Without a simulation, the mean decides.
    expect(meetsSla(p, s.sla)).toBe(p.ttftMs <= 1000);
  });

  it('names every value of its URL it could not use, and why', () => {
    const s = read('v=1&m=nope&out=abc&s=b200~native~vllm,mi355x~native~trtllm&zz=1');
    expect(s.ignored.map((i) => i.key).sort()).toEqual(['m', 'out', 's', 'zz']);
    expect(s.ignored.find((i) => i.key === 's')!.value).toBe('mi355x~native~trtllm');
    expect(s.query.series).toEqual([{ hardware: 'b200', weights: 'native', framework: 'vllm' }]);
    expect(read('v=1&m=deepseek-v4-flash&in=1024').ignored).toEqual([]);
  });

  it('keeps only series that exist and run: TensorRT-LLM never on AMD, four at most', () => {
    expect(parseSeries('mi355x~native~trtllm,b200~fp8~vllm,tpu~native~vllm', catalog)).toEqual([
      { hardware: 'b200', weights: 'fp8', framework: 'vllm' },
    ]);
    const five = Array.from({ length: 5 }, () => 'b200~native~vllm').join(',');
    expect(parseSeries(five, catalog)).toHaveLength(4);
    expect(parseSeries('junk', catalog).length).toBeGreaterThan(0);
  });

  it('one column list drives the table and its CSV: a header each, plain values in the CSV', () => {
    const { query, sla } = read(
      'm=deepseek-v4-flash&s=b200~native~vllm&in=1024&out=1024&dis=0&tpot=15',
    );
    const data = runSweep(query, catalog);
    const rows = frontierRows(data, query.series, sla);
    const visible = visiblePoints(data, query.series.length, sla);
    expect(rows.length).toBe(visible.frontiers[0]!.length);
    const [header, cells] = frontierCsv(rows);
    expect(header).toEqual(FRONTIER_COLUMNS.map((c) => c.header));
    for (const row of cells) {
      expect(row).toHaveLength(header.length);
      expect(typeof row[2]).toBe('number');
    }
    // The filter greys points out without removing them: failing rows say so.
    expect(rows.some((r) => !r.meetsSla)).toBe(rows.some((r) => r.point.tpotMs > 15));
    // The chart puts every point within the TTFT ceiling either on its series or in the failing
    // group, once; none past the ceiling.
    const chart = chartSeries(data, query.series, 'out', sla);
    const ofSeries = chart.find((c) => c.label.endsWith('(all)'))!;
    const failing = chart.find((c) => c.label === 'fails the SLA')!;
    const all = ofSeries.points.length + failing.points.length;
    const within = data.points.filter((p) => p.ttftMs <= sla.ttftCeilingMs);
    expect(all).toBe(within.length);
    expect(visible.pastCeiling).toBe(data.points.length - within.length);
    expect(failing.points.length).toBe(within.filter((p) => !meetsSla(p, sla)).length);
    for (const series of chart)
      for (const pt of series.points)
        if (pt.ref !== undefined) expect(data.points[pt.ref]!.ttftMs).toBeLessThanOrEqual(60_000);
    // The frontier's 80% band brackets it where bands exist.
    const band = chart.filter((c) => c.dashed);
    if (band.length) {
      expect(band).toHaveLength(2);
      const [lo, hi] = band;
      lo!.points.forEach((p, i) => expect(p.y).toBeLessThanOrEqual(hi!.points[i]!.y));
    }
  });

  it('never draws a point past the TTFT ceiling, and its frontier is the best within it', () => {
    const { query, sla } = read('m=deepseek-v4-flash&s=b200~native~vllm&in=8192&out=1024&dis=0');
    const data = runSweep(query, catalog);
    const tight = { ...sla, ttftCeilingMs: 2_000 };
    const visible = visiblePoints(data, 1, tight);
    expect(visible.pastCeiling).toBeGreaterThan(0);
    const front = visible.frontiers[0]!.map((j) => data.points[j]!);
    expect(front.length).toBeGreaterThan(0);
    expect(front.every((p) => p.ttftMs <= 2_000)).toBe(true);
    // No point within the ceiling beats a frontier point on both axes.
    for (const f of front)
      for (const p of data.points)
        if (p.ttftMs <= 2_000)
          expect(
            p.tokPerSecPerUser > f.tokPerSecPerUser &&
              p.outputTokPerSecPerGpu > f.outputTokPerSecPerGpu,
          ).toBe(false);
  });

  it('hides what misses the filter on request, in the chart and the table', () => {
    const { query, sla } = read(
      'm=deepseek-v4-flash&s=b200~native~vllm&in=1024&out=1024&dis=0&tpot=15&hide=1',
    );
    expect(sla.hideFailing).toBe(true);
    const data = runSweep(query, catalog);
    const chart = chartSeries(data, query.series, 'out', sla);
    expect(chart.some((c) => c.label === 'fails the SLA')).toBe(false);
    const rows = frontierRows(data, query.series, sla);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.meetsSla)).toBe(true);
  });
});
