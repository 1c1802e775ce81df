/**
 * `npm run --silent recommend -- demand.json` — the capacity search (design §2): the fleets that
 * serve the demand's peak within its SLA, cheapest first (or by its `rankBy`), each with its full
 * scenario, replicas, $/hour, $/month, megawatts, $/M output tokens and launch commands, and the
 * best fleet over the day. Invalid input exits 1 with a one-line reason on stderr.
 */
import { loadCatalogFromDisk } from '../catalog/node';
import { parseDemand, launchText, recommend } from '../core/capacity/recommend';
import { readJsonArg } from './read-json';

function fail(message: string): never {
  process.stderr.write(`recommend: ${message.replace(/\s+/g, ' ')}\n`);
  process.exit(1);
}

const input = readJsonArg(
  process.argv.slice(2),
  'npm run --silent recommend -- <demand.json | ->',
  fail,
);
const catalog = loadCatalogFromDisk();
const d = parseDemand(input, catalog);
if (!d.ok) fail(d.errors.join('; '));
const r = recommend(d.demand, catalog);
const out = {
  peakRequestsPerSec: r.peakRequestsPerSec,
  configurations: r.configurations,
  skipped: r.skipped,
  recommendations: r.recommendations.map((x) => ({
    scenario: x.scenario,
    replicas: x.replicas,
    gpusPerReplica: x.gpusPerReplica,
    gpus: x.gpus,
    mode: x.mode,
    requestsPerSecPerReplica: x.requestsPerSecPerReplica,
    headroom: x.headroom,
    ttftMs: x.ttftMs,
    tpotMs: x.tpotMs,
    tokPerSecPerUser: x.tokPerSecPerUser,
    usdPerGpuHour: x.usdPerGpuHour,
    usdPerHour: x.usdPerHour,
    usdPerMonth: x.usdPerMonth,
    megawatts: x.megawatts,
    powerBasis: x.powerBasis,
    usdPerMillionOutputTokens: x.usdPerMillionOutputTokens,
    launch: launchText(x.launch),
  })),
  day: r.day && {
    averageGpus: r.day.averageGpus,
    usdPerDay: r.day.scaling.usdPerDay,
    usdPerDayFixedFleet: r.day.fixed.usdPerDay,
    usdPerMonth: r.day.scaling.usdPerMonth,
    energyMWhPerDay: r.day.scaling.energyMWhPerDay,
    outputTokensPerDay: r.day.outputTokensPerDay,
    usdPerMillionOutputTokensDelivered: r.day.usdPerMillionOutputTokensDelivered.scaling,
    apiUsdPerDay: r.day.api?.usdPerDay ?? null,
    hours: r.day.hours,
  },
};
if (r.recommendations.length === 0)
  process.stderr.write('recommend: no configuration serves this demand within its SLA\n');
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
