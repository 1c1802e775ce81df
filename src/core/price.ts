import type { HardwareSpec, PriceTier } from './hardware/schema';
import { PRICE_TIERS } from './hardware/schema';
import type { ScenarioInput } from './scenario/schema';

/** The price tier a scenario is priced at on this hardware: its own tier when the hardware has a
 * price for it, else the usual 3-year rental, else any (null: no tier priced, or the user's own
 * price). The tier, not a dollar figure, travels with the scenario, so the price follows the
 * hardware. */
export function resolvedPriceTier(
  s: Pick<ScenarioInput, 'pricing'>,
  hw: HardwareSpec,
): PriceTier | null {
  if (s.pricing?.usdPerGpuHour !== undefined) return null;
  const tiers: PriceTier[] = [
    ...(s.pricing?.tier ? [s.pricing.tier] : []),
    'rental3yr',
    ...PRICE_TIERS,
  ];
  return tiers.find((t) => hw.usdPerGpuHour[t] !== undefined) ?? null;
}

export function resolveUsdPerGpuHour(
  s: Pick<ScenarioInput, 'pricing'>,
  hw: HardwareSpec,
): number | null {
  if (s.pricing?.usdPerGpuHour !== undefined) return s.pricing.usdPerGpuHour;
  const tier = resolvedPriceTier(s, hw);
  return tier === null ? null : hw.usdPerGpuHour[tier]!;
}
