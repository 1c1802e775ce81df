import { useMemo } from 'react';
import type { RunningPlan } from '../../core/plan';
import { STEP_OPS } from '../../core/perf/step-types';
import { BarChart } from '../../components/bar-chart';

const LABELS: Record<(typeof STEP_OPS)[number], string> = {
  attention: 'Attention',
  indexer: 'Indexer',
  moe: 'MoE experts',
  dense: 'Dense (shared, FFN, head)',
  tpComms: 'TP all-reduce',
  epComms: 'EP dispatch and combine',
  ppComms: 'Pipeline hand-off',
  overhead: 'Overhead',
  draft: 'Draft model',
};

/** Where one decode step's time goes, beside one prefill step, on the busiest GPU. */
export function StepBreakdown({
  plan,
  description,
}: {
  plan: RunningPlan;
  /** The scenario in words, under the exported chart's title. */
  description: string;
}) {
  // The plan object is stable for a scenario, so the chart is rebuilt only when it changes.
  const { categories, series } = useMemo(() => {
    const decode = plan.serving.decodeStepMs;
    const prefill = plan.serving.prefillStepMs;
    const ops = STEP_OPS.filter((op) => decode[op] > 0 || (prefill?.[op] ?? 0) > 0);
    return {
      categories: ops.map((op) => LABELS[op]),
      series: [
        {
          label: 'Decode step (average)',
          values: ops.map((op) => decode[op]),
          colorVar: '--seg-weights',
        },
        ...(prefill
          ? [
              {
                label:
                  plan.serving.mode === 'aggregated' ? 'Prompt chunk step' : 'Prefill-pool step',
                values: ops.map((op) => prefill[op]),
                colorVar: '--seg-kv',
              },
            ]
          : []),
      ],
    };
  }, [plan]);
  return (
    <section className="panel" aria-labelledby="step-title">
      <h2 id="step-title">Time per step (busiest GPU)</h2>
      <p className="panel-note">
        Decode step {plan.latency.stepMs.toFixed(2)} ms; each yields {plan.serving.acceptanceLength}{' '}
        token(s) per sequence.
        {plan.serving.mode === 'disaggregated'
          ? ` Rate limited by the ${plan.serving.limitedBy} pool.`
          : ''}
      </p>
      <BarChart
        title="Time per step by operation group"
        description={description}
        categories={categories}
        series={series}
        unit="ms"
        horizontal
        fileName="step-breakdown"
      />
    </section>
  );
}
