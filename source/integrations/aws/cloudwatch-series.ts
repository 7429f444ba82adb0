/**
 * The per-period series golive charts and gates on: requests, target 5XX, target connection errors
 * and p95/p90 per target group, and the load balancer's own 5XX (no TargetGroup dimension) apart.
 */
import type { LoadBalancerPoint, MetricSeries, PeriodPoint } from "../../domain/ports.js";
import type { MetricQuery, MetricValues } from "./cloudwatch-query.js";

type Dims = MetricQuery["dims"];

/** The queries for both arms (`b`, `g`: their target group dimensions) and the load balancer. */
export function seriesQueries(arms: [string, Dims][], lbDims: Dims): MetricQuery[] {
  const queries: MetricQuery[] = [];
  for (const [c, dims] of arms) {
    queries.push(
      { id: `${c}req`, name: "RequestCount", stat: "Sum", dims },
      { id: `${c}err`, name: "HTTPCode_Target_5XX_Count", stat: "Sum", dims },
      { id: `${c}conn`, name: "TargetConnectionErrorCount", stat: "Sum", dims },
      { id: `${c}p95`, name: "TargetResponseTime", stat: "p95", dims },
      { id: `${c}p90`, name: "TargetResponseTime", stat: "p90", dims },
    );
  }
  // HTTPCode_ELB_5XX_Count has no TargetGroup dimension: the load balancer's own answers.
  queries.push(
    { id: "lbreq", name: "RequestCount", stat: "Sum", dims: lbDims },
    { id: "lb5xx", name: "HTTPCode_ELB_5XX_Count", stat: "Sum", dims: lbDims },
  );
  return queries;
}

/** What `seriesQueries` read, as points per period (a period without requests has no point). */
export function seriesFrom(values: MetricValues, periodSeconds: number): MetricSeries {
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
