import type { MemoryPlan } from '../../core/plan';
import type { WeightGroup } from '../../core/model/tensors';
import { WEIGHT_GROUPS } from '../../core/model/tensors';
import { useMemo } from 'react';
import { GIB, formatGiB, formatInt } from '../../components/format';
import { BarChart } from '../../components/bar-chart';
import type { CsvTable } from '../../components/export-csv-button';
import { ExportCsvButton } from '../../components/export-csv-button';

const GROUP_LABELS: Record<WeightGroup, string> = {
  routedExperts: 'Routed experts',
  sharedExperts: 'Shared experts',
  denseFfn: 'Dense FFN',
  attention: 'Attention projections',
  indexer: 'Indexer',
  compressor: 'KV compressors',
  router: 'Router',
  embedding: 'Embedding',
  head: 'LM head',
  norms: 'Norms, biases, small tensors',
  mhc: 'mHC mixing',
  mtpProjection: 'MTP projections',
  hashTable: 'Hash-routing tables',
};

/** One line of the memory table, and of its CSV (item, GiB per GPU). */
interface MemoryLine {
  label: string;
  bytes: number;
  /** Decimals the table shows. */
  digits: number;
  className: string;
  testId?: string;
}

/** The memory plan's lines: weights (and each group), KV (and the engine's share), workspace,
 * free (or over capacity), capacity — one list for the table and its CSV. */
function memoryLines(memory: MemoryPlan): MemoryLine[] {
  const groups = WEIGHT_GROUPS.filter((g) => memory.weightsByGroupBytesPerGpu[g] > 0);
  const perSeq =
    (memory.kvCacheBytesPerSequence + memory.engineBytesPerSequence) * memory.kvShareHeldPerGpu;
  const engine = memory.sequencesPerGpu * memory.engineBytesPerSequence * memory.kvShareHeldPerGpu;
  return [
    {
      label: 'Weights',
      bytes: memory.weightsBytesPerGpu,
      digits: 1,
      className: 'row-weights',
      testId: 'mem-weights',
    },
    ...groups.map((g) => ({
      label: GROUP_LABELS[g],
      bytes: memory.weightsByGroupBytesPerGpu[g],
      digits: 2,
      className: 'sub',
    })),
    {
      label: `KV cache (${formatInt(memory.sequencesPerGpu)} sequences × ${formatGiB(perSeq, 3)})`,
      bytes: memory.kvCacheBytesPerGpu,
      digits: 1,
      className: 'row-kv',
      testId: 'mem-kv',
    },
    ...(memory.engineBytesPerSequence > 0
      ? [
          {
            label: "of which the engine's per-sequence state (compressor rings, window pool)",
            bytes: engine,
            digits: 2,
            className: 'sub',
            testId: 'mem-engine-state',
          },
        ]
      : []),
    {
      label: `Workspace (${((1 - memory.memoryUtilization) * 100).toFixed(0)}% reserve: ${memory.memoryUtilizationSource.split(';')[0]})`,
      bytes: memory.workspaceBytesPerGpu,
      digits: 1,
      className: 'row-workspace',
      testId: 'mem-workspace',
    },
    {
      label: memory.freeBytesPerGpu >= 0 ? 'Free' : 'Over capacity',
      bytes: Math.abs(memory.freeBytesPerGpu),
      digits: 1,
      className: 'row-free',
      testId: 'mem-free',
    },
    { label: 'Capacity', bytes: memory.capacityBytesPerGpu, digits: 1, className: 'total' },
  ];
}

/** Per-GPU memory: a stacked bar (weights, KV, workspace, free) and the table behind it. */

export function MemoryPlanView({
  memory,
  description,
}: {
  memory: MemoryPlan;
  /** The scenario in words, under the exported chart's title. */
  description: string;
}) {
  const cap = memory.capacityBytesPerGpu;
  const lines = memoryLines(memory);
  const series = useMemo(() => {
    const present = WEIGHT_GROUPS.filter((g) => memory.weightsByGroupBytesPerGpu[g] > 0);
    const big = present.filter(
      (g) => memory.weightsByGroupBytesPerGpu[g] / memory.weightsBytesPerGpu >= 0.05,
    );
    const small = present
      .filter((g) => !big.includes(g))
      .reduce((s, g) => s + memory.weightsByGroupBytesPerGpu[g], 0);
    const weightColors = ['--seg-weights', '--seg-weights-2', '--seg-weights-3', '--seg-weights-4'];
    return [
      ...big.map((g, i) => ({
        label: GROUP_LABELS[g],
        values: [memory.weightsByGroupBytesPerGpu[g] / GIB],
        colorVar: weightColors[i % 4]!,
      })),
      ...(small > 0
        ? [{ label: 'Other weights', values: [small / GIB], colorVar: '--seg-weights-4' }]
        : []),
      { label: 'KV cache', values: [memory.kvCacheBytesPerGpu / GIB], colorVar: '--seg-kv' },
      {
        label: 'Workspace',
        values: [memory.workspaceBytesPerGpu / GIB],
        colorVar: '--seg-workspace',
      },
      {
        label: memory.freeBytesPerGpu >= 0 ? 'Free' : 'Over capacity',
        values: [Math.abs(memory.freeBytesPerGpu) / GIB],
        colorVar: memory.freeBytesPerGpu >= 0 ? '--seg-free' : '--bad',
      },
    ];
  }, [memory]);
  const categories = useMemo(() => ['Per GPU'], []);
  return (
    <section className="panel" aria-labelledby="memory-title">
      <h2 id="memory-title">
        Memory per GPU{' '}
        <ExportCsvButton
          fileName="memory-per-gpu.csv"
          table={(): CsvTable => [
            ['item', 'memory per GPU (GiB)'],
            lines.map((l) => [l.label, l.bytes / GIB]),
          ]}
        />
      </h2>
      <BarChart
        title={`Memory per GPU (capacity ${formatGiB(cap)})`}
        description={description}
        categories={categories}
        series={series}
        unit="GiB"
        stacked
        horizontal
        fileName="memory-per-gpu"
      />
      <table className="figures" data-testid="memory-table">
        <tbody>
          {lines.map((l) => (
            <tr key={l.label} className={l.className}>
              <th scope="row">{l.label}</th>
              <td data-testid={l.testId}>{formatGiB(l.bytes, l.digits)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
