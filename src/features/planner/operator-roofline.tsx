import { lazy, Suspense, useState } from 'react';
import type { Catalog } from '../../core/catalog';
import type { ScenarioInput } from '../../core/scenario/schema';

// The roofline's table, chart and step pricing load when it is first opened.
const Body = lazy(() => import('./operator-roofline-body'));

/** The Planner's per-operator roofline panel: its content computed and shown when opened. */
export function OperatorRooflineView(props: {
  scenario: ScenarioInput;
  catalog: Catalog;
  description: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <section className="panel" aria-labelledby="roofline-title">
      <h2 id="roofline-title">
        Per-operator roofline{' '}
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide' : 'Show'}
        </button>
      </h2>
      {open ? (
        <Suspense fallback={<p role="status">Loading the roofline…</p>}>
          <Body {...props} />
        </Suspense>
      ) : (
        <p className="panel-note">
          Every operation of a decode step and a prefill step per layer kind: FLOPs, bytes,
          arithmetic intensity, time and whether compute, memory, a link or fixed latency bounds it,
          on the accelerator’s roofline.
        </p>
      )}
    </section>
  );
}
