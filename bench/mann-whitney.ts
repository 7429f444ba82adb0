/**
 * The baseline judge of the rehearsal bench: a Kayenta-like per-period Mann-Whitney comparison
 * (Kayenta's NetflixACAJudge runs a Mann-Whitney U test per metric on the canary's and the
 * baseline's per-interval values, at 98 % confidence, and fails the canary when a metric is
 * significantly higher). It is here to be measured against, not used by golive.
 *
 * `mannWhitneyGreater` mirrors R's wilcox.test(x, y, alternative = "greater"): the exact null
 * distribution of U when both samples are under 50 and have no ties, else the normal
 * approximation with the tie correction and a continuity correction.
 */

/** Mid-ranks of all values (1-based), and the tie groups' sizes. */
function ranks(all: number[]): { r: number[]; ties: number[] } {
  const idx = all.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(all.length);
  const ties: number[] = [];
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1]![0] === idx[i]![0]) j++;
    const mid = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[idx[k]![1]] = mid;
    if (j > i) ties.push(j - i + 1);
    i = j + 1;
  }
  return { r, ties };
}

/** Number of ways to get each U for samples of m and n without ties (a DP over the frequencies). */
function uCounts(m: number, n: number): number[] {
  // f[i][j][u]: arrangements of i x's and j y's with U = u; rolled into one table per (i, j).
  const memo = new Map<string, number[]>();
  const go = (i: number, j: number): number[] => {
    if (i === 0 || j === 0) return [1];
    const key = `${i},${j}`;
    const hit = memo.get(key);
    if (hit) return hit;
    // The largest value is an x (it beats all j y's) or a y.
    const a = go(i - 1, j);
    const b = go(i, j - 1);
    const out = new Array<number>(i * j + 1).fill(0);
    for (let u = 0; u < a.length; u++) out[u + j]! += a[u]!;
    for (let u = 0; u < b.length; u++) out[u]! += b[u]!;
    memo.set(key, out);
    return out;
  };
  return go(m, n);
}

/** Standard normal upper tail. */
function upperTail(z: number): number {
  // Abramowitz & Stegun 7.1.26 on erfc (|error| < 1.5e-7): plenty for a p-value threshold.
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) *
    Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** One-sided p-value that x is stochastically greater than y; 1 when either sample is empty. */
export function mannWhitneyGreater(x: number[], y: number[]): number {
  const m = x.length;
  const n = y.length;
  if (!m || !n) return 1;
  const { r, ties } = ranks([...x, ...y]);
  const rx = r.slice(0, m).reduce((s, v) => s + v, 0);
  const u = rx - (m * (m + 1)) / 2;
  if (m < 50 && n < 50 && !ties.length) {
    const c = uCounts(m, n);
    const total = c.reduce((s, v) => s + v, 0);
    let tail = 0;
    for (let k = Math.ceil(u); k < c.length; k++) tail += c[k]!;
    return tail / total;
  }
  const mean = (m * n) / 2;
  const tieTerm = ties.reduce((s, t) => s + t ** 3 - t, 0);
  const sd = Math.sqrt((m * n * (m + n + 1 - tieTerm / ((m + n) * (m + n - 1)))) / 12);
  if (sd === 0) return 1;
  return upperTail((u - mean - 0.5) / sd);
}
