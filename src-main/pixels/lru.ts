// A small least-recently-used map bounded by count and by total weight (bytes): Map keeps insertion order, so
// re-inserting on access makes the first key the oldest.
export class Lru<K, V> {
  private readonly map = new Map<K, { value: V; weight: number }>();
  private total = 0;

  constructor(private readonly capacity: number, private readonly maxWeight = Infinity) {}

  get(key: K): V | undefined {
    const entry = this.map.get(key);
    if (entry !== undefined) {
      this.map.delete(key);
      this.map.set(key, entry);
    }
    return entry?.value;
  }

  set(key: K, value: V, weight = 0): void {
    this.delete(key);
    this.map.set(key, { value, weight });
    this.total += weight;
    // Always keep the newest entry, even if it alone is over the weight limit.
    while (this.map.size > 1 && (this.map.size > this.capacity || this.total > this.maxWeight)) this.delete(this.map.keys().next().value as K);
  }

  delete(key: K): void {
    const entry = this.map.get(key);
    if (entry) {
      this.total -= entry.weight;
      this.map.delete(key);
    }
  }
}
