import type { HardwareSpec } from './hardware/schema';
import { GIB } from './hardware/schema';
import type { PoolMemory } from './memory';

const gib = (b: number): string => `${(b / GIB).toFixed(1)} GiB`;

/** Why one pool cannot run: its weights, its engine's reserve, or one sequence's KV. */
function poolReason(m: PoolMemory, hw: HardwareSpec, what: string, flagSet: boolean): string {
  const cap = `the ${gib(m.capacityBytesPerGpu)} of a ${hw.name}`;
  if (m.weightsBytesPerGpu > m.capacityBytesPerGpu)
    return `${what}the weights alone need ${gib(m.weightsBytesPerGpu)} per GPU, more than ${cap}`;
  const reserve = `the engine's reserve (${gib(m.workspaceBytesPerGpu)}: ${m.workspaceBasis.split(';')[0]})`;
  if (m.weightsBytesPerGpu + m.workspaceBytesPerGpu >= m.capacityBytesPerGpu)
    return `${what}the weights (${gib(m.weightsBytesPerGpu)}) and ${reserve} per GPU exceed ${cap}${flagSet ? '' : ', even with the memory flag at 95%'}`;
  const seq = (m.kvCacheBytesPerSequence + m.engineBytesPerSequence) * m.kvShareHeldPerGpu;
  return `${what}beside the weights (${gib(m.weightsBytesPerGpu)}) and ${reserve}, ${gib(m.freeBytesPerGpu + m.kvCacheBytesPerGpu)} per GPU is left, less than one sequence's KV cache (${gib(seq)})`;
}

/**
 * Why a deployment cannot run, or null when every pool holds its weights, its engine's reserve
 * and at least one sequence.
 */
export function cannotRunReason(
  decode: PoolMemory,
  prefill: PoolMemory | null,
  hw: HardwareSpec,
  /** The scenario set its own memory utilisation (no larger flag was tried). */
  flagSet: boolean,
): string | null {
  if (prefill && !prefill.fits) return poolReason(prefill, hw, 'in the prefill pool, ', flagSet);
  if (!decode.fits) return poolReason(decode, hw, prefill ? 'in the decode pool, ' : '', flagSet);
  return null;
}
