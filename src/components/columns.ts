import type { CsvTable } from './export-csv-button';
import { enNumber } from '../core/en-number';

/** A CSV cell: a plain number, text or flag (no units in cells; the header carries the unit). */
export type CsvValue = string | number | boolean | null;

/**
 * One column of a table and of its CSV, declared once: the header (with its unit) is both the
 * table's and the CSV's, `value` is the plain CSV cell, `show` how the table writes it.
 */
export interface Column<R> {
  header: string;
  value: (row: R) => CsvValue;
  /** The table's text for the cell (default: the value, a dash for none). */
  show?: (row: R) => string;
  /** In the CSV only (an id or a list of sources the table shows another way). */
  csvOnly?: boolean;
}

/** The table's text for a cell. */
export function cellText<R>(c: Column<R>, row: R): string {
  if (c.show) return c.show(row);
  const v = c.value(row);
  if (v === null) return '—';
  return typeof v === 'number' ? enNumber(v) : String(v);
}

/** The columns a table shows (those not kept for the CSV alone). */
export const tableColumns = <R>(columns: readonly Column<R>[]): Column<R>[] =>
  columns.filter((c) => !c.csvOnly);

/** The CSV of rows under columns: the same headers, plain values. */
export function csvOf<R>(columns: readonly Column<R>[], rows: readonly R[]): CsvTable {
  return [columns.map((c) => c.header), rows.map((r) => columns.map((c) => c.value(r)))];
}

/** A number with fixed decimals for a table cell, a dash for none. */
export const fixed =
  (digits: number) =>
  (v: number | null): string =>
    v === null ? '—' : v.toFixed(digits);
