/**
 * Prometheus through its HTTP API (`/api/v1/query`, `/api/v1/targets`): error rate, p95 latency
 * (histogram_quantile over the arm's buckets) and throughput per arm, by PromQL the config may
 * replace, and the scrape targets' health for the "monitoring issues" row. An empty result is no
 * data (null), never zero; an unreachable server or a PromQL error is a one-line error.
 */
import type { EnvConfig } from "../domain/config.js";

type PromConfig = NonNullable<EnvConfig["prometheus"]>;

export const DEFAULT_QUERIES = {
  errorRatePercent:
    '100 * sum(rate(http_requests_total{arm="$arm",code=~"5.."}[$window])) / sum(rate(http_requests_total{arm="$arm"}[$window]))',
  latencyP95Ms:
    '1000 * histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{arm="$arm"}[$window])))',
  throughputRps: 'sum(rate(http_requests_total{arm="$arm"}[$window]))',
};

export interface ArmFigures {
  errorRatePercent: number | null;
  latencyP95Ms: number | null;
  throughputRps: number | null;
}

export interface TargetHealth {
  up: number;
  total: number;
  /** One line per target that is not up: its scrape URL and last error. */
  down: string[];
}

export class PrometheusError extends Error {}

export class Prometheus {
  constructor(
    private c: PromConfig,
    private fetchFn: typeof fetch = fetch,
  ) {}

  /** The PromQL golive runs for `what` on `arm` (shown by --json and in errors, so it can be pasted). */
  promql(what: keyof ArmFigures, arm: "blue" | "green", window = this.c.window): string {
    const q = this.c.queries[what] ?? DEFAULT_QUERIES[what];
    return q.replaceAll("$arm", this.c.arms[arm]).replaceAll("$window", window);
  }

  /**
   * One range query: [seconds, value] per step, of the first series; steps with no data (or NaN)
   * are absent, never zero.
   */
  async queryRange(promql: string, startS: number, endS: number, stepS: number): Promise<[number, number][]> {
    const q = `query=${encodeURIComponent(promql)}&start=${startS}&end=${endS}&step=${stepS}`;
    const body = await this.get(`/api/v1/query_range?${q}`);
    const series = (body.data as { result: { values: [number, string][] }[] }).result[0];
    return (series?.values ?? [])
      .map(([t, v]) => [t, Number(v)] as [number, number])
      .filter(([, v]) => Number.isFinite(v));
  }

  /** One instant query; null when it returns no series or NaN (no traffic in the window). */
  async query(promql: string, atSeconds?: number): Promise<number | null> {
    const time = atSeconds === undefined ? "" : `&time=${atSeconds}`;
    const body = await this.get(`/api/v1/query?query=${encodeURIComponent(promql)}${time}`);
    const data = body.data as {
      resultType: string;
      result: { value: [number, string] }[] | [number, string];
    };
    const raw =
      data.resultType === "scalar"
        ? (data.result as [number, string])[1]
        : (data.result as { value: [number, string] }[])[0]?.value[1];
    if (raw === undefined) return null;
    const v = Number(raw);
    return Number.isFinite(v) ? v : null;
  }

  async arm(arm: "blue" | "green"): Promise<ArmFigures> {
    const [errorRatePercent, latencyP95Ms, throughputRps] = await Promise.all(
      (["errorRatePercent", "latencyP95Ms", "throughputRps"] as const).map((w) =>
        this.query(this.promql(w, arm)),
      ),
    );
    return {
      errorRatePercent: errorRatePercent!,
      latencyP95Ms: latencyP95Ms!,
      throughputRps: throughputRps!,
    };
  }

  async targets(): Promise<TargetHealth> {
    const body = await this.get("/api/v1/targets?state=active");
    const active = (
      body.data as { activeTargets: { health: string; scrapeUrl: string; lastError: string }[] }
    ).activeTargets;
    const down = active.filter((t) => t.health !== "up");
    return {
      up: active.length - down.length,
      total: active.length,
      down: down.map((t) => `${t.scrapeUrl} ${t.health}${t.lastError ? `: ${t.lastError}` : ""}`),
    };
  }

  private async get(path: string): Promise<{ status: string; data: unknown; error?: string }> {
    const url = `${this.c.url.replace(/\/+$/, "")}${path}`;
    let res: Response;
    let text: string;
    // The deadline covers the body too: an answer whose body stalls past it is "did not answer",
    // not a raw TimeoutError from the read (seen under load, CI 2026-12-02).
    try {
      res = await this.fetchFn(url, { signal: AbortSignal.timeout(this.c.timeoutMs) });
      text = await res.text();
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string; errors?: { code?: string }[] } };
      if (err.name === "TimeoutError" || err.name === "AbortError")
        throw new PrometheusError(
          `Prometheus ${this.c.url} did not answer within ${this.c.timeoutMs / 1000} s`,
        );
      throw new PrometheusError(
        `Prometheus ${this.c.url} cannot be reached (${err.cause?.code ?? err.cause?.errors?.[0]?.code ?? err.cause?.message ?? err.message})`,
      );
    }
    let body: { status: string; data: unknown; error?: string; errorType?: string };
    try {
      body = JSON.parse(text);
    } catch {
      throw new PrometheusError(
        `Prometheus ${this.c.url} answered HTTP ${res.status} with no JSON: ${text.slice(0, 120)}`,
      );
    }
    if (body.status !== "success")
      throw new PrometheusError(
        `Prometheus refused the query (${body.errorType ?? `HTTP ${res.status}`}: ${body.error})`,
      );
    return body;
  }
}
