import type { ReactNode } from 'react';
import type { TermId } from '../glossary/terms';
import { Term } from './term';

/** A field's label, with the glossary's "?" beside it when the label is a term. */
export function FieldLabel({
  htmlFor,
  term,
  children,
}: {
  htmlFor: string;
  term?: TermId | undefined;
  children: ReactNode;
}) {
  const label = <label htmlFor={htmlFor}>{children}</label>;
  return term ? (
    <span className="field-head">
      {label}
      <Term id={term} />
    </span>
  ) : (
    label
  );
}
