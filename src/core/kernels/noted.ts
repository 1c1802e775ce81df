import { memoOn } from '../memo';
import type { KernelSource } from './priced';

const notes = new WeakMap<KernelSource, Map<string, KernelSource>>();

/**
 * A table's source with a note on how its time was carried past the shape it measured, for
 * "show the math". Without `noting` (a ledger that keeps no notes) the source as it is, and the
 * note is never formatted; the same note on the same source is one object.
 */
export function notedSource(noting: boolean, s: KernelSource, note: () => string): KernelSource {
  if (!noting) return s;
  const text = note();
  return memoOn(
    memoOn(notes, s, () => new Map<string, KernelSource>()),
    text,
    () => ({ ...s, key: s.key + text }),
  );
}
