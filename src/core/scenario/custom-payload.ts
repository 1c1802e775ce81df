import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { HardwareSpec } from '../hardware/schema';
import { ModelSpec, modelSpecProblems } from '../model/schema';

/**
 * A custom model or custom hardware carried inside a link (keys cm and ch): JSON compressed with
 * lz-string, validated on the way in, size-limited so a hostile link stays cheap.
 */

/** Limits that keep a hostile link cheap: a custom model payload and what it may expand to. */
export const MAX_CUSTOM_MODEL_PARAM_CHARS = 16_000;
export const MAX_CUSTOM_MODEL_JSON_CHARS = 64_000;

/** A payload compressed with lz-string, size-limited before and after decompression. */
function decodeCompressed(value: string): { json: unknown } | string {
  if (value.length > MAX_CUSTOM_MODEL_PARAM_CHARS)
    return `longer than ${MAX_CUSTOM_MODEL_PARAM_CHARS} characters`;
  let json: string | null;
  try {
    json = decompressFromEncodedURIComponent(value);
  } catch {
    return 'not a compressed payload';
  }
  if (!json) return 'not a compressed payload';
  if (json.length > MAX_CUSTOM_MODEL_JSON_CHARS) return 'expands beyond the size limit';
  try {
    return { json: JSON.parse(json) as unknown };
  } catch {
    return 'not valid JSON';
  }
}

export function decodeCustomHardware(value: string): HardwareSpec | string {
  const raw = decodeCompressed(value);
  if (typeof raw === 'string') return raw;
  const parsed = HardwareSpec.safeParse(raw.json);
  return parsed.success
    ? parsed.data
    : `not valid hardware: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim();
}

export function decodeCustomModel(value: string): ModelSpec | string {
  const raw = decodeCompressed(value);
  if (typeof raw === 'string') return raw;
  const parsed = ModelSpec.safeParse(raw.json);
  if (!parsed.success)
    return `not a valid model: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim();
  const problems = modelSpecProblems(parsed.data);
  return problems.length ? `not a valid model: ${problems[0]}` : parsed.data;
}

/** A custom entry as the compressed text a link carries. */
export const encodeCustomPayload = (entry: unknown): string =>
  compressToEncodedURIComponent(JSON.stringify(entry));
