import type { Plan } from '../../core/plan';
import { formatBytesExact, formatGiB, formatSi } from '../../components/format';
import type { CsvTable } from '../../components/export-csv-button';
import { ExportCsvButton } from '../../components/export-csv-button';

/** What the model is, computed from its architecture: parameters, bytes, FLOPs per token. */
export function SizingFacts({ plan }: { plan: Plan }) {
  const s = plan.sizing;
  const f = s.decodeFlopsPerTokenAtContext;
  return (
    <section className="panel" aria-labelledby="sizing-title">
      <h2 id="sizing-title">
        {plan.model.name}: sizing{' '}
        <ExportCsvButton
          fileName="sizing.csv"
          table={(): CsvTable => [
            ['figure', 'value', 'unit'],
            [
              ['parameters with MTP', s.params.totalWithMtp, 'parameters'],
              ['parameters without MTP', s.params.totalWithoutMtp, 'parameters'],
              ['activated per token', s.params.activated, 'parameters'],
              [`checkpoint (${plan.scenario.precision.weights})`, s.checkpointBytes, 'bytes'],
              ['decode FLOPs per token at the context', f.totalFlops, 'FLOP'],
              ['prefill FLOPs per request', s.prefillFlopsPerRequest.totalFlops, 'FLOP'],
            ],
          ]}
        />
      </h2>
      <table className="figures">
        <tbody>
          <tr>
            <th scope="row">Parameters (with MTP / without)</th>
            <td>
              {formatSi(s.params.totalWithMtp)} / {formatSi(s.params.totalWithoutMtp)}
            </td>
          </tr>
          <tr>
            <th scope="row">Activated per token (excl. embedding and MTP)</th>
            <td data-testid="activated">{formatSi(s.params.activated)}</td>
          </tr>
          <tr>
            <th scope="row">Checkpoint in {plan.scenario.precision.weights} precision</th>
            <td data-testid="checkpoint-bytes">
              {formatBytesExact(s.checkpointBytes)} ({formatGiB(s.checkpointBytes, 2)})
            </td>
          </tr>
          <tr>
            <th scope="row">
              Decode FLOPs per token at {plan.memory.contextTokens.toLocaleString('en-US')} tokens
            </th>
            <td>
              {formatSi(f.totalFlops, 'FLOP')} (weights {formatSi(f.linearFlops, 'FLOP')}, attention{' '}
              {formatSi(f.attentionFlops, 'FLOP')}, indexer {formatSi(f.indexerFlops, 'FLOP')})
            </td>
          </tr>
          <tr>
            <th scope="row">
              Prefill FLOPs per request (
              {plan.scenario.workload.inputTokens.toLocaleString('en-US')} tokens)
            </th>
            <td>{formatSi(s.prefillFlopsPerRequest.totalFlops, 'FLOP')}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
