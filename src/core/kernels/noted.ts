import { memoOn } from '../memo';
import type { KernelSource, Priced } from './priced';

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

/** A measured time carried past the shape its table reached: the time there plus `extraMs` (the
 * roofline of what lies beyond), with a note saying so. */
export function pricedPast(
  at: Priced,
  extraMs: number,
  noting: boolean,
  note: () => string,
): Priced {
  return { ...at, ms: at.ms + extraMs, source: notedSource(noting, at.source, note) };
}
