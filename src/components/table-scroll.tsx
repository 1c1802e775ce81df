import type { ReactNode } from 'react';

/**
 * A wide table's own sideways scroll (the page never scrolls sideways on a phone): a named
 * region that takes focus, so the keyboard can scroll it too.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
