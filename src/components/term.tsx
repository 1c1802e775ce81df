import { useId } from 'react';
import { Link } from 'react-router';
import type { TermId } from '../glossary/terms';
import { termById } from '../glossary/terms';

/**
 * A "?" beside a term: opens its definition in place (a native popover: Escape or a click
 * outside closes it) with a link to the whole glossary.
 */
export function Term({ id }: { id: TermId }) {
  const t = termById(id);
  const popover = `term-${useId().replace(/[^\w-]/g, '')}`;
  return (
    <>
      <button
        type="button"
        className="term"
        popoverTarget={popover}
        aria-label={`What is ${t.term}?`}
        title={`${t.term}: ${t.expansion}`}
      >
        ?
      </button>
      <span id={popover} popover="auto" className="term-popover" role="note">
        <strong>{t.term}</strong> — {t.expansion}
        <span className="term-definition">{t.definition}</span>
        <Link to={`/glossary#${t.id}`}>Every term in the glossary</Link>
      </span>
    </>
  );
}
