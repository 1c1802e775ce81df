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
    expect(s.sla).toEqual({ ttftMs: 0, tpotMs: 20, minTokPerSecPerUser: 0 });
    expect(read('m=nope&y=zz').query.model).toBe('deepseek-v4-pro');
    expect(read('y=zz').y).toBe('out');
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
    expect(rows.length).toBe(data.frontiers[0]!.length);
    const [header, cells] = frontierCsv(rows);
    expect(header).toEqual(FRONTIER_COLUMNS.map((c) => c.header));
    for (const row of cells) {
      expect(row).toHaveLength(header.length);
      expect(typeof row[2]).toBe('number');
    }
    // The filter greys points out without removing them: failing rows say so.
    expect(rows.some((r) => !r.meetsSla)).toBe(rows.some((r) => r.point.tpotMs > 15));
    // The chart puts every point either on its series or in the failing group, once.
    const chart = chartSeries(data, query.series, 'out', sla);
    const all = chart[1]!.points.length + chart[2]!.points.length;
    expect(all).toBe(data.points.length);
    expect(chart[2]!.points.length).toBe(data.points.filter((p) => !meetsSla(p, sla)).length);
  });
});
