import type { RunningPlan } from '../../core/plan';
import type { CacheTier } from '../../core/workload/prefix-cache';
import { TableScroll } from '../../components/table-scroll';
import { Term } from '../../components/term';
import {
  formatGiB,
  formatInt,
  formatNumber,
  formatPercent,
  formatSig,
  formatUsd,
} from '../../components/format';

const TIER_NAMES: Record<CacheTier, string> = {
  hbm: 'GPU memory (free KV pool)',
  dram: 'Host DRAM',
  nvme: 'Local NVMe',
};

const rate = (bytesPerSec: number) =>
  bytesPerSec === Infinity ? 'in place' : `${formatNumber(bytesPerSec / 1e9)} GB/s`;

/**
 * What the prefix cache serves (plan().serving.prefixCache): hit rate per tier, prefill saved,
 * what loading costs, the working set against each tier, and the input price split into hits and
 * misses beside the DeepSeek API's.
 */
export default function PrefixCachePanel({ plan }: { plan: RunningPlan }) {
  const c = plan.serving.prefixCache;
  if (!c) return null;
  const cost = plan.cost;
  const api = cost.api;
  const assumed = c.tiers.filter((t) => t.assumed);
  return (
    <section className="panel" aria-labelledby="cache-title" data-testid="prefix-cache">
      <h2 id="cache-title">
        Prefix cache <Term id="prefix-cache" />
      </h2>
      <p className="panel-note">
        {formatPercent(c.hitRate)} of prompt tokens come from a cache: each request prefills{' '}
        {formatInt(Math.round(c.missTokensPerRequest))} of its{' '}
        {formatInt(Math.round(plan.workload.inputTokens))} tokens
        {c.loadMsPerRequest > 0
          ? ` and waits ${formatNumber(c.loadMsPerRequest)} ms for the rest to arrive from host memory or disk (in its TTFT)`
          : ''}
        .{' '}
        {c.liveSessionsPerGpu > 0
          ? `${formatNumber(c.liveSessionsPerGpu)} sessions per GPU are alive at once (in a turn or thinking); their contexts need ${formatGiB(c.workingSetBytesPerGpu)} per GPU.`
          : ''}
      </p>
      {plan.serving.withoutCache ? <WithoutCache plan={plan} /> : null}
      <TableScroll label="Prefix cache tiers">
        <table>
          <thead>
            <tr>
              <th scope="col">Tier</th>
              <th scope="col">Capacity per GPU</th>
              <th scope="col">Read rate (per GPU)</th>
              <th scope="col">Prompt tokens served</th>
              <th scope="col">Basis</th>
            </tr>
          </thead>
          <tbody>
            {c.tiers.map((t) => (
              <tr key={t.tier}>
                <th scope="row">{TIER_NAMES[t.tier]}</th>
                <td>{formatGiB(c.capacityBytesPerGpu[t.tier])}</td>
                <td>{rate(t.readBytesPerSecPerGpu)}</td>
                <td>
                  {c.recomputedTiers.includes(t.tier)
                    ? 'recomputed (slower to load than to prefill)'
                    : formatPercent(c.hitRateByTier[t.tier])}
                </td>
                <td>{t.basis}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {assumed.length ? (
        <p className="panel-note" role="note">
          Assumed, not from a source:{' '}
          {assumed.map((t) => `${TIER_NAMES[t.tier]} — ${t.basis}`).join('; ')}.
        </p>
      ) : null}
      <h3>Input price, hits and misses</h3>
      <ul>
        <li>
          Cache miss (prefilled): {formatUsd(cost.usdPerMillionInputCacheMiss)} per M tokens
          {api ? `; DeepSeek API ${formatUsd(api.usdPerMillionInput)}` : ''}
        </li>
        <li>
          Cache hit (loaded):{' '}
          {cost.usdPerMillionInputCacheHit === null
            ? 'no hits'
            : cost.usdPerMillionInputCacheHit === 0
              ? '$0 per M tokens (every hit from GPU memory: nothing to load)'
              : `${formatUsd(cost.usdPerMillionInputCacheHit)} per M tokens`}
          {api ? `; DeepSeek API ${formatUsd(api.usdPerMillionInputCacheHit)}` : ''} — a hit is
          priced at the GPU time its load holds the rank (an upper bound: copies overlap compute);
          one from GPU memory costs nothing more.
        </li>
      </ul>
      {plan.serving.kvScales ? (
        <>
          <h3>Why a small KV cache makes DRAM and SSD caching worth it</h3>
          <p className="panel-note">
            A cache tier holds contexts, so what counts is the KV of one: a million tokens of
            context is{' '}
            {plan.serving.kvScales
              .map((k) => `${formatGiB(k.bytesPerMillionTokens)} for ${k.name}`)
              .join(', ')}
            . The same host DRAM keeps that many times more sessions of the smaller one, and each
            hit moves that much less over the host link.
          </p>
        </>
      ) : null}
    </section>
  );
}

/** What the cache changes: TTFT, the rate the same GPUs serve (so the GPUs a traffic needs), $/M. */
function WithoutCache({ plan }: { plan: RunningPlan }) {
  const w = plan.serving.withoutCache!;
  const gpusFactor = plan.throughput.requestsPerSec / w.requestsPerSec;
  return (
    <>
      <TableScroll label="With and without the prefix cache">
        <table data-testid="cache-effect">
          <thead>
            <tr>
              <th scope="col">Same deployment</th>
              <th scope="col">TTFT (ms)</th>
              <th scope="col">Requests/s</th>
              <th scope="col">Output tok/s per GPU</th>
              <th scope="col">$ per M output tokens</th>
              <th scope="col">$ per M input tokens</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Prefilling every prompt whole</th>
              <td>{formatSig(w.ttftMs)}</td>
              <td>{formatSig(w.requestsPerSec)}</td>
              <td>{formatSig(w.outputTokPerSecPerGpu)}</td>
              <td>{formatUsd(w.usdPerMillionOutputTokens)}</td>
              <td>{formatUsd(w.usdPerMillionInputTokens)}</td>
            </tr>
            <tr>
              <th scope="row">With the prefix cache</th>
              <td>{formatSig(plan.latency.ttftMs)}</td>
              <td>{formatSig(plan.throughput.requestsPerSec)}</td>
              <td>{formatSig(plan.throughput.outputTokPerSecPerGpu)}</td>
              <td>{formatUsd(plan.cost.usdPerMillionOutputTokens)}</td>
              <td>{formatUsd(plan.cost.usdPerMillionInputTokens)}</td>
            </tr>
          </tbody>
        </table>
      </TableScroll>
      <p className="panel-note">
        {gpusFactor >= 1.005
          ? `The same traffic needs ${formatNumber(gpusFactor, 2)} times the GPUs without the cache.`
          : 'At this load the cache changes little of the rate: the GPUs a traffic needs stay the same.'}
      </p>
    </>
  );
}
