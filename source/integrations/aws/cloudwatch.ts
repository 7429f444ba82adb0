/**
 * Blue and green series from CloudWatch as AWS means them: requests, target 5XX, target connection
 * errors and p95 per target group; the load balancer's own 5XX (no TargetGroup dimension) apart;
 * window percentiles asked with Period = window.
 */
import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
} from "@aws-sdk/client-cloudwatch";
import type { AlbConfig } from "../../domain/config.js";
import type {
  Color,
  LoadBalancerPoint,
  MeasureSpec,
  MetricSeries,
  MetricsPort,
  PeriodPoint,
} from "../../domain/ports.js";

/** `arn:...:targetgroup/name/id` → `targetgroup/name/id`, the CloudWatch dimension value. */
export function tgDimension(arn: string): string {
  return arn.slice(arn.indexOf("targetgroup/"));
}

/** `arn:...:listener/app/name/id/lid` → `app/name/id`. */
export function lbDimension(listenerArn: string): string {
  const m = /:listener\/(app\/[^/]+\/[^/]+)\//.exec(listenerArn);
  if (!m) throw new Error(`cannot derive the load balancer from listener ARN ${listenerArn}`);
  return m[1]!;
}

type Q = { id: string; name: string; stat: string; dims: { Name: string; Value: string }[]; ns?: string };

export class CloudWatchMetrics implements MetricsPort {
  constructor(
    private cw: CloudWatchClient,
    private alb: AlbConfig,
  ) {}

  private arms(): [string, string][] {
    return [
      ["b", this.alb.blueTargetGroupArn],
      ["g", this.alb.greenTargetGroupArn],
    ];
  }

  private tgDims(arn: string) {
    return [
      { Name: "TargetGroup", Value: tgDimension(arn) },
      { Name: "LoadBalancer", Value: lbDimension(this.alb.listenerArn) },
    ];
  }

  /** One GetMetricData call (paged), values by query id and timestamp. */
  private async fetch(queries: Q[], start: number, end: number, periodSeconds: number) {
    const mdq: MetricDataQuery[] = queries.map((q) => ({
      Id: q.id,
      MetricStat: {
        Metric: { Namespace: q.ns ?? "AWS/ApplicationELB", MetricName: q.name, Dimensions: q.dims },
        Period: periodSeconds,
        Stat: q.stat,
      },
      ReturnData: true,
    }));
    const values = new Map<string, Map<number, number>>();
    let token: string | undefined;
    do {
      const r = await this.cw.send(
        new GetMetricDataCommand({
          StartTime: new Date(start),
          EndTime: new Date(end),
          MetricDataQueries: mdq,
          ScanBy: "TimestampAscending",
          NextToken: token,
        }),
      );
      for (const res of r.MetricDataResults ?? []) {
        const m = values.get(res.Id!) ?? new Map<number, number>();
        res.Timestamps?.forEach((t, i) => {
          m.set(t.getTime(), res.Values![i]!);
        });
        values.set(res.Id!, m);
      }
      token = r.NextToken;
    } while (token);
    return values;
  }

  async series(start: number, end: number, periodSeconds: number): Promise<MetricSeries> {
    const queries: Q[] = [];
    for (const [c, arn] of this.arms()) {
      const dims = this.tgDims(arn);
      queries.push(
        { id: `${c}req`, name: "RequestCount", stat: "Sum", dims },
        { id: `${c}err`, name: "HTTPCode_Target_5XX_Count", stat: "Sum", dims },
        { id: `${c}conn`, name: "TargetConnectionErrorCount", stat: "Sum", dims },
        { id: `${c}p95`, name: "TargetResponseTime", stat: "p95", dims },
        { id: `${c}p90`, name: "TargetResponseTime", stat: "p90", dims },
      );
    }
    // HTTPCode_ELB_5XX_Count has no TargetGroup dimension: the load balancer's own answers.
    const lbDims = [{ Name: "LoadBalancer", Value: lbDimension(this.alb.listenerArn) }];
    queries.push(
      { id: "lbreq", name: "RequestCount", stat: "Sum", dims: lbDims },
      { id: "lb5xx", name: "HTTPCode_ELB_5XX_Count", stat: "Sum", dims: lbDims },
    );
    const values = await this.fetch(queries, start, end, periodSeconds);
    const periodMs = periodSeconds * 1000;
    const get = (id: string) => values.get(id) ?? new Map<number, number>();
    const build = (c: string): PeriodPoint[] => {
      const req = get(`${c}req`);
      const err = get(`${c}err`);
      const conn = get(`${c}conn`);
      const p95 = get(`${c}p95`);
      const p90 = get(`${c}p90`);
      // Counts have no datapoint for a period without them (as on AWS): zero, not no data.
      return [...req.keys()]
        .sort((a, b) => a - b)
        .map((t) => ({
          t,
          periodMs,
          requests: req.get(t)!,
          errors: err.get(t) ?? 0,
          connectionErrors: conn.get(t) ?? 0,
          p95Ms: p95.has(t) ? p95.get(t)! * 1000 : null,
          p90Ms: p90.has(t) ? p90.get(t)! * 1000 : null,
        }));
    };
    const lbReq = get("lbreq");
    const lb5xx = get("lb5xx");
    const loadBalancer: LoadBalancerPoint[] = [...new Set([...lbReq.keys(), ...lb5xx.keys()])]
      .sort((a, b) => a - b)
      .map((t) => ({ t, periodMs, requests: lbReq.get(t) ?? 0, elb5xx: lb5xx.get(t) ?? 0 }));
    return { blue: build("b"), green: build("g"), loadBalancer };
  }

  /**
   * pNN over the whole window per arm: one datapoint, asked with Period = window (CloudWatch rounds
   * the start down to the minute, so the window is taken from there in whole minutes).
   */
  async windowPercentile(
    start: number,
    end: number,
    percentile: number,
  ): Promise<Record<Color, number | null>> {
    const from = Math.floor(start / 60_000) * 60_000;
    const periodSeconds = Math.max(60, Math.ceil((end - from) / 60_000) * 60);
    const stat = `p${percentile}`;
    const queries: Q[] = this.arms().map(([c, arn]) => ({
      id: `${c}pct`,
      name: "TargetResponseTime",
      stat,
      dims: this.tgDims(arn),
    }));
    const values = await this.fetch(queries, from, from + periodSeconds * 1000, periodSeconds);
    const one = (c: string): number | null => {
      const m = values.get(`${c}pct`);
      const v = m?.get(from) ?? (m && m.size === 1 ? [...m.values()][0] : undefined);
      return v === undefined ? null : v * 1000;
    };
    return { blue: one("b"), green: one("g") };
  }

  /** The 4xx rate and counts per target group, and custom metrics per arm: one GetMetricData call. */
  async measure(
    start: number,
    end: number,
    specs: MeasureSpec[],
  ): Promise<Record<string, Record<Color, number | null>>> {
    const from = Math.floor(start / 60_000) * 60_000;
    const periodSeconds = Math.max(60, Math.ceil((end - from) / 60_000) * 60);
    const queries: Q[] = [];
    const elb = specs.some((s) => s.kind !== "custom");
    if (elb)
      for (const [c, arn] of this.arms()) {
        const dims = this.tgDims(arn);
        queries.push(
          { id: `${c}req`, name: "RequestCount", stat: "Sum", dims },
          { id: `${c}c4`, name: "HTTPCode_Target_4XX_Count", stat: "Sum", dims },
          { id: `${c}c5`, name: "HTTPCode_Target_5XX_Count", stat: "Sum", dims },
        );
      }
    specs.forEach((s, i) => {
      if (s.kind !== "custom") return;
      for (const c of ["b", "g"] as const) {
        const d = s.dimensions[c === "b" ? "blue" : "green"];
        queries.push({
          id: `${c}x${i}`,
          ns: s.namespace,
          name: s.metric,
          stat: s.stat,
          dims: Object.entries(d).map(([Name, Value]) => ({ Name, Value })),
        });
      }
    });
    const values = await this.fetch(queries, from, from + periodSeconds * 1000, periodSeconds);
    const one = (id: string): number | undefined => {
      const m = values.get(id);
      return m?.get(from) ?? (m && m.size === 1 ? [...m.values()][0] : undefined);
    };
    const arm = (c: "b" | "g", s: MeasureSpec, i: number): number | null => {
      if (s.kind === "custom") return one(`${c}x${i}`) ?? null;
      // Counts have no datapoint when there were none: zero if the arm had requests, else no evidence.
      const req = one(`${c}req`);
      if (!req) return null;
      if (s.kind === "http5xxCount") return one(`${c}c5`) ?? 0;
      const c4 = one(`${c}c4`) ?? 0;
      return s.kind === "http4xxRate" ? (c4 / req) * 100 : c4;
    };
    return Object.fromEntries(specs.map((s, i) => [s.id, { blue: arm("b", s, i), green: arm("g", s, i) }]));
  }
}
