import { BarChart } from '../../components/bar-chart';
import { TableScroll } from '../../components/table-scroll';
import type { Demand } from '../../core/capacity/demand';
import type { Catalog } from '../../core/catalog';
import { describeScenario } from '../../core/scenario/describe';
import { fleetDay } from '../../core/capacity/day';
import type { RankedFleet } from '../../core/capacity/recommend';
import { daySeries, fleetLayout, usd } from './capacity-model';
import { enNumber } from '../../core/en-number';

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const pct = (v: number) => (v * 100).toFixed(0);

/** One fleet over the day: replicas per hour, cost and energy per day, $/M delivered vs the API. */
export function FleetDayPanel({
  demand,
  fleet,
  catalog,
}: {
  demand: Demand;
  fleet: RankedFleet;
  catalog: Catalog;
}) {
  const day = fleetDay(demand, fleet);
  const chart = daySeries(day, fleet.replicas);
  const perM = (v: number | null) => (v === null ? '—' : `$${v.toFixed(3)}`);
  return (
    <section className="panel" aria-labelledby="day-title">
      <h2 id="day-title">
        The day of {fleet.replicas} × {fleet.gpusPerReplica} {fleet.scenario.hardware} (
        {fleetLayout(fleet)})
      </h2>
      <BarChart
        title="Replicas per hour"
        description={`${fleet.replicas} × ${fleet.gpusPerReplica} GPUs at the peak: ${describeScenario(fleet.scenario, catalog)}`}
        categories={chart.categories}
        series={chart.series}
        unit="replicas"
        fileName="capacity-day"
      />
      <TableScroll label={'The fleet over the day'}>
        <table className="day-table" data-testid="day-table">
          <thead>
            <tr>
              <th scope="col">Fleet</th>
              <th scope="col">$ per day</th>
              <th scope="col">$ per month</th>
              <th scope="col">Energy (MWh per day)</th>
              <th scope="col">$ per 1M output tokens delivered</th>
              <th scope="col">Utilisation over the day (%)</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Fixed for the peak</th>
              <td>{usd(day.fixed.usdPerDay)}</td>
              <td>{usd(day.fixed.usdPerMonth)}</td>
              <td>{day.fixed.energyMWhPerDay.toFixed(2)}</td>
              <td>{perM(day.usdPerMillionOutputTokensDelivered.fixed)}</td>
              <td>{pct(mean(day.hours.map((h) => h.utilisationFixed)))}</td>
            </tr>
            <tr>
              <th scope="row">Scaling by the hour (average {day.averageGpus.toFixed(1)} GPUs)</th>
              <td>{usd(day.scaling.usdPerDay)}</td>
              <td>{usd(day.scaling.usdPerMonth)}</td>
              <td>{day.scaling.energyMWhPerDay.toFixed(2)}</td>
              <td>{perM(day.usdPerMillionOutputTokensDelivered.scaling)}</td>
              <td>{pct(mean(day.hours.map((h) => h.utilisation)))}</td>
            </tr>
          </tbody>
        </table>
      </TableScroll>
      <p className="panel-note">
        {enNumber(Math.round(day.outputTokensPerDay / 1e6))} M output and{' '}
        {enNumber(Math.round(day.inputTokensPerDay / 1e6))} M input tokens a day.{' '}
        {day.api
          ? `The same tokens through the DeepSeek API, every input token a cache miss: ${usd(day.api.usdPerDay)} per day (${day.api.source}).`
          : 'No DeepSeek API price for this model.'}
      </p>
    </section>
  );
}
