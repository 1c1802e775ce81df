import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { catalogQuery } from '../../catalog/queries';
import type { Catalog } from '../../core/catalog';
import { plan } from '../../core/plan';
import type { ScenarioInput } from '../../core/scenario/schema';
import { DEFAULT_SCENARIO } from '../../core/scenario/schema';
import { MemoryPlanView } from './memory-plan';
import { ScenarioForm } from './scenario-form';
import { SizingFacts } from './sizing-facts';
import { Headline } from './headline';

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

function Planner({ catalog }: { catalog: Catalog }) {
  const [scenario, setScenario] = useState<ScenarioInput>(DEFAULT_SCENARIO);
  const result = useMemo(() => plan(scenario, catalog), [scenario, catalog]);
  return (
    <div className="planner">
      <h1 className="visually-hidden">Planner</h1>
      <ScenarioForm catalog={catalog} scenario={scenario} onChange={setScenario} />
      <div className="results" aria-live="polite">
        {result.ok ? (
          <>
            <Headline plan={result.plan} />
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
