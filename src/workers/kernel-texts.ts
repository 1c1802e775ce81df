import type { HardwareKernels } from '../core/kernels/schema';

/**
 * The JSON text each loaded kernel table was parsed from. A table of a few MB is thousands of
 * small arrays: a structured clone of six of them to the sweep worker takes half a second, while
 * their text crosses as one copy and JSON.parse rebuilds them there in a fifth of that.
 */
const texts = new WeakMap<HardwareKernels, string>();

export function rememberKernelsText(kernels: HardwareKernels, text: string): HardwareKernels {
  texts.set(kernels, text);
  return kernels;
}

/** The text a table was loaded from, where it came through the data worker. */
export const kernelsTextOf = (kernels: HardwareKernels): string | undefined => texts.get(kernels);
