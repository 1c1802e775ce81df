import type { HardwareKernels } from '../core/kernels/schema';
import { HardwareKernels as HardwareKernelsSchema } from '../core/kernels/schema';

/** Fetches one GPU's kernel table file and checks it against its schema; returns its text too. */
export async function readKernelsFile(
  url: string,
  signal?: AbortSignal,
): Promise<{ kernels: HardwareKernels; text: string }> {
  const res = await fetch(url, { signal: signal ?? null });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${url}: not JSON`);
  }
  const parsed = HardwareKernelsSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${url}: not a kernel table file`);
  return { kernels: parsed.data, text };
}
