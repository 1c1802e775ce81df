import type { TermId } from '../glossary/terms';
import { FieldLabel } from './field-label';
import { useId } from 'react';

interface Props {
  label: string;
  /** The glossary entry the label names (shows its "?"). */
  term?: TermId | undefined;
  unit?: string;
  value: number;
  /** The values that make a valid combination; the current value is kept even if not among them. */
  choices: readonly number[];
  onChange: (value: number) => void;
}

/** A number chosen from the values that make sense here (e.g. divisors of the GPU count). */
export function ChoiceField({ label, term, unit, value, choices, onChange }: Props) {
  const id = useId();
  const options = [...new Set([...choices, value])].sort((a, b) => a - b);
  return (
    <div className="field">
      <FieldLabel htmlFor={id} term={term}>
        {label}
        {unit ? <span className="unit"> ({unit})</span> : null}
      </FieldLabel>
      <select id={id} value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {options.map((o) => (
          <option key={o} value={o} disabled={!choices.includes(o)}>
            {o}
            {choices.includes(o) ? '' : ' (does not tile the GPUs)'}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Divisors of n, ascending (n ≤ 100,000: a loop to √n is instant). */
export function divisors(n: number): number[] {
  const small: number[] = [];
  const large: number[] = [];
  for (let d = 1; d * d <= n; d++) {
    if (n % d === 0) {
      small.push(d);
      if (d * d !== n) large.unshift(n / d);
    }
  }
  return [...small, ...large];
}
