/**
 * Per-arm Prometheus metrics from the traffic model, as an instrumented app behind each target
 * group would expose them on /metrics: a request counter by status code and a latency histogram
 * (classic buckets), cumulative since the sandbox started. A real Prometheus scrapes them; golive
 * then asks Prometheus, never this file. Samples carry no timestamps: Prometheus stamps each scrape
 * with its own (wall) clock, so in a compressed rehearsal rates are per real second, while ratios
 * (error rate) and quantiles are what the model made.
 */

/** Upper bounds (seconds) of the latency buckets: fine around the scenarios' 20–100 ms. */
export const LE = [
  0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.035, 0.04, 0.05, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2.5, 5,
];

interface Arm {
  codes: Map<string, number>;
  buckets: number[];
  count: number;
  sum: number;
}

export class PromCounters {
  private arms = new Map<string, Arm>();

  private arm(key: string): Arm {
    let a = this.arms.get(key);
    if (!a) {
      a = { codes: new Map(), buckets: LE.map(() => 0), count: 0, sum: 0 };
      this.arms.set(key, a);
    }
    return a;
  }

  requests(key: string, code: string, n: number): void {
    if (n <= 0) return;
    const a = this.arm(key);
    a.codes.set(code, (a.codes.get(code) ?? 0) + n);
  }

  /** One latency sample standing for `weight` requests. */
  observe(key: string, seconds: number, weight: number): void {
    const a = this.arm(key);
    a.count += weight;
    a.sum += seconds * weight;
    for (let i = 0; i < LE.length; i++) if (seconds <= LE[i]!) a.buckets[i]! += weight;
  }

  has(key: string): boolean {
    return this.arms.has(key);
  }

  /** The text exposition format (0.0.4) for one arm. */
  render(key: string): string {
    const a = this.arm(key);
    const l = `arm="${key}"`;
    const lines = [
      "# HELP http_requests_total Requests answered, by status code.",
      "# TYPE http_requests_total counter",
      ...[...a.codes].map(([code, n]) => `http_requests_total{${l},code="${code}"} ${n}`),
      "# HELP http_request_duration_seconds Time to answer a request.",
      "# TYPE http_request_duration_seconds histogram",
      ...LE.map((le, i) => `http_request_duration_seconds_bucket{${l},le="${le}"} ${round(a.buckets[i]!)}`),
      `http_request_duration_seconds_bucket{${l},le="+Inf"} ${round(a.count)}`,
      `http_request_duration_seconds_sum{${l}} ${round(a.sum)}`,
      `http_request_duration_seconds_count{${l}} ${round(a.count)}`,
    ];
    return `${lines.join("\n")}\n`;
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;
