import type { CacheTier } from '../workload/prefix-cache';

interface Level {
  tier: CacheTier;
  capacityTokens: number;
  usedTokens: number;
  /** Session → tokens held; Map keeps insertion order, so the first key is the least recent. */
  entries: Map<number, number>;
}

/**
 * Session contexts in a hierarchy of least-recently-used caches (GPU memory, then host DRAM, then
 * NVMe): a context is written to the fastest tier; what that tier evicts moves down one tier, and
 * what the last one evicts is gone. Reading a context takes it out (its turn writes it back,
 * longer, when it ends). Capacities are in tokens of KV.
 */
export class TieredLru {
  private readonly levels: Level[];

  constructor(tiers: ReadonlyArray<{ tier: CacheTier; capacityTokens: number }>) {
    this.levels = tiers.map((t) => ({
      tier: t.tier,
      capacityTokens: Math.max(0, t.capacityTokens),
      usedTokens: 0,
      entries: new Map(),
    }));
  }

  /** Takes a session's context out of the cache: its tokens and the tier it was in, or null. */
  take(session: number): { tokens: number; tier: CacheTier } | null {
    for (const l of this.levels) {
      const tokens = l.entries.get(session);
      if (tokens === undefined) continue;
      l.entries.delete(session);
      l.usedTokens -= tokens;
      return { tokens, tier: l.tier };
    }
    return null;
  }

  /** Writes a context to the fastest tier, pushing what no longer fits down the hierarchy. */
  put(session: number, tokens: number): void {
    this.insert(0, session, tokens);
  }

  private insert(level: number, session: number, tokens: number): void {
    const l = this.levels[level];
    if (!l) return;
    if (tokens > l.capacityTokens) {
      this.insert(level + 1, session, tokens);
      return;
    }
    l.entries.set(session, tokens);
    l.usedTokens += tokens;
    while (l.usedTokens > l.capacityTokens) {
      const oldest = l.entries.keys().next().value as number;
      const size = l.entries.get(oldest)!;
      l.entries.delete(oldest);
      l.usedTokens -= size;
      this.insert(level + 1, oldest, size);
    }
  }
}
