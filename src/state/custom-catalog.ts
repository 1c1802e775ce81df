import { z } from 'zod';
import { HardwareSpec } from '../core/hardware/schema';
import { ModelSpec, modelSpecProblems } from '../core/model/schema';
import type { WriteResult } from './storage';
import type { AsideCopy, VersionedSpec } from './versioned-store';
import { decode, snapshotView, VersionedStore } from './versioned-store';

/**
 * Custom models and hardware in localStorage: { version: 1, models, hardware }, kept by the
 * versioned store (versioned-store.ts): validated on read; unreadable data is copied aside once
 * and reported, never dropped.
 */
export const CUSTOM_KEY = 'tokenfactory.custom';
const Envelope = z.object({
  version: z.literal(1),
  models: z.array(z.unknown()),
  hardware: z.array(z.unknown()),
});

export interface CustomEntries {
  models: ModelSpec[];
  hardware: HardwareSpec[];
}

export interface CustomCatalog extends CustomEntries {
  problems: string[];
  /** Unreadable entries kept aside, until the user exports or deletes them. */
  asides: AsideCopy[];
}

export const CUSTOM_SPEC: VersionedSpec<CustomEntries> = {
  key: CUSTOM_KEY,
  label: 'Custom models and hardware',
  entry: ['custom entry', 'custom entries'],
  version: 1,
  empty: { models: [], hardware: [] },
  migrate: (json) => {
    const version = (json as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > 1)
      return { error: `saved by a newer version of Token Factory (format ${version})` };
    const env = Envelope.safeParse(json);
    return env.success ? { value: env.data, migrated: false } : { error: 'in an unknown format' };
  },
  validate: (value) => {
    const env = value as z.infer<typeof Envelope>;
    const models: ModelSpec[] = [];
    const hardware: HardwareSpec[] = [];
    const unreadable: unknown[] = [];
    for (const m of env.models) {
      const r = ModelSpec.safeParse(m);
      if (r.success && modelSpecProblems(r.data).length === 0) models.push(r.data);
      else unreadable.push(m);
    }
    for (const h of env.hardware) {
      const r = HardwareSpec.safeParse(h);
      if (r.success) hardware.push(r.data);
      else unreadable.push(h);
    }
    return { data: { models, hardware }, unreadable };
  },
  serialize: (d, rev) =>
    JSON.stringify({ version: 1, rev, models: d.models, hardware: d.hardware }),
};

/** What storage holds, read without side effects. */
export function parseCustom(raw: string | null): CustomCatalog {
  const d = decode(CUSTOM_SPEC, raw);
  return { ...d.data, problems: d.aside ? [d.aside.why] : [], asides: [] };
}

export class CustomCatalogStore {
  private store = new VersionedStore(CUSTOM_SPEC);

  getSnapshot: () => CustomCatalog = snapshotView(this.store, (s) => ({
    ...s.data,
    problems: s.problems,
    asides: s.asides,
  }));

  subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  putModel(m: ModelSpec): Promise<WriteResult> {
    return this.store.update((c) => ({
      next: { models: [...c.models.filter((x) => x.id !== m.id), m], hardware: c.hardware },
    }));
  }

  putHardware(h: HardwareSpec): Promise<WriteResult> {
    return this.store.update((c) => ({
      next: { models: c.models, hardware: [...c.hardware.filter((x) => x.id !== h.id), h] },
    }));
  }

  removeModel(id: string): Promise<WriteResult> {
    return this.store.update((c) => ({
      next: { models: c.models.filter((x) => x.id !== id), hardware: c.hardware },
    }));
  }

  removeHardware(id: string): Promise<WriteResult> {
    return this.store.update((c) => ({
      next: { models: c.models, hardware: c.hardware.filter((x) => x.id !== id) },
    }));
  }

  dismissProblems(): void {
    this.store.dismissProblems();
  }

  asideText(key: string): string | null {
    return this.store.asideText(key);
  }

  discardAside(key: string): Promise<WriteResult> {
    return this.store.discardAside(key);
  }
}
