/**
 * GetMetricData as golive asks it: the AWS/ApplicationELB dimensions from the ARNs in the config,
 * paged reads into values by query id and timestamp, and the one-datapoint window.
 */
import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
} from "@aws-sdk/client-cloudwatch";

export type MetricQuery = {
  id: string;
  name: string;
  stat: string;
  dims: { Name: string; Value: string }[];
  ns?: string;
};
/** Values by query id, then by period start (epoch ms). */
export type MetricValues = Map<string, Map<number, number>>;

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

/** One GetMetricData call (paged), values by query id and timestamp. */
export async function getMetricData(
  cw: CloudWatchClient,
  queries: MetricQuery[],
  start: number,
  end: number,
  periodSeconds: number,
): Promise<MetricValues> {
  const mdq: MetricDataQuery[] = queries.map((q) => ({
    Id: q.id,
    MetricStat: {
      Metric: { Namespace: q.ns ?? "AWS/ApplicationELB", MetricName: q.name, Dimensions: q.dims },
      Period: periodSeconds,
      Stat: q.stat,
    },
    ReturnData: true,
  }));
  const values: MetricValues = new Map();
  let token: string | undefined;
  do {
    const r = await cw.send(
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

/** A window asked as one datapoint: CloudWatch rounds the start down to the minute, so whole minutes from there. */
export function wholeWindow(start: number, end: number): { from: number; periodSeconds: number } {
  const from = Math.floor(start / 60_000) * 60_000;
  return { from, periodSeconds: Math.max(60, Math.ceil((end - from) / 60_000) * 60) };
}

/** The window's one datapoint for a query: the one at `from`, or the only one there is. */
export function windowValue(values: MetricValues, id: string, from: number): number | undefined {
  const m = values.get(id);
  return m?.get(from) ?? (m && m.size === 1 ? [...m.values()][0] : undefined);
}
