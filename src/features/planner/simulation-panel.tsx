import { lazy, Suspense, useState } from 'react';
import type { Catalog } from '../../core/catalog';
import type { ScenarioInput } from '../../core/scenario/schema';
import { Term } from '../../components/term';

// The simulation's controls, table and chart load when the panel is first opened.
const Body = lazy(() => import('./simulation-body'));

/** The Planner's latency-percentile panel: the scenario simulated while it is open. */
export function SimulationPanel(props: { scenario: ScenarioInput; catalog: Catalog }) {
  const [open, setOpen] = useState(false);
  return (
    <section className="panel" aria-labelledby="sim-title" data-testid="simulation">
      <h2 id="sim-title">
        Latency percentiles (simulation) <Term id="percentile" />{' '}
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide' : 'Simulate'}
        </button>
      </h2>
      {open ? (
        <Suspense fallback={<p role="status">Loading the simulation…</p>}>
          <Body {...props} />
        </Suspense>
      ) : (
        <p className="panel-note">
          Simulates this deployment request by request — arrivals, queueing, chunked prefill,
          continuous batching, the prefix cache, length mixes and sessions — with the same step
          times as the figures above, and gives the 50th, 90th and 99th percentiles of TTFT, TPOT
          and end-to-end latency.
        </p>
      )}
    </section>
  );
}
