/** A copy of `o` without `key` (the Scenario drops optional fields rather than holding undefined). */
export function omit<T extends object, K extends keyof T>(o: T, key: K): Omit<T, K> {
  const rest = { ...o };
  delete rest[key];
  return rest;
}
