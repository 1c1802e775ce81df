import { downloadText, toCsv } from './csv';

/** A CSV's header and rows. */
export type CsvTable = [header: readonly string[], rows: ReadonlyArray<readonly unknown[]>];

interface ExportCsvButtonProps {
  /** Download name, with its .csv extension. */
  fileName: string;
  /** Builds the table when pressed; null when there is nothing to export yet. */
  table: () => CsvTable | null;
  disabled?: boolean;
}

/** The "Export CSV" button every table and chart of the app carries. */
export function ExportCsvButton({ fileName, table, disabled }: ExportCsvButtonProps) {
  const exportCsv = () => {
    const t = table();
    if (t) downloadText(fileName, toCsv(...t));
  };
  return (
    <button type="button" disabled={disabled} onClick={exportCsv}>
      Export CSV
    </button>
  );
}
