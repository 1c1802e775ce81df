import type { TermId } from '../glossary/terms';
import { FieldLabel } from './field-label';
import { useId } from 'react';

interface Props<T extends string> {
  label: string;
  /** The glossary entry the label names (shows its "?"). */
  term?: TermId | undefined;
  value: T;
  options: ReadonlyArray<{ value: T; label: string }>;
  onChange: (value: T) => void;
  /** Span the whole row of a two-column fieldset. */
  wide?: boolean;
}

export function SelectField<T extends string>({
  label,
  term,
  value,
  options,
  onChange,
  wide,
}: Props<T>) {
  const id = useId();
  return (
    <div className={wide ? 'field wide' : 'field'}>
      <FieldLabel htmlFor={id} term={term}>
        {label}
      </FieldLabel>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
