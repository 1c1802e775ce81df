import type { HardwareSpec } from '../../core/hardware/schema';
import type { ScenarioInput } from '../../core/scenario/schema';
import { LIMITS } from '../../core/scenario/schema';
import type { WorkloadPresetId } from '../../core/workload/presets';
import {
  WORKLOAD_PRESETS,
  presetOf,
  withSessionLengths,
  withWorkloadPreset,
} from '../../core/workload/presets';
import { NumberField } from '../../components/number-field';
import { omit } from '../../components/omit';
import { formatInt } from '../../components/format';
import { useState } from 'react';

type Workload = ScenarioInput['workload'];

interface Props {
  scenario: ScenarioInput;
  hardware: HardwareSpec | undefined;
  onEdit: (edit: (latest: ScenarioInput) => ScenarioInput) => void;
}

const DEFAULT_SESSION = {
  turns: 50,
  tokensAddedPerTurn: 2000,
  outputTokensPerTurn: 500,
  thinkSeconds: 10,
};

/**
 * What the workload adds to fixed lengths: a preset, length spreads, agent sessions, a shared
 * prefix, and where reused KV may be cached (design §2 workload additions).
 */
export function WorkloadShapeFields({ scenario, hardware, onEdit }: Props) {
  const wl = scenario.workload;
  const editWorkload = (change: (w: Workload) => Workload) =>
    onEdit((s) => ({ ...s, workload: withSessionLengths(change(s.workload)) }));
  const setW = (patch: Partial<Workload>) => editWorkload((w) => ({ ...w, ...patch }));
  const preset = presetOf(wl, hardware);
  const sessions = wl.sessions;
  const cache = wl.prefixCache;
  const host = hardware?.host;
  const setCache = (patch: Partial<NonNullable<Workload['prefixCache']>>) =>
    setW({ prefixCache: { hbm: true, ...wl.prefixCache, ...patch } });
  // Fixed lengths need none of the details: they open on request, or when the traffic has shape.
  const shaped = preset !== 'fixed' && (preset !== null || hasShape(wl));
  const [asked, setAsked] = useState(false);
  const expanded = asked || shaped;
  return (
    <fieldset>
      <legend>Traffic shape and prefix cache</legend>
      <div className="presets field wide" role="group" aria-label="Traffic presets">
        {WORKLOAD_PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            title={p.description}
            aria-pressed={preset === p.id}
            onClick={() => onEdit((s) => withWorkloadPreset(s, p.id as WorkloadPresetId, hardware))}
          >
            {p.label}
          </button>
        ))}
      </div>
      {preset ? (
        <p className="field-note" data-testid="preset-description">
          {WORKLOAD_PRESETS.find((p) => p.id === preset)!.description} An illustrative shape, not
          measured traffic.
        </p>
      ) : null}
      {shaped ? null : (
        <div className="field wide">
          <button type="button" aria-expanded={asked} onClick={() => setAsked(!asked)}>
            Length mix, sessions and cache tiers
          </button>
        </div>
      )}
      {expanded ? (
        <>
          <OptionalNumber
            label="Prompt length spread"
            unit="log-normal σ; 0 is fixed"
            field="inputTokensSpread"
            max={LIMITS.spread}
            decimal
            workload={wl}
            onEdit={editWorkload}
          />
          <OptionalNumber
            label="Answer length spread"
            unit="log-normal σ; 0 is fixed"
            field="outputTokensSpread"
            max={LIMITS.spread}
            decimal
            workload={wl}
            onEdit={editWorkload}
          />
          <OptionalNumber
            label="Shared prefix"
            unit="tokens every prompt starts with"
            field="sharedPrefixTokens"
            max={sessions ? LIMITS.tokens : wl.inputTokens}
            workload={wl}
            onEdit={editWorkload}
          />
          <div className="field checkbox wide">
            <label>
              <input
                type="checkbox"
                checked={Boolean(sessions)}
                onChange={(e) =>
                  editWorkload((w) =>
                    e.target.checked ? { ...w, sessions: DEFAULT_SESSION } : omit(w, 'sessions'),
                  )
                }
              />
              Multi-turn sessions (each prompt is the conversation so far)
            </label>
          </div>
          {sessions ? (
            <>
              <NumberField
                label="Turns"
                unit="per session"
                value={sessions.turns}
                min={1}
                max={LIMITS.turns}
                onChange={(turns) => setW({ sessions: { ...sessions, turns } })}
              />
              <NumberField
                label="Added per turn"
                unit="tokens of message and tool output"
                value={sessions.tokensAddedPerTurn}
                min={1}
                max={LIMITS.tokens}
                onChange={(tokensAddedPerTurn) =>
                  setW({ sessions: { ...sessions, tokensAddedPerTurn } })
                }
              />
              <NumberField
                label="Answer per turn"
                unit="tokens"
                value={sessions.outputTokensPerTurn}
                min={1}
                max={LIMITS.tokens}
                onChange={(outputTokensPerTurn) =>
                  setW({ sessions: { ...sessions, outputTokensPerTurn } })
                }
              />
              <NumberField
                label="Think time"
                unit="s between turns, on average"
                value={sessions.thinkSeconds ?? 0}
                min={0}
                max={LIMITS.thinkSeconds}
                step={1}
                decimal
                onChange={(thinkSeconds) => setW({ sessions: { ...sessions, thinkSeconds } })}
              />
              <p className="field-note">
                The mean turn reads {formatInt(wl.inputTokens)} tokens and writes{' '}
                {formatInt(wl.outputTokens)}: those are the input and output above.
              </p>
            </>
          ) : null}
          <div className="field checkbox wide">
            <label>
              <input
                type="checkbox"
                checked={cache?.hbm ?? true}
                onChange={(e) => setCache({ hbm: e.target.checked })}
              />
              Cache prefixes in GPU memory (every engine’s default)
            </label>
          </div>
          <NumberField
            label="Host DRAM cache"
            unit="GiB per GPU"
            value={cache?.hostDramGiB ?? 0}
            min={0}
            max={LIMITS.cacheGiB}
            decimal
            onChange={(hostDramGiB) => setCache({ hostDramGiB })}
          />
          <NumberField
            label="NVMe cache"
            unit="GiB per GPU"
            value={cache?.nvmeGiB ?? 0}
            min={0}
            max={LIMITS.cacheGiB}
            decimal
            onChange={(nvmeGiB) => setCache({ nvmeGiB })}
          />
          {host ? (
            <div className="field wide">
              <button
                type="button"
                onClick={() =>
                  setCache({
                    hostDramGiB: host.dramGiBPerGpu ?? 0,
                    nvmeGiB: host.nvmeGiBPerGpu ?? 0,
                  })
                }
              >
                Use this system’s host (
                {host.dramGiBPerGpu === null
                  ? 'DRAM unpublished'
                  : `${formatInt(host.dramGiBPerGpu)} GiB DRAM`}
                ,{' '}
                {host.nvmeGiBPerGpu === null
                  ? 'NVMe unpublished'
                  : `${formatInt(host.nvmeGiBPerGpu)} GiB NVMe`}{' '}
                per GPU)
              </button>
            </div>
          ) : (
            <p className="field-note">
              No source gives this system’s host memory: set the tiers yourself (links are assumed
              PCIe Gen5 x16).
            </p>
          )}
        </>
      ) : null}
    </fieldset>
  );
}

/** A workload number that is absent at 0 (the scenario drops it rather than holding a zero). */
function OptionalNumber({
  label,
  unit,
  field,
  max,
  decimal = false,
  workload,
  onEdit,
}: {
  label: string;
  unit: string;
  field: 'inputTokensSpread' | 'outputTokensSpread' | 'sharedPrefixTokens';
  max: number;
  decimal?: boolean;
  workload: Workload;
  onEdit: (change: (w: Workload) => Workload) => void;
}) {
  return (
    <NumberField
      label={label}
      unit={unit}
      value={workload[field] ?? 0}
      min={0}
      max={max}
      step={decimal ? 0.1 : 1}
      decimal={decimal}
      onChange={(v) => onEdit((w) => (v > 0 ? { ...w, [field]: v } : omit(w, field)))}
    />
  );
}

/** Whether a workload has any shape beyond fixed lengths. */
function hasShape(w: Workload): boolean {
  return (
    w.sessions !== undefined ||
    (w.sharedPrefixTokens ?? 0) > 0 ||
    (w.inputTokensSpread ?? 0) > 0 ||
    (w.outputTokensSpread ?? 0) > 0 ||
    w.cachedInputShare !== undefined ||
    w.prefixCache !== undefined ||
    w.burstiness !== undefined
  );
}
