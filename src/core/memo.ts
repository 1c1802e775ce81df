/** What a Map or a WeakMap offers a memo. */
interface Cache<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/**
 * The cache's value for `key`, made from the key and stored on first use (a stored null counts
 * as made). On hot paths pass a top-level `make`, so that a hit allocates nothing.
 */
export function memoOn<K, V>(cache: Cache<K, V>, key: K, make: (key: K) => V): V {
  let v = cache.get(key);
  if (v === undefined) {
    v = make(key);
    cache.set(key, v);
  }
  return v;
}
