import { readFileSync } from 'node:fs';
import { parseJsonText } from '../core/json-text';

/**
 * The JSON of the one file a CLI takes (`-` reads stdin), or a call to `fail` with the usage or
 * the one-line reason it cannot be read.
 */
export function readJsonArg(
  argv: string[],
  usage: string,
  fail: (message: string) => never,
): unknown {
  const path = argv[0];
  if (!path || argv.length > 1) fail(`usage: ${usage}`);
  let text = '';
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    fail(`cannot read ${path}: ${(e as Error).message}`);
  }
  const parsed = parseJsonText(text);
  if ('error' in parsed) fail(`${path} is not valid JSON: ${parsed.error}`);
  return parsed.value;
}
