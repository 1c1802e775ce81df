/**
 * `npm run --silent simulate -- [--requests N] [--seed S] scenario.json` — simulates the scenario
 * request by request and prints the latency percentiles as JSON (design §2 CLI contract). An
 * invalid scenario exits 1 with a one-line reason on stderr.
 */
import { loadCatalogFromDisk } from '../catalog/node';
import { MAX_SIMULATED_REQUESTS, simulate } from '../core/sim/simulate';
import { readJsonArg } from './read-json';

const USAGE = 'npm run --silent simulate -- [--requests N] [--seed S] <scenario.json | ->';

function fail(message: string): never {
  process.stderr.write(`simulate: ${message.replace(/\s+/g, ' ')}\n`);
  process.exit(1);
}

function flag(argv: string[], name: string, min: number, max: number): number | undefined {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const raw = argv[i + 1];
  const n = Number(raw);
  if (raw === undefined || !Number.isInteger(n) || n < min || n > max)
    fail(`${name} takes a whole number from ${min} to ${max}`);
  argv.splice(i, 2);
  return n;
}

const argv = process.argv.slice(2);
const requests = flag(argv, '--requests', 100, MAX_SIMULATED_REQUESTS);
const seed = flag(argv, '--seed', 0, 2 ** 31);
const input = readJsonArg(argv, USAGE, fail);
const r = simulate(input, loadCatalogFromDisk(), {
  ...(requests !== undefined ? { requests } : {}),
  ...(seed !== undefined ? { seed } : {}),
});
if (!r.ok) fail(r.errors.join('; '));
// The histograms are the chart's; the CLI prints the figures.
process.stdout.write(
  JSON.stringify(r.result, (key, value: unknown) => (key === 'histograms' ? undefined : value), 2) +
    '\n',
);
