/**
 * Latency samples kept as a log-bucketed histogram (≈2 % resolution), so percentiles over any window
 * can be merged from per-period histograms without keeping every sample.
 */
const RATIO = 1.02;
const MIN = 0.0001; // seconds
const LOG_RATIO = Math.log(RATIO);

export type Histogram = Map<number, number>;

export function bucketOf(value: number): number {
  return value <= MIN ? 0 : Math.floor(Math.log(value / MIN) / LOG_RATIO) + 1;
}

function bucketValue(bucket: number): number {
  // Geometric middle of the bucket.
  return bucket === 0 ? MIN : MIN * RATIO ** (bucket - 0.5);
}

export function addSample(h: Histogram, value: number): void {
  const b = bucketOf(value);
  h.set(b, (h.get(b) ?? 0) + 1);
}

/**
 * A histogram at rest, as the store keeps one per period: [bucket, count, bucket, count, …] in one
 * typed array. A Map held ~4× the bytes per bucket (its hash table and a boxed count each): a day of
 * per-period latency histograms was 10 MB of the cockpit's heap with the sandbox in-process.
 */
export type PackedHistogram = Float64Array;

export function pack(h: Histogram): PackedHistogram {
  const out = new Float64Array(h.size * 2);
  let i = 0;
  for (const [b, n] of h) {
    out[i++] = b;
    out[i++] = n;
  }
  return out;
}

export function merge(into: Histogram, from: Histogram | PackedHistogram): void {
  if (from instanceof Float64Array) {
    for (let i = 0; i < from.length; i += 2) into.set(from[i]!, (into.get(from[i]!) ?? 0) + from[i + 1]!);
    return;
  }
  for (const [b, n] of from) into.set(b, (into.get(b) ?? 0) + n);
}

export function percentile(h: Histogram, p: number): number | undefined {
  let total = 0;
  for (const n of h.values()) total += n;
  if (total === 0) return undefined;
  const rank = Math.ceil((p / 100) * total);
  let seen = 0;
  for (const b of [...h.keys()].sort((x, y) => x - y)) {
    seen += h.get(b)!;
    if (seen >= rank) return bucketValue(b);
  }
  return undefined;
}
