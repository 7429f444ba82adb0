/** Blue and green request, 5XX and p95 series from CloudWatch in one GetMetricData call. */
import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
} from "@aws-sdk/client-cloudwatch";
import type { EnvConfig } from "../../domain/config.js";
import type { Color, MetricsPort, PeriodPoint } from "../../domain/ports.js";

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

export class CloudWatchMetrics implements MetricsPort {
  constructor(
    private cw: CloudWatchClient,
    private alb: EnvConfig["alb"],
  ) {}

  async series(start: number, end: number, periodSeconds: number): Promise<Record<Color, PeriodPoint[]>> {
    const lb = lbDimension(this.alb.listenerArn);
    const q = (id: string, name: string, stat: string, tgArn: string): MetricDataQuery => ({
      Id: id,
      MetricStat: {
        Metric: {
          Namespace: "AWS/ApplicationELB",
          MetricName: name,
          Dimensions: [
            { Name: "TargetGroup", Value: tgDimension(tgArn) },
            { Name: "LoadBalancer", Value: lb },
          ],
        },
        Period: periodSeconds,
        Stat: stat,
      },
      ReturnData: true,
    });
    const queries: MetricDataQuery[] = [];
    for (const [c, arn] of [
      ["b", this.alb.blueTargetGroupArn],
      ["g", this.alb.greenTargetGroupArn],
    ] as const) {
      queries.push(
        q(`${c}req`, "RequestCount", "Sum", arn),
        q(`${c}err`, "HTTPCode_Target_5XX_Count", "Sum", arn),
        q(`${c}p95`, "TargetResponseTime", "p95", arn),
      );
    }
    const values = new Map<string, Map<number, number>>();
    let token: string | undefined;
    do {
      const r = await this.cw.send(
        new GetMetricDataCommand({
          StartTime: new Date(start),
          EndTime: new Date(end),
          MetricDataQueries: queries,
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
    const build = (c: "b" | "g"): PeriodPoint[] => {
      const req = values.get(`${c}req`) ?? new Map();
      const err = values.get(`${c}err`) ?? new Map();
      const p95 = values.get(`${c}p95`) ?? new Map();
      // 5XX has no datapoint for a period without errors (as on AWS): that is zero errors, not no data.
      return [...req.keys()]
        .sort((a, b) => a - b)
        .map((t) => ({
          t,
          requests: req.get(t)!,
          errors: err.get(t) ?? 0,
          p95Ms: p95.has(t) ? p95.get(t)! * 1000 : null,
        }));
    };
    return { blue: build("b"), green: build("g") };
  }
}
