/**
 * A source address as a link target, only when it is a web address (https: or http:); null for
 * anything else (javascript:, data:, ms-msdt:, relative or malformed), which is then shown as
 * text and never linked.
 */
export function webHref(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
}
