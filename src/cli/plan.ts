/**
 * `npm run --silent plan -- scenario.json` — prints the plan as JSON (design §2 CLI contract).
 * A file holding an array prints an array in the same order, with {"error": "..."} for each
 * invalid entry, and exits 0. A single invalid scenario exits 1 with a one-line reason on stderr.
 */
import { readFileSync } from 'node:fs';
import { loadCatalogFromDisk } from '../catalog/node';
import { plan } from '../core/plan';

function fail(message: string): never {
  process.stderr.write(`plan: ${message.replace(/\s+/g, ' ')}\n`);
  process.exit(1);
}

function main(argv: string[]): void {
  const path = argv[0];
  if (!path || argv.length > 1) fail('usage: npm run --silent plan -- <scenario.json | ->');
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    fail(`cannot read ${path}: ${(e as Error).message}`);
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (e) {
    fail(`${path} is not valid JSON: ${(e as Error).message}`);
  }
  const catalog = loadCatalogFromDisk();
  if (Array.isArray(input)) {
    const out = input.map((s) => {
      const r = plan(s, catalog);
      return r.ok ? r.plan : { error: r.errors.join('; ') };
    });
    process.stdout.write(JSON.stringify(out) + '\n');
    return;
  }
  const r = plan(input, catalog);
  if (!r.ok) fail(r.errors.join('; '));
  process.stdout.write(JSON.stringify(r.plan, null, 2) + '\n');
}

main(process.argv.slice(2));
