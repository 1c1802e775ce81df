import type { Plan } from '../../core/plan';
import { formatGiB, formatInt } from '../../components/format';

/** The verdict and the capacity figures; serving figures appear once the serving model exists. */
export function Headline({ plan }: { plan: Plan }) {
  const m = plan.memory;
  const few = m.fewestGpus;
  return (
    <section className="panel headline" aria-labelledby="headline-title">
      <h2 id="headline-title" className={m.fits ? 'fits' : 'no-fit'} data-testid="fits">
        {m.fits ? 'Fits' : 'Does not fit'} on {plan.scenario.gpus} × {plan.hardware.name}
      </h2>
      <dl className="kpis">
        <div>
          <dt>Max concurrency</dt>
          <dd data-testid="max-concurrency">{formatInt(m.maxConcurrency)} requests</dd>
        </div>
        <div>
          <dt>KV per sequence</dt>
          <dd data-testid="kv-per-seq">{formatGiB(m.kvCacheBytesPerSequence, 3)}</dd>
        </div>
        <div>
          <dt>Longest context at {formatInt(plan.concurrency)} requests</dt>
          <dd data-testid="max-context">
            {formatInt(m.maxContextTokens)} tokens
            {m.maxContextLimitedBy === 'model' ? ' (model maximum)' : ''}
          </dd>
        </div>
        <div>
          <dt>Fewest GPUs that fit</dt>
          <dd data-testid="fewest-gpus">
            {few
              ? `${few.gpus} (TP${few.parallelism.tp} EP${few.parallelism.ep}${few.parallelism.pp > 1 ? ` PP${few.parallelism.pp}` : ''}${few.parallelism.dpAttention ? ' DP-attn' : ''})`
              : 'none up to 1,024'}
          </dd>
        </div>
      </dl>
      {plan.warnings.length ? (
        <ul className="warnings" data-testid="warnings">
          {plan.warnings.map((w) => (
            <li key={w.code + w.message} className={`warn-${w.severity}`}>
              {w.message}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
