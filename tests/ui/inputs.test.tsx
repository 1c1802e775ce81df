import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useMemo, useState } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from '@testing-library/react';
import { loadCatalogFromDisk } from '../../src/catalog/node';
import { NumberField } from '../../src/components/number-field';
import type { ScenarioInput } from '../../src/core/scenario/schema';
import { DEFAULT_SCENARIO } from '../../src/core/scenario/schema';
import { ScenarioForm } from '../../src/features/planner/scenario-form';
import { CALIBRATION } from '../../src/core/perf/calibration';

afterEach(cleanup);

/** A parent that keeps the value, as the Planner does (the URL). */
function Stateful(props: {
  initial: number;
  min: number;
  max: number;
  decimal?: boolean;
  label: string;
  unit?: string;
  onChange: (v: number) => void;
}) {
  const [v, setV] = useState(props.initial);
  return (
    <NumberField
      label={props.label}
      unit={props.unit}
      value={v}
      min={props.min}
      max={props.max}
      decimal={props.decimal}
      onChange={(x) => {
        setV(x);
        props.onChange(x);
      }}
    />
  );
}

describe('NumberField', () => {
  it('reports only valid values, keeps what is typed, and says why a value is refused', async () => {
    const onChange = vi.fn();
    render(<Stateful label="GPUs" unit="count" initial={8} min={1} max={64} onChange={onChange} />);
    const input = screen.getByLabelText('GPUs (count)');
    await userEvent.clear(input);
    expect(screen.getByRole('status').textContent).toBe('Enter a whole number');
    await userEvent.type(input, '100');
    expect((input as HTMLInputElement).value).toBe('100');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('status').textContent).toMatch(/Between 1 and 64/);
    expect(onChange.mock.calls.map((c) => c[0])).toEqual([1, 10]);
  });
  it('shows a new value set from outside (a preset, another control)', () => {
    const { rerender } = render(
      <NumberField label="Input" value={1024} min={1} max={1e6} onChange={() => {}} />,
    );
    rerender(<NumberField label="Input" value={8192} min={1} max={1e6} onChange={() => {}} />);
    expect((screen.getByLabelText('Input') as HTMLInputElement).value).toBe('8192');
  });
  it('keeps fast typing when the parent applies each value late (router transitions)', async () => {
    const seen: number[] = [];
    function Lagging() {
      const [v, setV] = useState(8);
      return (
        <NumberField
          label="Lagging"
          value={v}
          min={1}
          max={1000}
          onChange={(x) => {
            seen.push(x);
            setTimeout(() => setV(x), 30);
          }}
        />
      );
    }
    render(<Lagging />);
    const input = screen.getByLabelText('Lagging') as HTMLInputElement;
    await userEvent.clear(input);
    await userEvent.type(input, '16');
    await new Promise((r) => setTimeout(r, 100));
    expect(input.value).toBe('16');
    expect(seen.at(-1)).toBe(16);
  });
  it('accepts decimals only in decimal mode', async () => {
    const onChange = vi.fn();
    render(
      <Stateful label="Acceptance" initial={1.5} min={1} max={4} decimal onChange={onChange} />,
    );
    await userEvent.clear(screen.getByLabelText('Acceptance'));
    await userEvent.type(screen.getByLabelText('Acceptance'), '2.25');
    expect(onChange).toHaveBeenLastCalledWith(2.25);
  });
});

/** Keeps the scenario as the Planner does: each edit applies to the latest one. */
function Harness({
  onChange,
  initial = DEFAULT_SCENARIO,
}: {
  onChange: (s: ScenarioInput) => void;
  initial?: ScenarioInput;
}) {
  const [s, setS] = useState<ScenarioInput>(initial);
  const latest = useMemo(() => ({ current: s }), [s]);
  // In a router: the glossary's "?" beside a term links to /glossary.
  return (
    <MemoryRouter>
      <ScenarioForm
        catalog={loadCatalogFromDisk()}
        scenario={s}
        onEdit={(edit) => {
          const next = edit(latest.current);
          latest.current = next;
          setS(next);
          onChange(next);
        }}
      />
    </MemoryRouter>
  );
}

describe('ScenarioForm', () => {
  it('offers every catalog model and hardware, grouped and labelled', () => {
    render(<Harness onChange={() => {}} />);
    expect(screen.getByLabelText('Model').querySelectorAll('option')).toHaveLength(12);
    expect(screen.getByLabelText('Hardware').querySelectorAll('option')).toHaveLength(13);
    for (const legend of [
      'Model and cluster',
      'Precision and framework',
      'Parallel layout',
      'Workload',
      'Speculative decoding',
      'Price',
    ])
      expect(screen.getByRole('group', { name: legend })).toBeTruthy();
  });
  it('applies a workload preset, toggles max concurrency, speculative decoding and disaggregation', async () => {
    const onChange = vi.fn();
    render(<Harness onChange={onChange} />);
    await userEvent.click(screen.getByRole('button', { name: '128K / 8K' }));
    expect(onChange.mock.lastCall![0].workload).toMatchObject({
      inputTokens: 131072,
      outputTokens: 8192,
    });
    await userEvent.click(screen.getByLabelText('Largest concurrency that fits in memory'));
    expect(onChange.mock.lastCall![0].workload.concurrency).toBe('max');
    await userEvent.click(screen.getByLabelText('MTP / EAGLE draft tokens'));
    expect(onChange.mock.lastCall![0].speculative).toEqual({
      draftTokens: 1,
      acceptanceLength: 1.8,
    });
    await userEvent.click(screen.getByLabelText('Disaggregated prefill and decode pools'));
    const s = onChange.mock.lastCall![0] as ScenarioInput;
    expect(s.disaggregation).toBeDefined();
    expect(s.disaggregation!.prefill.gpus + s.disaggregation!.decode.gpus).toBe(s.gpus);
    expect(s.parallelism).toBeUndefined();
    // Each pool's GPU count is its own field; the scenario's GPUs follow their sum.
    await userEvent.clear(screen.getByLabelText(/^Prefill GPUs/));
    await userEvent.type(screen.getByLabelText(/^Prefill GPUs/), '2');
    await userEvent.clear(screen.getByLabelText(/^Decode GPUs/));
    await userEvent.type(screen.getByLabelText(/^Decode GPUs/), '16');
    const pools = onChange.mock.lastCall![0] as ScenarioInput;
    expect(pools.disaggregation!.prefill.gpus).toBe(2);
    expect(pools.disaggregation!.decode.gpus).toBe(16);
    expect(pools.gpus).toBe(18);
  });
  it('sets and clears the running-request limit, starting from the framework default', async () => {
    const onChange = vi.fn();
    render(<Harness onChange={onChange} />);
    expect(screen.queryByLabelText(/^Running requests/)).toBeNull();
    await userEvent.click(screen.getByLabelText(/Set the running-request limit/));
    const start = onChange.mock.lastCall![0].maxBatchPerRank as number;
    expect(start).toBe(Math.round(CALIBRATION.frameworks.sglang.maxBatchPerRank));
    await userEvent.clear(screen.getByLabelText(/^Running requests/));
    await userEvent.type(screen.getByLabelText(/^Running requests/), '48');
    expect(onChange.mock.lastCall![0].maxBatchPerRank).toBe(48);
    await userEvent.click(screen.getByLabelText(/Set the running-request limit/));
    expect(onChange.mock.lastCall![0]).not.toHaveProperty('maxBatchPerRank');
  });
  it('starts the running-request limit from vLLM’s documented --max-num-seqs on a large GPU', async () => {
    const onChange = vi.fn();
    render(
      <Harness
        onChange={onChange}
        initial={{ ...DEFAULT_SCENARIO, model: 'deepseek-r1', framework: 'vllm' }}
      />,
    );
    const box = screen.getByLabelText(/Set the running-request limit/);
    expect(box.closest('label')!.textContent).toContain(
      '1,024 per attention rank, vLLM’s --max-num-seqs',
    );
    await userEvent.click(box);
    expect(onChange.mock.lastCall![0].maxBatchPerRank).toBe(1024);
  });
  it('shows indexer-key precision only for models with an indexer', async () => {
    render(<Harness onChange={() => {}} />);
    expect(screen.queryByLabelText('Indexer keys')).not.toBeNull();
    await userEvent.selectOptions(screen.getByLabelText('Model'), 'llama-3.1-405b');
    expect(screen.queryByLabelText('Indexer keys')).toBeNull();
  });
});
