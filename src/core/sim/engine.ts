import type { CacheTier } from '../workload/prefix-cache';
import type { WorkloadShape } from '../workload/shape';
import type { Protocol } from '../scenario/schema';
import type { Random } from './random';
import { exponential, gamma, lengthAround } from './random';
import type { StepTable } from './step-table';
import { TieredLru } from './tiered-lru';
import { MinHeap } from './min-heap';

/** What one simulated instance runs: its ranks, how requests arrive, and its cache. */
export interface EngineSetup {
  shape: WorkloadShape;
  protocol: Protocol;
  /** Closed loop and offline: the users of this instance. */
  users: number;
  /** Poisson: this instance's arrival rate (requests/s), and the gamma shape of its gaps. */
  requestsPerSec: number;
  burstiness: number;
  /** Attention ranks stepping together, and how many sequences each may run. */
  ranks: number;
  maxPerRank: number;
  acceptanceLength: number;
  requestOverheadMs: number;
  /** A closed-loop user's mean cycle (ms): its users start spread over one. */
  cycleMs: number;
  decode: StepTable;
  /** Disaggregated: the prefill servers feeding this instance (null: chunked prefill inline). */
  prefill: PrefillServers | null;
  cache: SimCache | null;
  requests: number;
  rng: Random;
}

export interface PrefillServers {
  servers: number;
  /** Prompts a server batches per step, and the batch's time for `count` prompts of `tokens`. */
  perStep: number;
  /** Prompts longer than this run alone. */
  batchTokens: number;
  stepMs(count: number, tokens: number): number;
  /** KV crossing to the decode pool (ms). */
  transferMs: number;
}

export interface SimCache {
  /** Per rank, KV tokens each tier holds (the shared prefix already set aside). */
  tiers: Array<{ tier: CacheTier; capacityTokens: number; msPerToken: number }>;
  /** Tiers whose hits are recomputed (slower to load than to prefill). */
  recomputed: ReadonlySet<CacheTier>;
  /** Where the shared prefix lives (null: recomputed, or nothing shared). */
  sharedTier: CacheTier | null;
  sharedMsPerToken: number;
  /** A measured hit share (null: the LRU decides). */
  measuredShare: number | null;
  measuredMsPerToken: number;
}

/** One request's record (ms from the start of the run). */
export interface Outcome {
  arrivalMs: number;
  firstTokenMs: number;
  finishMs: number;
  outputTokens: number;
  inputTokens: number;
  hitTokens: number;
  hitTier: CacheTier | null;
}

interface Req {
  user: number;
  session: number;
  turn: number;
  /** The session's own context once this turn's prompt is read (shared prefix excluded). */
  context: number;
  arrivalMs: number;
  input: number;
  output: number;
  hit: number;
  hitTier: CacheTier | null;
  /** Prompt tokens still to prefill. */
  remaining: number;
  rank: number;
  firstTokenMs: number;
  /** Disaggregated: waiting for the prefill pool (else for a decode slot). */
  toPrefill: boolean;
}

interface Rank {
  queue: Req[];
  head: number;
  /** The prompt this rank prefills (aggregated). */
  prefilling: Req | null;
  /** Requests whose first decode step is the next one (disaggregated). */
  joining: Req[];
  /** Decoding requests by the rank's step count at which they finish. */
  decoding: MinHeap<Req>;
  steps: number;
}

const waiting = (k: Rank) => k.queue.length - k.head;
const running = (k: Rank) => k.decoding.size + k.joining.length + (k.prefilling ? 1 : 0);

/** The mean tokens a session turn adds beside the answers before it (WorkloadShape's inverse). */
function addedPerTurn(shape: WorkloadShape): number {
  const T = shape.turns;
  return Math.max(
    1,
    (shape.inputTokens - shape.sharedPrefixTokens - ((T - 1) / 2) * shape.outputTokens) /
      ((T + 1) / 2),
  );
}

/**
 * A request-level discrete-event simulation of one serving instance: arrivals, the queue for a
 * running slot, chunked prefill (or a prefill pool and the KV transfer), continuous batching of
 * the decode with its ranks in lockstep (a step lasts as long as its busiest rank), a prefix
 * cache per rank, and sessions that think between turns. Time jumps from event to event: between
 * two, every step of the instance is the same step.
 */
export function runEngine(s: EngineSetup): Outcome[] {
  const { shape, rng } = s;
  const a = s.acceptanceLength;
  const chunk = s.decode.chunkTokens;
  const out: Outcome[] = [];
  const ranks: Rank[] = Array.from({ length: s.ranks }, () => ({
    queue: [],
    head: 0,
    prefilling: null,
    joining: [],
    decoding: new MinHeap<Req>(),
    steps: 0,
  }));
  const cache = s.cache;
  const lru = cache
    ? ranks.map(
        () =>
          new TieredLru(
            cache.tiers.map((t) => ({ tier: t.tier, capacityTokens: t.capacityTokens })),
          ),
      )
    : null;
  const msPerToken = new Map(cache?.tiers.map((t) => [t.tier, t.msPerToken]) ?? []);
  const turns = shape.turns;
  const added = addedPerTurn(shape);
  /** Requests by the time they are sent, and by the time they enter the prefill pool's queue
   * or a rank's queue. */
  const sent = new MinHeap<Req>();
  const timed = new MinHeap<Req>();
  const prefillQueue: Req[] = [];
  let prefillHead = 0;
  const serverFree = new Float64Array(s.prefill?.servers ?? 0);
  let sessions = 0;
  const sessionRank: number[] = [];
  const poisson = s.protocol === 'poisson';
  const quota = s.protocol === 'offline' ? Math.min(s.requests, s.users) : s.requests;
  let submitted = 0;

  /** Requests sent to each rank and not yet finished (wherever they wait); sessions living on
   * each rank (thinking ones too: their next turn comes back to it). */
  const assigned = new Int32Array(ranks.length);
  const living = new Int32Array(ranks.length);
  const leastOf = (load: Int32Array) => {
    let best = 0;
    for (let r = 1; r < ranks.length; r++) if (load[r]! < load[best]!) best = r;
    return best;
  };
  const leastLoaded = () => leastOf(turns > 1 ? living : assigned);

  /** Turn `turn` of a session (turn 1 opens a new one), sent at `t`. */
  const submit = (user: number, session: number, turn: number, context: number, t: number) => {
    submitted++;
    if (turn === 1) {
      session = sessions++;
      context = 0;
    }
    const shared = shape.sharedPrefixTokens;
    const own =
      turns > 1
        ? context + lengthAround(rng, added, shape.inputSpread)
        : lengthAround(rng, shape.inputTokens - shared, shape.inputSpread);
    const input = shared + own;
    const output = lengthAround(rng, shape.outputTokens, shape.outputSpread);
    const r: Req = {
      user,
      session,
      turn,
      context: own,
      arrivalMs: t,
      input,
      output,
      hit: 0,
      hitTier: null,
      remaining: input,
      rank: 0,
      firstTokenMs: 0,
      toPrefill: s.prefill !== null,
    };
    sent.push(t, r);
  };

  /** A request reaches the server: it finds its rank, and what of its prompt is cached. */
  const arrive = (r: Req) => {
    // A session stays on its rank (its cache is there); a lone request goes where least waits.
    if (r.turn === 1) {
      sessionRank[r.session] = leastLoaded();
      living[sessionRank[r.session]!]!++;
    }
    const rank = sessionRank[r.session]!;
    r.rank = rank;
    assigned[rank]!++;
    const shared = shape.sharedPrefixTokens;
    let hit = 0;
    let hitTier: CacheTier | null = null;
    let loadMs = 0;
    if (cache && cache.measuredShare !== null) {
      hit = Math.floor(cache.measuredShare * r.input);
      loadMs = hit * cache.measuredMsPerToken;
    } else if (cache) {
      if (cache.sharedTier && shared > 0) {
        hit = shared;
        hitTier = cache.sharedTier;
        loadMs = shared * cache.sharedMsPerToken;
      }
      const found = turns > 1 ? lru![rank]!.take(r.session) : null;
      if (found && !cache.recomputed.has(found.tier)) {
        const reused = Math.max(0, Math.min(found.tokens, r.input - hit - 1));
        hit += reused;
        hitTier = found.tier;
        loadMs += reused * (msPerToken.get(found.tier) ?? 0);
      }
    }
    r.hit = hit;
    r.hitTier = hitTier;
    r.remaining = Math.max(1, r.input - hit);
    timed.push(r.arrivalMs + s.requestOverheadMs + loadMs, r);
  };

  const thinkThenSubmit = (r: Req, t: number) => {
    const think = shape.thinkSeconds > 0 ? exponential(rng, shape.thinkSeconds * 1000) : 0;
    submit(r.user, r.session, r.turn + 1, r.context + r.output, t + think);
  };

  const finish = (r: Req, t: number) => {
    assigned[r.rank]!--;
    out.push({
      arrivalMs: r.arrivalMs,
      firstTokenMs: r.firstTokenMs,
      finishMs: t,
      outputTokens: r.output,
      inputTokens: r.input,
      hitTokens: r.hit,
      hitTier: r.hitTier,
    });
    const more = turns > 1 && r.turn < turns;
    if (turns > 1 && !more) living[r.rank]!--;
    if (lru && more) lru[r.rank]!.put(r.session, r.context + r.output);
    if (submitted >= quota || s.protocol === 'offline') return;
    if (more) thinkThenSubmit(r, t);
    else if (!poisson) submit(r.user, 0, 1, 0, t);
  };

  // Arrivals: a closed loop's users all start at once; an open loop at gamma-spaced times
  // (shape 1: Poisson), sessions at 1/turns of the request rate.
  const gapMs = (1000 / s.requestsPerSec) * turns;
  const interArrival = () =>
    s.burstiness === 1 ? exponential(rng, gapMs) : gamma(rng, s.burstiness, gapMs / s.burstiness);
  let nextArrival = poisson ? interArrival() : Infinity;
  // A closed loop in steady state: users start spread over one cycle (a benchmark's opening
  // wave, all at once, is a transient the warm-up drops; fixed lengths would keep it forever).
  if (!poisson)
    for (let u = 0; u < s.users && submitted < quota; u++)
      submit(u, 0, 1, 0, s.protocol === 'offline' ? 0 : rng.next() * s.cycleMs);

  /** Prefill servers free at `now` take the prompts waiting, a batch each. */
  const startPrefills = (now: number) => {
    const pf = s.prefill!;
    for (let i = 0; i < serverFree.length && prefillHead < prefillQueue.length; i++) {
      if (serverFree[i]! > now) continue;
      const batch: Req[] = [];
      let tokens = 0;
      while (prefillHead < prefillQueue.length && batch.length < pf.perStep) {
        const r = prefillQueue[prefillHead]!;
        if (batch.length > 0 && tokens + r.remaining > pf.batchTokens) break;
        batch.push(r);
        tokens += r.remaining;
        prefillHead++;
      }
      const done = now + pf.stepMs(batch.length, tokens / batch.length);
      serverFree[i] = done;
      for (const r of batch) {
        r.toPrefill = false;
        r.remaining = 0;
        timed.push(done + pf.transferMs, r);
      }
    }
    if (prefillHead > 4096 && prefillHead * 2 > prefillQueue.length) {
      prefillQueue.splice(0, prefillHead);
      prefillHead = 0;
    }
  };
  const nextServerFree = () => {
    if (prefillHead >= prefillQueue.length) return Infinity;
    let m = Infinity;
    for (const f of serverFree) m = Math.min(m, f);
    return m;
  };

  let t = 0;
  const target = quota;
  for (let guard = 0; out.length < target && guard < 1e8; guard++) {
    while (poisson && nextArrival <= t && submitted < quota) {
      submit(submitted, 0, 1, 0, nextArrival);
      nextArrival += interArrival();
    }
    while (sent.size > 0 && sent.peekKey() <= t) arrive(sent.pop()!);
    while (timed.size > 0 && timed.peekKey() <= t) {
      const r = timed.pop()!;
      if (r.toPrefill) prefillQueue.push(r);
      else ranks[r.rank]!.queue.push(r);
    }
    if (s.prefill) startPrefills(t);
    // Admit from each rank's queue while it has running slots: one prompt at a time to chunked
    // prefill; every transferred request to its next decode step.
    let prefilling = 0;
    let maxChunk = 0;
    let busiest = 0;
    for (const k of ranks) {
      while (waiting(k) > 0 && running(k) < s.maxPerRank && (s.prefill || !k.prefilling)) {
        const r = k.queue[k.head++]!;
        if (s.prefill) k.joining.push(r);
        else k.prefilling = r;
      }
      if (k.head > 1024 && k.head * 2 > k.queue.length) {
        k.queue = k.queue.slice(k.head);
        k.head = 0;
      }
      if (k.prefilling) {
        prefilling++;
        maxChunk = Math.max(maxChunk, Math.min(k.prefilling.remaining, chunk));
      }
      const decodes = s.decode.mixed || !k.prefilling;
      if (decodes) busiest = Math.max(busiest, k.decoding.size + k.joining.length);
    }
    const nextTimed = Math.min(
      sent.peekKey(),
      timed.peekKey(),
      poisson && submitted < quota ? nextArrival : Infinity,
      s.prefill ? nextServerFree() : Infinity,
    );
    if (prefilling === 0 && busiest === 0) {
      if (nextTimed === Infinity) break;
      t = Math.max(t, nextTimed);
      continue;
    }
    const stepMs =
      prefilling > 0 ? s.decode.chunkMs(busiest, prefilling, maxChunk) : s.decode.decodeMs(busiest);
    if (!(stepMs > 0 && Number.isFinite(stepMs)))
      throw new Error(`a simulated step took ${stepMs} ms: the step model gave no finite time`);
    // Steps until something changes: a request finishes, a chunk is a prompt's last, a request
    // joins, or a timed event comes due.
    let n = Infinity;
    for (const k of ranks) {
      if (k.decoding.size > 0) n = Math.min(n, k.decoding.peekKey() - k.steps);
      if (k.joining.length > 0) n = 1;
      const p = k.prefilling;
      if (p) n = Math.min(n, p.remaining > chunk ? Math.floor(p.remaining / chunk) : 1);
    }
    if (nextTimed < Infinity) n = Math.min(n, Math.max(1, Math.ceil((nextTimed - t) / stepMs)));
    n = Math.max(1, Math.floor(n));
    t += n * stepMs;
    for (const k of ranks) {
      const p = k.prefilling;
      if ((s.decode.mixed || !p) && k.decoding.size > 0) k.steps += n;
      if (p) {
        p.remaining -= n * Math.min(p.remaining, chunk);
        if (p.remaining <= 0) {
          k.prefilling = null;
          startDecoding(k, p, t);
        }
      }
      for (const r of k.joining) startDecoding(k, r, t);
      k.joining.length = 0;
      while (k.decoding.size > 0 && k.decoding.peekKey() <= k.steps) finish(k.decoding.pop()!, t);
    }
  }
  return out;

  /** The first token is out at `t`; the rest take (output − 1) / acceptance steps. */
  function startDecoding(k: Rank, r: Req, t: number): void {
    r.firstTokenMs = t;
    const left = Math.ceil((r.output - 1) / a - 1e-9);
    if (left <= 0) finish(r, t);
    else k.decoding.push(k.steps + left, r);
  }
}
