// Caches for the per-event metric hooks: prom-client hashes a label set on every call
// otherwise, which showed in the profile of a busy service. The runtime hands the hooks one
// labels object per partition (see @tickflow/streams metrics.ts), so what is derived from it
// is cached by the object itself: no key string is built per event.

/** make(labels), computed once per labels object. */
export function perLabels<L extends object, T>(make: (labels: L) => T): (labels: L) => T {
  const cache = new WeakMap<L, T>();
  return (labels) => {
    let value = cache.get(labels);
    if (value === undefined) {
      value = make(labels);
      cache.set(labels, value);
    }
    return value;
  };
}

/** make(key), computed once per key string. */
export function perKey<T>(make: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = make(key);
      cache.set(key, value);
    }
    return value;
  };
}
