import type { ReactNode } from 'react';
import type { Column } from './columns';

/** A table's header row from its columns (the CSV's headers), then any extra header cells. */
export function ColumnHeads<R>({
  columns,
  children,
}: {
  columns: readonly Column<R>[];
  /** Header cells of what is not data (an actions column). */
  children?: ReactNode;
}) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th key={c.header} scope="col">
            {c.header}
          </th>
        ))}
        {children}
      </tr>
    </thead>
  );
}
