import type { HardwareKernels, KernelFramework } from '../core/kernels/schema';
import { fetchOk } from './fetch-ok';
import { HardwareKernels as HardwareKernelsSchema } from '../core/kernels/schema';

/** Fetches one GPU's kernel table file and checks it against its schema; returns its text too. */
export async function readKernelsFile(
  url: string,
  signal?: AbortSignal,
): Promise<{ kernels: HardwareKernels; text: string }> {
  const text = await (await fetchOk(url, signal)).text();
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

/** The tables of one framework only (what a view planning with one engine needs). */
export const onlyFramework = (k: HardwareKernels, f: KernelFramework): HardwareKernels => ({
  ...k,
  frameworks: { [f]: k.frameworks[f] },
});
