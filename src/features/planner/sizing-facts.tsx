import type { Plan } from '../../core/plan';
import { formatBytesExact, formatGiB, formatSi } from '../../components/format';
import type { CsvTable } from '../../components/export-csv-button';
import { ExportCsvButton } from '../../components/export-csv-button';
import { enNumber } from '../../core/en-number';

/** One sizing fact: its label, plain value and unit (the CSV), and how the table writes it. */
interface SizingLine {
  label: string;
  value: number;
  unit: string;
  show: string;
  testId?: string;
}

function sizingLines(plan: Plan): SizingLine[] {
  const s = plan.sizing;
  const f = s.decodeFlopsPerTokenAtContext;
  return [
    {
      label: 'Parameters with MTP',
      value: s.params.totalWithMtp,
      unit: 'parameters',
      show: formatSi(s.params.totalWithMtp),
    },
    {
      label: 'Parameters without MTP',
      value: s.params.totalWithoutMtp,
      unit: 'parameters',
      show: formatSi(s.params.totalWithoutMtp),
    },
    {
      label: 'Activated per token (excl. embedding and MTP)',
      value: s.params.activated,
      unit: 'parameters',
      show: formatSi(s.params.activated),
      testId: 'activated',
    },
    {
      label: `Checkpoint in ${plan.scenario.precision.weights} precision`,
      value: s.checkpointBytes,
      unit: 'bytes',
      show: `${formatBytesExact(s.checkpointBytes)} (${formatGiB(s.checkpointBytes, 2)})`,
      testId: 'checkpoint-bytes',
    },
    {
      label: `Decode FLOPs per token at ${enNumber(plan.memory.contextTokens)} tokens`,
      value: f.totalFlops,
      unit: 'FLOP',
      show: `${formatSi(f.totalFlops, 'FLOP')} (weights ${formatSi(f.linearFlops, 'FLOP')}, attention ${formatSi(f.attentionFlops, 'FLOP')}, indexer ${formatSi(f.indexerFlops, 'FLOP')})`,
    },
    {
      label: `Prefill FLOPs per request (${enNumber(plan.scenario.workload.inputTokens)} tokens)`,
      value: s.prefillFlopsPerRequest.totalFlops,
      unit: 'FLOP',
      show: formatSi(s.prefillFlopsPerRequest.totalFlops, 'FLOP'),
    },
  ];
}

/** What the model is, computed from its architecture: parameters, bytes, FLOPs per token. */
export function SizingFacts({ plan }: { plan: Plan }) {
  const lines = sizingLines(plan);
  return (
    <section className="panel" aria-labelledby="sizing-title">
      <h2 id="sizing-title">
        {plan.model.name}: sizing{' '}
        <ExportCsvButton
          fileName="sizing.csv"
          table={(): CsvTable => [
            ['model', ...lines.map((l) => `${l.label} (${l.unit})`)],
            [[plan.model.name, ...lines.map((l) => l.value)]],
          ]}
        />
      </h2>
      <table className="figures">
        <tbody>
          {lines.map((l) => (
            <tr key={l.label}>
              <th scope="row">{l.label}</th>
              <td data-testid={l.testId}>{l.show}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
