interface JsonFileButtonProps {
  label: string;
  /** Larger files are refused unread. */
  maxBytes: number;
  onTooLarge: () => void;
  onText: (text: string) => void;
  /** The file could not be read, or handling it failed: the reason, for the page to show. */
  onError: (reason: string) => void;
}

/** A button that opens a JSON file and hands over its text; the same file can be chosen again. */
export function JsonFileButton({
  label,
  maxBytes,
  onTooLarge,
  onText,
  onError,
}: JsonFileButtonProps) {
  return (
    <label className="file-button">
      {label}
      <input
        type="file"
        accept="application/json,.json"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
          if (file.size > maxBytes) return onTooLarge();
          file
            .text()
            .then(onText)
            .catch((err: unknown) => onError(err instanceof Error ? err.message : String(err)));
        }}
      />
    </label>
  );
}
