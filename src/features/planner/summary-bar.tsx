import type { PlanResult } from '../../core/plan';
import { formatNumber as num, formatUsd as usd } from '../../components/format';

/**
 * On a narrow screen the inputs come first and the results below them: this line of headline
 * figures stays at the top while the inputs scroll, so each change shows its effect.
 */
export function SummaryBar({ result }: { result: PlanResult | null }) {
  // While the figures load, a line of the same height: nothing below it moves when they come.
  if (!result)
    return (
      <p className="summary-bar" data-testid="summary-bar">
        Computing…
      </p>
    );
  if (!result.ok)
    return (
      <p className="summary-bar" data-testid="summary-bar">
        Cannot be planned (see below)
      </p>
    );
  const p = result.plan;
  return (
    <p className="summary-bar" data-testid="summary-bar">
      <span className={p.memory.fits ? 'fits' : 'no-fit'}>
        {p.memory.fits ? 'Fits' : 'Does not fit'}
      </span>
      {p.runs ? (
        <>
          <span>TTFT {num(p.latency.ttftMs, 0)} ms</span>
          <span>TPOT {num(p.latency.tpotMs, 1)} ms</span>
          <span>{num(p.throughput.tokPerSecPerUser)} tok/s per user</span>
          <span>{usd(p.cost.usdPerMillionOutputTokens)}/M out</span>
        </>
      ) : null}
    </p>
  );
}
