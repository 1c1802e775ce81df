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

/** Per-GPU memory: a stacked bar (weights, KV, workspace, free) and the table behind it. */

export function MemoryPlanView({ memory }: { memory: MemoryPlan }) {
  const cap = memory.capacityBytesPerGpu;
  const groups = WEIGHT_GROUPS.filter((g) => memory.weightsByGroupBytesPerGpu[g] > 0);
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
            ['item', 'GiB per GPU'],
            [
              ...WEIGHT_GROUPS.filter((g) => memory.weightsByGroupBytesPerGpu[g] > 0).map((g) => [
                `weights: ${GROUP_LABELS[g]}`,
                memory.weightsByGroupBytesPerGpu[g] / GIB,
              ]),
              ['KV cache', memory.kvCacheBytesPerGpu / GIB],
              ['workspace', memory.workspaceBytesPerGpu / GIB],
              ['free', memory.freeBytesPerGpu / GIB],
              ['capacity', memory.capacityBytesPerGpu / GIB],
            ],
          ]}
        />
      </h2>
      <BarChart
        title={`Memory per GPU (capacity ${formatGiB(cap)})`}
        categories={categories}
        series={series}
        unit="GiB"
        stacked
        horizontal
        fileName="memory-per-gpu"
      />
      <table className="figures" data-testid="memory-table">
        <tbody>
          <tr className="row-weights">
            <th scope="row">Weights</th>
            <td data-testid="mem-weights">{formatGiB(memory.weightsBytesPerGpu)}</td>
          </tr>
          {groups.map((g) => (
            <tr key={g} className="sub">
              <th scope="row">{GROUP_LABELS[g]}</th>
              <td>{formatGiB(memory.weightsByGroupBytesPerGpu[g], 2)}</td>
            </tr>
          ))}
          <tr className="row-kv">
            <th scope="row">
              KV cache ({formatInt(memory.sequencesPerGpu)} sequences ×{' '}
              {formatGiB(
                (memory.kvCacheBytesPerSequence + memory.engineBytesPerSequence) *
                  memory.kvShareHeldPerGpu,
                3,
              )}
              )
            </th>
            <td data-testid="mem-kv">{formatGiB(memory.kvCacheBytesPerGpu)}</td>
          </tr>
          {memory.engineBytesPerSequence > 0 && (
            <tr className="sub">
              <th scope="row">
                of which the engine&apos;s per-sequence state (compressor rings, window pool)
              </th>
              <td data-testid="mem-engine-state">
                {formatGiB(
                  memory.sequencesPerGpu * memory.engineBytesPerSequence * memory.kvShareHeldPerGpu,
                  2,
                )}
              </td>
            </tr>
          )}
          <tr className="row-workspace">
            <th scope="row">
              Workspace ({((1 - memory.memoryUtilization) * 100).toFixed(0)}% reserve:{' '}
              {memory.memoryUtilizationSource.split(';')[0]})
            </th>
            <td data-testid="mem-workspace">{formatGiB(memory.workspaceBytesPerGpu)}</td>
          </tr>
          <tr className="row-free">
            <th scope="row">{memory.freeBytesPerGpu >= 0 ? 'Free' : 'Over capacity'}</th>
            <td data-testid="mem-free">{formatGiB(Math.abs(memory.freeBytesPerGpu))}</td>
          </tr>
          <tr className="total">
            <th scope="row">Capacity</th>
            <td>{formatGiB(cap)}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
