import type { ReactNode } from 'react';
import { lazy, Suspense, useState } from 'react';
import type { HeadlineKey } from '../../core/explain';
import type { TermId } from '../../glossary/terms';
import { Term } from '../../components/term';
import type { Range } from '../../core/bands';
import { COST_DEFINITION } from '../../core/economics';
import type { Plan, RunningPlan } from '../../core/plan';
import type { Parallelism } from '../../core/scenario/schema';
import {
  formatGiB,
  formatInt,
  formatLayout,
  formatNumber as num,
  formatUsd as usd,
} from '../../components/format';

/** What each figure's "Show the math" explains, in its accessible name. */
const MATH_OF: Record<HeadlineKey, string> = {
  ttft: 'time to first token',
  tpot: 'time per output token',
  tokPerSecPerUser: 'tokens per second per user',
  outputTokPerSecPerGpu: 'output tokens per second per GPU',
  totalTokPerSecPerGpu: 'input and output tokens per second per GPU',
  usdPerMillionOutput: 'cost per million output tokens',
  usdPerMillionInput: 'cost per million input tokens',
  usdPerMillionBlended: 'blended cost per million tokens',
  tokPerSecPerMw: 'output per megawatt',
  breakEven: 'break-even price against the DeepSeek API',
  maxConcurrency: 'most requests that fit in memory',
  kvPerSequence: 'KV cache per sequence',
  maxContext: 'longest context that fits',
  fewestGpus: 'fewest GPUs that fit',
};

// A figure's formula and inputs load when its "Show the math" is first opened.
const MathBody = lazy(() => import('./math-body'));

function MathDetails({ plan, k }: { plan: Plan; k: HeadlineKey }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="math" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        Show the math<span className="visually-hidden"> of the {MATH_OF[k]}</span>
      </summary>
      {open ? (
        <Suspense fallback={<p role="status">Loading the math…</p>}>
          <MathBody plan={plan} k={k} />
        </Suspense>
      ) : null}
    </details>
  );
}

/** "80%: lo–hi unit" for a band, or nothing without one. */
function bandText(range: Range, format: (v: number) => string, unit: string): string | null {
  return range ? `80% range ${format(range[0])}–${format(range[1])}${unit}` : null;
}

function Kpi({
  label,
  term,
  value,
  testId,
  band,
  children,
}: {
  label: string;
  term?: TermId;
  value: string;
  testId: string;
  /** The 80% band of held-out measurements of comparable deployments. */
  band?: string | null;
  children?: ReactNode;
}) {
  return (
    <div className="kpi">
      <dt>
        {label}
        {term ? <Term id={term} /> : null}
      </dt>
      <dd data-testid={testId}>{value}</dd>
      {band ? (
        <dd
          className="kpi-band"
          data-testid={`${testId}-band`}
          title="Sized to hold 80% of the published measurements of comparable deployments from a source left out of both the fit and the range"
        >
          {band}
        </dd>
      ) : null}
      {children ? <dd className="kpi-extra">{children}</dd> : null}
    </div>
  );
}

/** The verdict and the headline figures, each expandable to the formula and inputs behind it. A
 * deployment that cannot run shows why and the nearest fix instead of figures. */
export function Headline({
  plan,
  onApplyFewestGpus,
}: {
  plan: Plan;
  /** Switch the scenario to the fewest GPUs (and layout) that fit. */
  onApplyFewestGpus: (gpus: number, parallelism: Parallelism) => void;
}) {
  const m = plan.memory;
  const few = m.fewestGpus;
  // The reason a deployment cannot run is said once, above, with its fix.
  const warnings = plan.runs
    ? plan.warnings
    : plan.warnings.filter((w) => w.code !== 'does-not-fit');
  return (
    <section className="panel headline" aria-labelledby="headline-title">
      <h2 id="headline-title" className={m.fits ? 'fits' : 'no-fit'} data-testid="fits">
        {m.fits ? 'Fits' : 'Does not fit'} on{' '}
        {plan.prefillHardware && plan.layout.prefill
          ? `${plan.layout.decode.gpus} × ${plan.hardware.name} (decode) + ${plan.layout.prefill.gpus} × ${plan.prefillHardware.name} (prefill)`
          : `${plan.scenario.gpus} × ${plan.hardware.name}`}
        {plan.hardware.custom || plan.model.custom ? (
          <span
            className="badge"
            data-testid="custom-badge"
            title={`Computed from a custom ${[plan.model.custom ? 'model' : '', plan.hardware.custom ? 'GPU' : ''].filter(Boolean).join(' and ')}, not a catalog entry`}
          >
            {' '}
            custom spec
          </span>
        ) : null}
      </h2>
      {plan.runs ? null : (
        <div className="cannot-run" data-testid="cannot-run">
          <p>
            No latency, throughput, cost or energy is shown:{' '}
            {m.reason ?? 'the deployment cannot run'}.
          </p>
          {few ? (
            <p>
              Fewest GPUs that fit: {few.gpus} ({formatLayout(few.parallelism)}){' '}
              <button type="button" onClick={() => onApplyFewestGpus(few.gpus, few.parallelism)}>
                Apply
              </button>
            </p>
          ) : (
            <p>No standard layout up to 1,024 GPUs of this kind holds it.</p>
          )}
        </div>
      )}
      <dl className="kpis">
        {plan.runs ? <FigureKpis plan={plan} /> : null}
        <MemoryKpis plan={plan} />
      </dl>
      {warnings.length ? (
        <ul className="warnings" data-testid="warnings" aria-label="Warnings">
          {warnings.map((w) => (
            <li key={w.code + w.message} className={`warn-${w.severity}`}>
              {w.message}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** The figures of a deployment that runs. */
function FigureKpis({ plan }: { plan: RunningPlan }) {
  const t = plan.throughput;
  const api = plan.cost.api;
  return (
    <>
      <Kpi
        label="TTFT"
        term="ttft"
        value={`${num(plan.latency.ttftMs, 0)} ms`}
        testId="ttft"
        band={bandText(plan.latency.ttftMsRange, (v) => num(v, 0), ' ms')}
      >
        <MathDetails plan={plan} k="ttft" />
      </Kpi>
      <Kpi
        label="TPOT (per output token)"
        term="tpot"
        value={`${num(plan.latency.tpotMs, 2)} ms`}
        testId="tpot"
        band={bandText(plan.latency.tpotMsRange, (v) => num(v, 2), ' ms')}
      >
        <MathDetails plan={plan} k="tpot" />
      </Kpi>
      <Kpi
        label="Per user"
        value={`${num(t.tokPerSecPerUser)} tok/s`}
        testId="tok-per-user"
        band={bandText(t.tokPerSecPerUserRange, (v) => num(v), ' tok/s')}
      >
        <MathDetails plan={plan} k="tokPerSecPerUser" />
      </Kpi>
      <Kpi
        label="Output per GPU"
        value={`${num(t.outputTokPerSecPerGpu)} tok/s`}
        testId="out-per-gpu"
        band={bandText(t.outputTokPerSecPerGpuRange, (v) => num(v), ' tok/s')}
      >
        <MathDetails plan={plan} k="outputTokPerSecPerGpu" />
      </Kpi>
      <Kpi
        label="Input + output per GPU"
        value={`${num(t.totalTokPerSecPerGpu)} tok/s`}
        testId="total-per-gpu"
        band={bandText(t.totalTokPerSecPerGpuRange, (v) => num(v), ' tok/s')}
      >
        <MathDetails plan={plan} k="totalTokPerSecPerGpu" />
      </Kpi>
      <Kpi
        label="Cost per 1M output tokens"
        value={usd(plan.cost.usdPerMillionOutputTokens)}
        testId="usd-per-m-out"
        band={bandText(plan.cost.usdPerMillionOutputTokensRange, (v) => usd(v), '')}
      >
        <p className="kpi-note">{COST_DEFINITION}</p>
        <MathDetails plan={plan} k="usdPerMillionOutput" />
      </Kpi>
      <Kpi
        label="Cost per 1M input tokens"
        value={usd(plan.cost.usdPerMillionInputTokens)}
        testId="usd-per-m-in"
        band={bandText(plan.cost.usdPerMillionInputTokensRange, (v) => usd(v), '')}
      >
        <MathDetails plan={plan} k="usdPerMillionInput" />
      </Kpi>
      <Kpi
        label="Blended per 1M tokens"
        value={usd(plan.cost.usdPerMillionTokensBlended)}
        testId="usd-per-m-blended"
        band={bandText(plan.cost.usdPerMillionTokensBlendedRange, (v) => usd(v), '')}
      >
        <MathDetails plan={plan} k="usdPerMillionBlended" />
      </Kpi>
      <Kpi
        label="Output per MW"
        value={`${num(plan.energy.outputTokPerSecPerMegawatt / 1000)}k tok/s`}
        testId="tok-per-mw"
      >
        <MathDetails plan={plan} k="tokPerSecPerMw" />
      </Kpi>
      <Kpi
        label="Break-even vs DeepSeek API"
        value={api ? `$${api.breakEvenUsdPerGpuHour.toFixed(2)}/GPU-h` : 'no API price'}
        testId="break-even"
      >
        {api && plan.cost.usdPerGpuHour !== null ? (
          <p className="kpi-note">
            {plan.cost.usdPerGpuHour <= api.breakEvenUsdPerGpuHour
              ? 'Self-hosting is cheaper'
              : 'The API is cheaper'}{' '}
            at ${plan.cost.usdPerGpuHour.toFixed(2)}/GPU-h
          </p>
        ) : null}
        <MathDetails plan={plan} k="breakEven" />
      </Kpi>
    </>
  );
}

/** What the memory plan says, whether or not the deployment runs. */
function MemoryKpis({ plan }: { plan: Plan }) {
  const m = plan.memory;
  const few = m.fewestGpus;
  return (
    <>
      <Kpi
        label="Max concurrency (memory)"
        value={`${formatInt(m.maxConcurrency)} requests`}
        testId="max-concurrency"
      >
        <MathDetails plan={plan} k="maxConcurrency" />
      </Kpi>
      <Kpi
        label="KV per sequence"
        term="kv-cache"
        value={formatGiB(m.kvCacheBytesPerSequence, 3)}
        testId="kv-per-seq"
      >
        <MathDetails plan={plan} k="kvPerSequence" />
      </Kpi>
      <Kpi
        label={`Longest context at ${formatInt(plan.concurrency)} requests`}
        value={`${formatInt(m.maxContextTokens)} tokens${m.maxContextLimitedBy === 'model' ? ' (model max)' : ''}`}
        testId="max-context"
      >
        <MathDetails plan={plan} k="maxContext" />
      </Kpi>
      <Kpi
        label="Fewest GPUs that fit"
        value={few ? `${few.gpus} (${formatLayout(few.parallelism)})` : 'none up to 1,024'}
        testId="fewest-gpus"
      >
        <MathDetails plan={plan} k="fewestGpus" />
      </Kpi>
    </>
  );
}
