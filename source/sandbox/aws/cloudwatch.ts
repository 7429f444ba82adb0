/**
 * CloudWatch: GetMetricData (MetricStat + the metric-math subset golive uses: arithmetic and FILL),
 * GetMetricStatistics (with ExtendedStatistics pNN), ListMetrics, DescribeAlarms. One handler; the
 * caller serializes the result in the request's protocol (JSON epoch seconds or query ISO-8601).
 */
import type { World } from "../world.js";
import { describeAlarms } from "./cloudwatch-alarms.js";
import { getMetricData } from "./cloudwatch-data.js";
import type { Params } from "./cloudwatch-params.js";
import { putMetricData } from "./cloudwatch-put.js";
import { getMetricStatistics } from "./cloudwatch-statistics.js";
import { AwsError } from "./protocol.js";

export const CLOUDWATCH_OPERATIONS = [
  "GetMetricData",
  "GetMetricStatistics",
  "ListMetrics",
  "PutMetricData",
  "DescribeAlarms",
] as const;

export function handleCloudWatch(world: World, op: string, p: Params): Record<string, unknown> {
  switch (op) {
    case "GetMetricStatistics":
      return getMetricStatistics(world, p);
    case "GetMetricData":
      return getMetricData(world, p);
    case "ListMetrics":
      return listMetrics(world, p);
    case "PutMetricData":
      return putMetricData(world, p);
    case "DescribeAlarms":
      return describeAlarms(world, p);
    default:
      throw new AwsError("InvalidAction", `Could not find operation ${op} for version 2010-08-01`);
  }
}

function listMetrics(world: World, p: Params) {
  world.advance();
  const filter = Array.isArray(p.Dimensions) ? (p.Dimensions as Params[]) : [];
  const metrics = [...world.cw.metrics.values()].filter(
    (m) =>
      (p.Namespace === undefined || m.namespace === p.Namespace) &&
      (p.MetricName === undefined || m.name === p.MetricName) &&
      filter.every((f) =>
        m.dims.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value)),
      ),
  );
  return {
    Metrics: metrics.map((m) => ({ Namespace: m.namespace, MetricName: m.name, Dimensions: m.dims })),
  };
}
