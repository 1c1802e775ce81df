import type { HardwareSpec } from '../hardware/schema';
import type { ScenarioInput } from '../scenario/schema';
import { workloadShape } from './shape';

type WorkloadInput = ScenarioInput['workload'];

/** The workload shapes a preset sets (everything beyond lengths, concurrency and arrivals). */
const SHAPE_KEYS = [
  'inputTokensSpread',
  'outputTokensSpread',
  'burstiness',
  'sharedPrefixTokens',
  'cachedInputShare',
  'sessions',
  'prefixCache',
] as const;

export const WORKLOAD_PRESET_IDS = ['fixed', 'agent', 'rag', 'chat'] as const;
export type WorkloadPresetId = (typeof WORKLOAD_PRESET_IDS)[number];

export interface WorkloadPreset {
  id: WorkloadPresetId;
  label: string;
  /** What it stands for; illustrative shapes, not measured traffic. */
  description: string;
  /** The workload fields it sets, given the accelerator (its host DRAM becomes a cache tier). */
  fields(hw: HardwareSpec | undefined): Omit<WorkloadInput, 'concurrency' | 'protocol'>;
}

/** Host DRAM per GPU of the accelerator's usual system, as a cache tier (0 without a source). */
const hostDram = (hw: HardwareSpec | undefined) => hw?.host?.dramGiBPerGpu ?? 0;

export const WORKLOAD_PRESETS: readonly WorkloadPreset[] = [
  {
    id: 'fixed',
    label: 'Fixed lengths',
    description: 'Every request the same prompt and answer, no reuse: what serving benchmarks run.',
    fields: () => ({ inputTokens: 8192, outputTokens: 1024 }),
  },
  {
    id: 'agent',
    label: 'Agent session (coding, 50 turns)',
    description:
      'A coding agent: an 8K system prompt and tools shared by all, 50 turns each adding 2,000 tokens of user message and tool output and answering 500, 10 s between turns; prefixes cached in GPU memory and host DRAM.',
    fields: (hw) => {
      const w = {
        inputTokens: 1,
        outputTokens: 1,
        sharedPrefixTokens: 8000,
        sessions: {
          turns: 50,
          tokensAddedPerTurn: 2000,
          outputTokensPerTurn: 500,
          thinkSeconds: 10,
        },
        prefixCache: { hbm: true, hostDramGiB: hostDram(hw), nvmeGiB: 0 },
      };
      return withShapeLengths(w);
    },
  },
  {
    id: 'rag',
    label: 'RAG with 100K shared documents',
    description:
      'Questions over one 100K-token corpus every prompt starts with, 2,000 tokens of question each (log-normal, σ 0.5), 500-token answers.',
    fields: () => ({
      inputTokens: 102_000,
      outputTokens: 500,
      sharedPrefixTokens: 100_000,
      inputTokensSpread: 0.5,
      prefixCache: { hbm: true, hostDramGiB: 0, nvmeGiB: 0 },
    }),
  },
  {
    id: 'chat',
    label: 'Chat with a length mix',
    description:
      'Chat requests of 2,000-token prompts and 500-token answers on average, log-normal (σ 1.0 and 0.8): most short, a long tail.',
    fields: () => ({
      inputTokens: 2000,
      outputTokens: 500,
      inputTokensSpread: 1,
      outputTokensSpread: 0.8,
    }),
  },
];

/** A session's input/output fields are its mean turn, so every view shows what is planned. */
function withShapeLengths<W extends Omit<WorkloadInput, 'concurrency' | 'protocol'>>(w: W): W {
  const shape = workloadShape({ ...w, concurrency: 1, protocol: 'closed-loop' });
  return {
    ...w,
    inputTokens: Math.round(shape.inputTokens),
    outputTokens: Math.round(shape.outputTokens),
  };
}

/** The scenario with a preset's workload (keeping its concurrency and arrivals). */
export function withWorkloadPreset(
  s: ScenarioInput,
  id: WorkloadPresetId,
  hw: HardwareSpec | undefined,
): ScenarioInput {
  const preset = WORKLOAD_PRESETS.find((p) => p.id === id)!;
  const kept = Object.fromEntries(
    Object.entries(s.workload).filter(([k]) => !(SHAPE_KEYS as readonly string[]).includes(k)),
  ) as WorkloadInput;
  return { ...s, workload: { ...kept, ...preset.fields(hw) } };
}

/** Which preset a workload is, if it is one exactly (else null: the user's own). */
export function presetOf(w: WorkloadInput, hw: HardwareSpec | undefined): WorkloadPresetId | null {
  const strip = (x: object) => JSON.stringify(x, Object.keys(x).sort());
  for (const p of WORKLOAD_PRESETS) {
    const fields = p.fields(hw) as Record<string, unknown>;
    const mine = Object.fromEntries(
      Object.entries(w).filter(
        ([k]) => k in fields || (SHAPE_KEYS as readonly string[]).includes(k),
      ),
    );
    if (strip(mine) === strip(fields)) return p.id;
  }
  return null;
}

/** The scenario's workload with a session's mean turn as its input/output (after an edit). */
export function withSessionLengths(w: WorkloadInput): WorkloadInput {
  return w.sessions ? withShapeLengths(w) : w;
}

/** A preset's shape without its lengths (for a sweep that sets the lengths itself). */
export function presetShape(
  id: WorkloadPresetId,
  hw: HardwareSpec | undefined,
): Omit<WorkloadInput, 'concurrency' | 'protocol' | 'inputTokens' | 'outputTokens'> {
  const fields: Partial<WorkloadInput> = {
    ...WORKLOAD_PRESETS.find((p) => p.id === id)!.fields(hw),
  };
  delete fields.inputTokens;
  delete fields.outputTokens;
  return fields;
}
