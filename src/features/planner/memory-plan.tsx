import type { MemoryPlan } from '../../core/plan';
import type { WeightGroup } from '../../core/model/tensors';
import { WEIGHT_GROUPS } from '../../core/model/tensors';
import { formatGiB, formatInt } from '../../components/format';

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
  const free = Math.max(0, memory.freeBytesPerGpu);
  const segments = [
    { key: 'weights', label: 'Weights', bytes: memory.weightsBytesPerGpu },
    { key: 'kv', label: 'KV cache', bytes: memory.kvCacheBytesPerGpu },
    { key: 'workspace', label: 'Workspace', bytes: memory.workspaceBytesPerGpu },
    { key: 'free', label: 'Free', bytes: free },
  ];
  const total = Math.max(cap, memory.totalBytesPerGpu);
  const groups = WEIGHT_GROUPS.filter((g) => memory.weightsByGroupBytesPerGpu[g] > 0);
  return (
    <section className="panel" aria-labelledby="memory-title">
      <h2 id="memory-title">Memory per GPU</h2>
      <div
        className="membar"
        role="img"
        aria-label={
          segments.map((s) => `${s.label} ${formatGiB(s.bytes)}`).join(', ') +
          ` of ${formatGiB(cap)}`
        }
      >
        {segments.map((s) => (
          <div
            key={s.key}
            className={`membar-seg seg-${s.key}`}
            style={{ width: `${(100 * s.bytes) / total}%` }}
          />
        ))}
        {memory.totalBytesPerGpu > cap ? (
          <div
            className="membar-cap"
            style={{ left: `${(100 * cap) / total}%` }}
            title="GPU capacity"
          />
        ) : null}
      </div>
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
              {formatGiB(memory.kvCacheBytesPerSequence * memory.kvShareHeldPerGpu, 3)})
            </th>
            <td data-testid="mem-kv">{formatGiB(memory.kvCacheBytesPerGpu)}</td>
          </tr>
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
