import { useId, useState } from 'react';

interface Props {
  label: string;
  unit?: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onChange: (value: number) => void;
}

/**
 * An integer input that keeps what the user types while it is incomplete or out of range, says
 * why, and only reports valid values.
 */
export function NumberField({ label, unit, value, min, max, step = 1, onChange }: Props) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    // The value changed from outside (another control, a preset): show it.
    setShown(value);
    setText(String(value));
  }
  const n = Number(text);
  const error =
    text.trim() === '' || !Number.isInteger(n)
      ? 'Enter a whole number'
      : n < min || n > max
        ? `Between ${min.toLocaleString('en-US')} and ${max.toLocaleString('en-US')}`
        : null;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {unit ? <span className="unit"> ({unit})</span> : null}
      </label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
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
          if (next.trim() !== '' && Number.isInteger(v) && v >= min && v <= max) {
            setShown(v);
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
