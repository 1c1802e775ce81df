/**
 * JSON from a file or a paste: a leading UTF-8 byte-order mark (what Windows editors write) is
 * not an error, and the failure is a value with the parser's reason, never a throw.
 */
export function parseJsonText(text: string): { value: unknown } | { error: string } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { value: JSON.parse(body) as unknown };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
