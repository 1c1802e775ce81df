import { lazy, Suspense, useDeferredValue, useEffect, useMemo, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { CatalogGate } from '../../catalog/catalog-gate';
import type { Catalog } from '../../core/catalog';
import { knownIds } from '../../core/catalog';
import { acceleratorsOf } from '../../core/scenario/schema';
import { KernelsLoading } from '../../components/kernels-loading';
import { useKernelCatalog } from '../../catalog/kernels-query';
import { plan } from '../../core/plan';
import { withLayout } from '../../core/scenario/edit';
import type { ScenarioInput } from '../../core/scenario/schema';
import { DEFAULT_SCENARIO } from '../../core/scenario/schema';
import { encodeScenarioParams } from '../../core/scenario/url-codec';
import { catalogOfLink, customSpecsOf, readPlannerParams } from './planner-model';
import { Headline } from './headline';
import { LinkNotice } from '../../components/link-notice';
import { MemoryPlanView } from './memory-plan';
import { SaveBar } from './save-bar';
import { ScenarioForm } from './scenario-form';
import { SizingFacts } from './sizing-facts';
import { StepBreakdown } from './step-breakdown';
import { SummaryBar } from './summary-bar';
import { OperatorRooflineView } from './operator-roofline';
import { SimulationPanel } from './simulation-panel';
import { describeScenario, scenarioQuestion } from '../../core/scenario/describe';

// Only a scenario that reuses prompts shows the cache panel: it loads when one first does.
const PrefixCachePanel = lazy(() => import('./prefix-cache-panel'));

export function PlannerPage() {
  return (
    <CatalogGate>
      {(c) => (
        <Planner
          catalog={c.catalog}
          customModelIds={c.customModelIds}
          customHardwareIds={c.customHardwareIds}
        />
      )}
    </CatalogGate>
  );
}

/** The Planner: the URL is the state; inputs replace it (no history entry per keystroke). */
function Planner({
  catalog,
  customModelIds,
  customHardwareIds,
}: {
  catalog: Catalog;
  customModelIds: ReadonlySet<string>;
  customHardwareIds: ReadonlySet<string>;
}) {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const known = useMemo(() => knownIds(catalog), [catalog]);
  const decoded = useMemo(() => readPlannerParams(search, known), [search, known]);
  // The scenario edits build on: the one written last until the URL has caught up with it (it
  // arrives in a transition, possibly after intermediate ones), else the URL's.
  const latest = useRef(decoded.scenario);
  const pending = useRef<{ last: string; written: Set<string> } | null>(null);
  useEffect(() => {
    const p = pending.current;
    if (p && search !== p.last && p.written.has(search)) return; // an earlier write, superseded
    latest.current = decoded.scenario;
    pending.current = null;
  }, [search, decoded]);
  const effective = useMemo(() => catalogOfLink(catalog, decoded), [catalog, decoded]);
  const hardwareKey = acceleratorsOf(decoded.scenario).join(',');
  const hardwareIds = useMemo(() => hardwareKey.split(','), [hardwareKey]);
  // Deferred: the render that brings the figures runs in interruptible slices.
  const priced = useDeferredValue(
    useKernelCatalog(effective, hardwareIds, decoded.scenario.framework ?? 'sglang'),
  );
  // Nothing is planned until the kernel tables it is priced with have arrived.
  const waiting = priced.pending.length > 0;
  const result = useMemo(
    () => (waiting ? null : plan(decoded.scenario, priced.catalog)),
    [waiting, decoded.scenario, priced.catalog],
  );
  const words = describeScenario(decoded.scenario, effective);
  // A scenario on a custom model or custom hardware carries its spec, so the link works anywhere.
  const customSpecs = (s: ScenarioInput) =>
    customSpecsOf(s, decoded, effective, {
      modelIds: customModelIds,
      hardwareIds: customHardwareIds,
    });

  const write = (next: ScenarioInput) => {
    const params = new URLSearchParams(encodeScenarioParams(next, ...customSpecs(next)));
    const q = params.toString();
    latest.current = next;
    pending.current = { last: q, written: new Set([...(pending.current?.written ?? []), q]) };
    setParams(params, { replace: true });
  };
  /** Edits build on the last scenario written: the URL reaches the page in a transition, and an
   * edit made before it lands must not undo the one before (a price typed, then the GPU changed). */
  const edit = (change: (s: ScenarioInput) => ScenarioInput) => write(change(latest.current));
  // A bare /plan gets the full default scenario written into its address, so it is shareable as
  // is. The page already shows that scenario (an empty query decodes to it): the address is
  // rewritten in place, without a navigation the router would render the page again for.
  useEffect(() => {
    if (search !== '') return;
    const query = new URLSearchParams(encodeScenarioParams(DEFAULT_SCENARIO)).toString();
    window.history.replaceState(window.history.state, '', `?${query}${window.location.hash}`);
  }, [search]);

  return (
    <div className="planner">
      <h1 className="visually-hidden">Planner</h1>
      <section className="purpose" aria-label="What this page does">
        <p>
          <strong>Token Factory</strong> sizes and prices the serving of large Mixture-of-Experts
          models on GPU clusters: change any input and the memory, latency, throughput and cost
          follow. Terms are explained in the <Link to="/glossary">glossary</Link>.
        </p>
        <p className="purpose-question" data-testid="scenario-question">
          This scenario answers: <em>{scenarioQuestion(decoded.scenario, effective)}</em>
        </p>
      </section>
      <SummaryBar result={result} />
      <div className="planner-inputs">
        <LinkNotice ignored={decoded.ignored} newerVersion={decoded.newerVersion} search={search} />
        <ScenarioForm catalog={effective} scenario={decoded.scenario} onEdit={edit} />
      </div>
      <div className="results">
        <SaveBar
          scenario={decoded.scenario}
          customModel={customSpecs(decoded.scenario)[0]}
          customHardware={customSpecs(decoded.scenario)[1]}
        />
        {!result ? (
          <KernelsLoading gpus={decoded.scenario.hardware} />
        ) : result.ok ? (
          <>
            <Headline
              plan={result.plan}
              onApplyFewestGpus={(gpus, parallelism) =>
                write(withLayout(decoded.scenario, gpus, parallelism))
              }
            />
            {result.plan.runs && result.plan.serving.prefixCache ? (
              <Suspense fallback={<p role="status">Loading the prefix cache…</p>}>
                <PrefixCachePanel plan={result.plan} />
              </Suspense>
            ) : null}
            {result.plan.runs ? (
              <SimulationPanel scenario={decoded.scenario} catalog={priced.catalog} />
            ) : null}
            {result.plan.runs ? <StepBreakdown plan={result.plan} description={words} /> : null}
            {result.plan.runs ? (
              <OperatorRooflineView
                scenario={decoded.scenario}
                catalog={priced.catalog}
                description={words}
              />
            ) : null}
            <MemoryPlanView memory={result.plan.memory} description={words} />
            <SizingFacts plan={result.plan} />
          </>
        ) : (
          <section className="panel invalid" role="alert" data-testid="scenario-errors">
            <h2>This scenario cannot be planned</h2>
            <ul>
              {result.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </div>
  );
}
