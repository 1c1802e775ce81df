import { wattsPerGpu } from './economics';
import type { HardwareSpec } from './hardware/schema';
import { resolveUsdPerGpuHour } from './price';
import type { Prepared } from './prepare';

/** What a deployment's GPUs cost and draw, pools of different accelerators averaged by GPU. */
export interface PoolCosts {
  /** Mean $ per GPU-hour over all GPUs (null: an accelerator without a price). */
  usdPerGpuHour: number | null;
  /** The prefill pool's share of the GPU cost (its share of GPUs when both cost the same). */
  prefillCostShare: number | null;
  /** Mean watts per GPU, and whether any of it is the facility's all-in figure. */
  power: { watts: number; basis: 'all-in facility' | 'TDP' };
}

/** Cost and power of a prepared deployment; `tdp` counts GPU TDP instead of all-in kW. */
export function poolCosts(p: Prepared, tdp = false): PoolCosts {
  const power = (hw: HardwareSpec) =>
    tdp ? { watts: hw.tdpWatts, basis: 'TDP' as const } : wattsPerGpu(hw);
  const decode = p.hardware;
  const prefill = p.prefillHardware;
  if (!prefill || prefill === decode)
    return {
      usdPerGpuHour: resolveUsdPerGpuHour(p.scenario, decode),
      prefillCostShare: null,
      power: power(decode),
    };
  const P = p.prefillLayout!.gpus;
  const D = p.decodeLayout.gpus;
  const priceP = resolveUsdPerGpuHour(p.scenario, prefill);
  const priceD = resolveUsdPerGpuHour(p.scenario, decode);
  const wP = power(prefill);
  const wD = power(decode);
  const usd = priceP === null || priceD === null ? null : (P * priceP + D * priceD) / (P + D);
  return {
    usdPerGpuHour: usd,
    prefillCostShare: usd === null ? null : (P * priceP!) / ((P + D) * usd),
    power: {
      watts: (P * wP.watts + D * wD.watts) / (P + D),
      basis: wP.basis === 'TDP' && wD.basis === 'TDP' ? 'TDP' : 'all-in facility',
    },
  };
}
