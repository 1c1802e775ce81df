import { z } from 'zod';
import { HardwareSpec } from '../core/hardware/schema';
import { ModelSpec, modelSpecProblems } from '../core/model/schema';
import { copyAside, onOtherTabWrite, readItem, writeItem } from './storage';
import type { WriteResult } from './storage';

/**
 * Custom models and hardware in localStorage: { version: 1, models, hardware }, validated on
 * read; unreadable data is copied aside and reported, never dropped.
 */
export const CUSTOM_KEY = 'tokenfactory.custom';
const Envelope = z.object({
  version: z.literal(1),
  models: z.array(z.unknown()),
  hardware: z.array(z.unknown()),
});

export interface CustomCatalog {
  models: ModelSpec[];
  hardware: HardwareSpec[];
  problems: string[];
}

export function parseCustom(raw: string | null): CustomCatalog {
  if (raw === null) return { models: [], hardware: [], problems: [] };
  const aside = (why: string) => {
    const kept = copyAside(CUSTOM_KEY, raw);
    return kept.ok
      ? `${why}: kept under "${kept.key}"`
      : `${why}: could not be copied aside (${kept.reason})`;
  };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return {
      models: [],
      hardware: [],
      problems: [aside('Custom models and hardware were corrupted')],
    };
  }
  const env = Envelope.safeParse(json);
  if (!env.success)
    return {
      models: [],
      hardware: [],
      problems: [aside('Custom models and hardware are in an unknown format')],
    };
  const models: ModelSpec[] = [];
  const hardware: HardwareSpec[] = [];
  let bad = 0;
  for (const m of env.data.models) {
    const r = ModelSpec.safeParse(m);
    if (r.success && modelSpecProblems(r.data).length === 0) models.push(r.data);
    else bad += 1;
  }
  for (const h of env.data.hardware) {
    const r = HardwareSpec.safeParse(h);
    if (r.success) hardware.push(r.data);
    else bad += 1;
  }
  return {
    models,
    hardware,
    problems: bad ? [aside(`${bad} custom entries were unreadable`)] : [],
  };
}

export class CustomCatalogStore {
  private snapshot: CustomCatalog = parseCustom(readItem(CUSTOM_KEY));
  private listeners = new Set<() => void>();
  private off: (() => void) | null = null;
  getSnapshot = (): CustomCatalog => this.snapshot;
  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    this.off ??= onOtherTabWrite(CUSTOM_KEY, () => {
      this.snapshot = parseCustom(readItem(CUSTOM_KEY));
      this.listeners.forEach((x) => x());
    });
    return () => {
      this.listeners.delete(l);
      if (!this.listeners.size) {
        this.off?.();
        this.off = null;
      }
    };
  };
  private save(models: ModelSpec[], hardware: HardwareSpec[]): WriteResult {
    const r = writeItem(CUSTOM_KEY, JSON.stringify({ version: 1, models, hardware }));
    if (r.ok) {
      this.snapshot = { models, hardware, problems: this.snapshot.problems };
      this.listeners.forEach((x) => x());
    }
    return r;
  }
  putModel(m: ModelSpec): WriteResult {
    const cur = parseCustom(readItem(CUSTOM_KEY));
    return this.save([...cur.models.filter((x) => x.id !== m.id), m], cur.hardware);
  }
  putHardware(h: HardwareSpec): WriteResult {
    const cur = parseCustom(readItem(CUSTOM_KEY));
    return this.save(cur.models, [...cur.hardware.filter((x) => x.id !== h.id), h]);
  }
  removeModel(id: string): WriteResult {
    const cur = parseCustom(readItem(CUSTOM_KEY));
    return this.save(
      cur.models.filter((x) => x.id !== id),
      cur.hardware,
    );
  }
  removeHardware(id: string): WriteResult {
    const cur = parseCustom(readItem(CUSTOM_KEY));
    return this.save(
      cur.models,
      cur.hardware.filter((x) => x.id !== id),
    );
  }
}
