/**
 * `npm run --silent plan -- scenario.json` — prints the plan as JSON (design §2 CLI contract).
 * A file holding an array prints an array in the same order, with {"error": "..."} for each
 * invalid entry, and exits 0. A single invalid scenario exits 1 with a one-line reason on stderr.
 */
import { loadCatalogFromDisk } from '../catalog/node';
import { plan } from '../core/plan';
import { readJsonArg } from './read-json';

/** Writes to stdout, waiting for the pipe to drain when it is full. */
function write(text: string): Promise<void> {
  return process.stdout.write(text)
    ? Promise.resolve()
    : new Promise((resolve) => process.stdout.once('drain', () => resolve()));
}

function fail(message: string): never {
  process.stderr.write(`plan: ${message.replace(/\s+/g, ' ')}\n`);
  process.exit(1);
}

async function main(argv: string[]): Promise<void> {
  const input = readJsonArg(argv, 'npm run --silent plan -- <scenario.json | ->', fail);
  const catalog = loadCatalogFromDisk();
  if (Array.isArray(input)) {
    // Streamed one plan at a time: the whole array as one string passes V8's string limit
    // (about 512 MB, some 146,000 plans).
    await write('[');
    for (const [i, s] of input.entries()) {
      const r = plan(s, catalog);
      await write((i ? ',' : '') + JSON.stringify(r.ok ? r.plan : { error: r.errors.join('; ') }));
    }
    await write(']\n');
    return;
  }
  const r = plan(input, catalog);
  if (!r.ok) fail(r.errors.join('; '));
  process.stdout.write(JSON.stringify(r.plan, null, 2) + '\n');
}

await main(process.argv.slice(2));
