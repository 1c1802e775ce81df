import type { HeadlineKey } from '../../core/explain';
import { explain } from '../../core/explain';
import type { Plan } from '../../core/plan';
import { formatNumber as num } from '../../components/format';

/** The formula behind one headline figure and the inputs it reads, each with its source. */
export default function MathBody({ plan, k }: { plan: Plan; k: HeadlineKey }) {
  const e = explain(plan, k);
  return (
    <>
      <p className="formula">{e.formula}</p>
      <ul>
        {e.inputs.map((i) => (
          <li key={i.label}>
            {i.label}:{' '}
            {typeof i.value === 'number' ? num(i.value, Math.abs(i.value) < 10 ? 3 : 1) : i.value}{' '}
            {i.unit}
            {i.source ? <span className="source"> — {i.source}</span> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
