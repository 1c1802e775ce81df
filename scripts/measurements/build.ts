/**
 * Builds public/catalog/measurements.json from the two public sources in ../shared/reference:
 * measurements-public.csv (headline results, curated in headline.ts) and silicon-public.csv
 * (InferenceX points from AIConfigurator, already Scenarios). Fails on any row that is neither
 * curated nor skipped with a reason, and on any scenario the core refuses.
 *
 *   npx tsx scripts/measurements/build.ts [referenceDir]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadCatalogFromDisk } from '../../src/catalog/node';
import { plan } from '../../src/core/plan';
import type { MeasurementRow } from '../../src/core/validation/measurements';
import {
  notAsRecorded,
  fasterThanMemory,
  FASTER_THAN_MEMORY,
  TP_TIMES_EP,
  CONFLICTING_COPIES,
  CONTRADICTORY_RECORD,
  MISRECORDED_COPY,
  COPY_OF,
  deploymentKey,
  inconsistentRows,
  REPLICATED_DP,
  littleLawContradiction,
  memoryBoundsOf,
  repeatedMeasurements,
} from '../../src/core/validation/consistency';
import type { Prepared } from '../../src/core/prepare';
import { prepare } from '../../src/core/prepare';
import type { Framework, Protocol, ScenarioInput } from '../../src/core/scenario/schema';
import { documentedRunningLimit } from '../../src/core/framework';
import { CURATED, SKIPPED } from './headline';

const refDir = process.argv[2] ?? join(import.meta.dirname, '../../../shared/reference');
const SILICON_URL =
  'https://github.com/ai-dynamo/aiconfigurator/blob/main/aic-core/src/aiconfigurator_core/systems/silicon_sample.csv';

type Csv = Record<string, string>;
/** A framework's documented running-request limit over a deployment's instances (or none). */
function runningLimit(framework: Framework, modelId: string, instances: number): number {
  const perInstance = documentedRunningLimit(framework, catalog.models.get(modelId)!);
  return perInstance === null ? Infinity : perInstance * instances;
}

/** The scenario with the benchmark protocol its source ran, written into its workload. */
const withProtocol = (scenario: ScenarioInput, protocol: Protocol): ScenarioInput => ({
  ...scenario,
  workload: { ...scenario.workload, protocol },
});

const readCsv = (name: string): Csv[] =>
  parse(readFileSync(join(refDir, name), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as Csv[];

const catalog = loadCatalogFromDisk();
const problems: string[] = [];
const rows: MeasurementRow[] = [];
const skippedSilicon: Array<{ id: string; reason: string }> = [];

const headline = readCsv('measurements-public.csv');
const byId = new Map(headline.map((r) => [r.id!, r]));
const curatedIds = new Set(CURATED.map((c) => c.id.replace(/b$/, '')));
const skippedIds = new Set(SKIPPED.map((s) => s.id));
for (const id of byId.keys()) {
  if (!curatedIds.has(id) && !skippedIds.has(id))
    problems.push(`${id}: neither curated nor skipped`);
  if (curatedIds.has(id) && skippedIds.has(id)) problems.push(`${id}: both curated and skipped`);
}
for (const c of CURATED) {
  const src = byId.get(c.id.replace(/b$/, ''));
  if (!src) {
    problems.push(`${c.id}: not in measurements-public.csv`);
    continue;
  }
  const r = plan(c.scenario, catalog);
  if (!r.ok) problems.push(`${c.id}: ${r.errors.join('; ')}`);
  const confidence = /^\[(A-?|B)\]/.exec(src.notes ?? '')?.[1] ?? 'unrated';
  rows.push({
    id: c.id,
    set: 'headline',
    group: src.source_url!,
    sourceUrl: src.source_url!,
    date: src.date ?? '',
    confidence,
    // The protocol each source ran: trtllm-bench's offline max-throughput runs submit every
    // request at once; the other published runs are closed loops at a stated concurrency.
    scenario: withProtocol(c.scenario, c.offlineMax ? 'offline' : 'closed-loop'),
    metrics: c.metrics,
    ...(c.offlineMax ? { offlineMax: true } : {}),
    note: [src.notes, c.assume ? `Assumed: ${c.assume}` : ''].filter(Boolean).join(' | '),
  });
  const pre = prepare(c.scenario, catalog);
  const why =
    r.ok && pre.ok
      ? littleLawContradiction(
          c.scenario,
          c.metrics,
          memoryBoundsOf(pre.prepared, catalog),
          runningLimit(r.plan.scenario.framework, r.plan.model.id, r.plan.layout.decode.instances),
        )
      : null;
  if (why) rows[rows.length - 1]!.setAside = why;
}

// Each silicon row's recorded deployment, prepared once for the rules below.
const preparedSilicon = new Map<string, Prepared>();
// Why a silicon row's own record is not the deployment measured, by id.
const misrecorded = new Map<string, string>();
for (const s of readCsv('silicon-public.csv')) {
  // AIConfigurator's silicon rows are closed-loop benchmark runs at the recorded concurrency.
  const scenario = withProtocol(JSON.parse(s.scenario_json!), 'closed-loop');
  const r = prepare(scenario, catalog);
  if (!r.ok) {
    skippedSilicon.push({
      id: s.id!,
      reason: `the source scenario is invalid: ${r.errors.join('; ')}`,
    });
    continue;
  }
  rows.push({
    id: s.id!,
    set: 'silicon',
    group: scenario.hardware,
    sourceUrl: SILICON_URL,
    date: s.measured_at?.slice(0, 10) ?? '',
    confidence: 'silicon',
    scenario,
    metrics: { ttftMs: Number(s.ttft_ms), tpotMs: Number(s.tpot_ms) },
    note: `${s.backend} ${s.backend_version}, ${s.hf_model}`,
  });
  const why = notAsRecorded(s.id!, r.prepared);
  if (why) {
    rows[rows.length - 1]!.setAside = why;
    misrecorded.set(s.id!, why);
  }
  preparedSilicon.set(s.id!, r.prepared);
}

// Families of silicon rows whose recorded scenario contradicts itself (consistency.ts).
const contradictions = inconsistentRows(
  rows
    .filter((r) => r.set === 'silicon')
    .map((r) => ({ id: r.id, scenario: r.scenario, tpotMs: r.metrics.tpotMs })),
);
for (const r of rows) {
  const why = contradictions.get(r.id);
  if (why && !r.setAside) r.setAside = why;
}
// One measurement listed by several dumps counts once (and not at all if they disagree on the
// deployment); rows set aside by another rule take no part, so an earlier rule can settle a
// conflict, except that a misrecorded copy shows its deployment is wrong for every copy of it.
const repeated = repeatedMeasurements(
  rows
    .filter((r) => r.set === 'silicon' && (!r.setAside || misrecorded.has(r.id)))
    .map((r) => ({
      id: r.id,
      ttftMs: r.metrics.ttftMs,
      tpotMs: r.metrics.tpotMs,
      deployment: deploymentKey(preparedSilicon.get(r.id)!),
      misrecorded: misrecorded.get(r.id) ?? null,
    })),
);
for (const r of rows) {
  const why = repeated.get(r.id);
  if (why) r.setAside = why;
}
// Silicon rows whose TTFT and TPOT contradict their stated concurrency (Little's law), then
// those faster than their recorded deployment's memory can be read (consistency.ts).
let littleSilicon = 0;
for (const r of rows) {
  if (r.set !== 'silicon' || r.setAside) continue;
  const p = preparedSilicon.get(r.id)!;
  const little = littleLawContradiction(
    r.scenario,
    r.metrics,
    memoryBoundsOf(p, catalog),
    runningLimit(p.scenario.framework, p.model.id, p.decodeLayout.instances),
  );
  if (little) littleSilicon++;
  const why = little ?? fasterThanMemory(p, r.metrics);
  if (why) r.setAside = why;
}

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
const out = {
  version: new Date().toISOString().slice(0, 10),
  sources: {
    headline: 'reference/measurements-public.csv (curated in scripts/measurements/headline.ts)',
    silicon: SILICON_URL,
  },
  skipped: [...SKIPPED, ...skippedSilicon],
  rows,
};
writeFileSync(
  join(import.meta.dirname, '../../public/catalog/measurements.json'),
  JSON.stringify(out) + '\n',
);
const asideWith = (prefix: string) => rows.filter((r) => r.setAside?.startsWith(prefix)).length;
const silicon = rows.filter((r) => r.set === 'silicon');
console.log(
  [
    `measurements.json: ${rows.length} rows (${CURATED.length} headline, ${silicon.length} silicon)`,
    `${SKIPPED.length} headline and ${skippedSilicon.length} silicon rows skipped`,
    `${rows.filter((r) => r.set === 'headline' && r.setAside).length} headline rows set aside (Little's law)`,
    `${silicon.filter((r) => r.setAside).length} silicon rows set aside: ` +
      `${asideWith(CONTRADICTORY_RECORD)} in self-contradictory families, ` +
      `${asideWith(COPY_OF)} copies of another row, ` +
      `${asideWith(CONFLICTING_COPIES)} copies recording different deployments, ` +
      `${asideWith(MISRECORDED_COPY)} copies recording a deployment another copy of them proves wrong, ` +
      `${littleSilicon} by Little's law, ${asideWith(FASTER_THAN_MEMORY)} faster than memory, ` +
      `${asideWith(REPLICATED_DP)} attention-DP replicas, ` +
      `${asideWith(TP_TIMES_EP)} recording TP × EP GPUs for a TP server, ` +
      `the rest cannot run as recorded`,
  ].join('; '),
);
