/** A same-origin data file's response, or an error naming the file and its HTTP status. */
export async function fetchOk(url: string, signal?: AbortSignal): Promise<Response> {
  const res = await fetch(url, { signal: signal ?? null });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res;
}
