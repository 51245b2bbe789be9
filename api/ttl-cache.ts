/**
 * Remembers a value per key for a short time. For reads that tolerate a few seconds of staleness (an
 * organization's plan and name), so a portal's polling does not turn into database load.
 */
export function ttlCache<V>(ttlMs: number, maxEntries = 50_000) {
  const entries = new Map<string, { value: V; expires: number }>();
  return async function cached(key: string, load: () => Promise<V>): Promise<V> {
    const hit = entries.get(key);
    if (hit && hit.expires > Date.now()) return hit.value;
    const value = await load();
    if (entries.size >= maxEntries) entries.clear();
    entries.set(key, { value, expires: Date.now() + ttlMs });
    return value;
  };
}
