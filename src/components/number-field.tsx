import type { TermId } from '../glossary/terms';
import { FieldLabel } from './field-label';
import { useId, useState } from 'react';
import { enNumber } from '../core/en-number';

interface Props {
  label: string;
  /** The glossary entry the label names (shows its "?"). */
  term?: TermId | undefined;
  unit?: string | undefined;
  value: number;
  min: number;
  max: number;
  step?: number;
  /** Accept decimals (default: whole numbers only). */
  decimal?: boolean | undefined;
  onChange: (value: number) => void;
}

/**
 * An integer input that keeps what the user types while it is incomplete or out of range, says
 * why, and only reports valid values.
 */
export function NumberField({
  label,
  term,
  unit,
  value,
  min,
  max,
  step = 1,
  decimal = false,
  onChange,
}: Props) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const [prevValue, setPrevValue] = useState(value);
  // Values this field reported that the parent may not have applied yet (its update can arrive
  // later, through a router transition): they must not overwrite what the user is typing.
  const [pending, setPending] = useState<number[]>([]);
  if (value !== prevValue) {
    setPrevValue(value);
    if (pending.includes(value)) {
      if (value === pending[pending.length - 1]) setPending([]);
    } else {
      // Changed from outside (a preset, another control, a link): show it.
      setPending([]);
      setText(String(value));
    }
  }
  const valid = (v: number, raw: string) =>
    raw.trim() !== '' && Number.isFinite(v) && (decimal || Number.isInteger(v));
  const n = Number(text);
  const error = !valid(n, text)
    ? decimal
      ? 'Enter a number'
      : 'Enter a whole number'
    : n < min || n > max
      ? `Between ${enNumber(min)} and ${enNumber(max)}`
      : null;
  return (
    <div className="field">
      <FieldLabel htmlFor={id} term={term}>
        {label}
        {unit ? <span className="unit"> ({unit})</span> : null}
      </FieldLabel>
      <input
        id={id}
        type="number"
        inputMode={decimal ? 'decimal' : 'numeric'}
        min={min}
        max={max}
        step={step}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          const v = Number(next);
          if (valid(v, next) && v >= min && v <= max) {
            setPending([...pending, v]);
            onChange(v);
          }
        }}
      />
      {error ? (
        <span id={`${id}-err`} className="field-error" role="status">
          {error}
        </span>
      ) : null}
    </div>
  );
}
