import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { catalogQuery } from '../../catalog/queries';
import type { Catalog } from '../../core/catalog';
import { withCustom } from '../../core/catalog';
import { plan } from '../../core/plan';
import type { ScenarioInput } from '../../core/scenario/schema';
import { DEFAULT_SCENARIO } from '../../core/scenario/schema';
import type { DecodedScenario } from '../../core/scenario/url-codec';
import { decodeScenarioParams, encodeScenarioParams } from '../../core/scenario/url-codec';
import { Headline } from './headline';
import { LinkNotice } from './link-notice';
import { MemoryPlanView } from './memory-plan';
import { SaveBar } from './save-bar';
import { ScenarioForm } from './scenario-form';
import { SizingFacts } from './sizing-facts';
import { StepBreakdown } from './step-breakdown';

export function PlannerPage() {
  const catalog = useQuery(catalogQuery);
  if (catalog.isPending)
    return (
      <p className="panel" role="status">
        Loading the catalog…
      </p>
    );
  if (catalog.isError)
    return (
      <section className="panel" role="alert">
        <h1>The catalog could not be loaded</h1>
        <p>{catalog.error.message}</p>
        <button type="button" onClick={() => void catalog.refetch()}>
          Try again
        </button>
      </section>
    );
  return <Planner catalog={catalog.data} />;
}

const FRESH: DecodedScenario = {
  scenario: DEFAULT_SCENARIO,
  customModel: null,
  ignored: [],
  newerVersion: false,
};

/** The Planner: the URL is the state; inputs replace it (no history entry per keystroke). */
function Planner({ catalog }: { catalog: Catalog }) {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const known = useMemo(
    () => ({ models: new Set(catalog.models.keys()), hardware: new Set(catalog.hardware.keys()) }),
    [catalog],
  );
  const decoded = useMemo(
    () => (search === '' ? FRESH : decodeScenarioParams([...new URLSearchParams(search)], known)),
    [search, known],
  );
  const effective = useMemo(
    () => (decoded.customModel ? withCustom(catalog, [decoded.customModel], []) : catalog),
    [catalog, decoded.customModel],
  );
  const result = useMemo(() => plan(decoded.scenario, effective), [decoded.scenario, effective]);
  const [dismissedFor, setDismissedFor] = useState<string | null>(null);

  const write = (next: ScenarioInput) =>
    setParams(new URLSearchParams(encodeScenarioParams(next, decoded.customModel)), {
      replace: true,
    });
  // A bare /plan gets the full default scenario written into its URL, so it is shareable as is.
  useEffect(() => {
    if (search === '')
      setParams(new URLSearchParams(encodeScenarioParams(DEFAULT_SCENARIO)), { replace: true });
  }, [search, setParams]);

  return (
    <div className="planner">
      <h1 className="visually-hidden">Planner</h1>
      <div className="planner-inputs">
        {dismissedFor !== search && (decoded.ignored.length > 0 || decoded.newerVersion) ? (
          <LinkNotice decoded={decoded} onDismiss={() => setDismissedFor(search)} />
        ) : null}
        <ScenarioForm catalog={effective} scenario={decoded.scenario} onChange={write} />
      </div>
      <div className="results">
        <SaveBar scenario={decoded.scenario} customModel={decoded.customModel} />
        {result.ok ? (
          <>
            <Headline plan={result.plan} />
            <StepBreakdown plan={result.plan} />
            <MemoryPlanView memory={result.plan.memory} />
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
