/**
 * CloudWatch: GetMetricData (MetricStat + the metric-math subset golive uses: arithmetic and FILL),
 * GetMetricStatistics (with ExtendedStatistics pNN), ListMetrics, DescribeAlarms. One handler; the
 * caller serializes the result in the request's protocol (JSON epoch seconds or query ISO-8601).
 */
import { type Datapoint, metricKey, PERIOD_MS, statistic, type World } from "../world.js";
import { evaluate, type Series, toSeries } from "./cloudwatch-math.js";
import { putMetricData } from "./cloudwatch-put.js";
import { AwsError, parseTimestamp } from "./protocol.js";

type Params = Record<string, unknown>;

export const CLOUDWATCH_OPERATIONS = [
  "GetMetricData",
  "GetMetricStatistics",
  "ListMetrics",
  "PutMetricData",
  "DescribeAlarms",
] as const;

const UNITS: Record<string, string> = {
  RequestCount: "Count",
  HTTPCode_Target_5XX_Count: "Count",
  HTTPCode_Target_2XX_Count: "Count",
  HTTPCode_Target_4XX_Count: "Count",
  HTTPCode_ELB_5XX_Count: "Count",
  HTTPCode_ELB_502_Count: "Count",
  HTTPCode_ELB_504_Count: "Count",
  TargetConnectionErrorCount: "Count",
  TargetResponseTime: "Seconds",
  HealthyHostCount: "Count",
  UnHealthyHostCount: "Count",
};

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

function dims(v: unknown): { Name: string; Value: string }[] {
  if (!Array.isArray(v)) return [];
  return v.map((d: Params, i) => {
    if (typeof d?.Name !== "string")
      throw new AwsError(
        "InvalidParameterValue",
        `The parameter Dimensions.member.${i + 1}.Name is required.`,
      );
    return { Name: d.Name, Value: d.Value === undefined ? "" : String(d.Value) };
  });
}

function period(v: unknown, name = "Period"): number {
  const n = Number(v);
  if (v === undefined || v === "")
    throw new AwsError("MissingParameter", `The parameter ${name} is required.`);
  if (!Number.isInteger(n) || n < 1 || (n >= 60 && n % 60 !== 0) || (n < 60 && ![1, 5, 10, 30].includes(n))) {
    throw new AwsError("InvalidParameterValue", `The parameter ${name} must be a multiple of 60.`);
  }
  return Math.max(n, 60) * 1000;
}

function range(p: Params): { start: number; end: number } {
  if (p.StartTime === undefined)
    throw new AwsError("MissingParameter", "The parameter StartTime is required.");
  if (p.EndTime === undefined) throw new AwsError("MissingParameter", "The parameter EndTime is required.");
  const start = parseTimestamp(p.StartTime, "StartTime");
  const end = parseTimestamp(p.EndTime, "EndTime");
  if (end <= start)
    throw new AwsError(
      "InvalidParameterValue",
      "The parameter StartTime must be less than the parameter EndTime.",
    );
  return { start, end };
}

/**
 * Buckets of `periodMs` aligned like CloudWatch does: it rounds the start down to the whole minute
 * (for recent data) and counts periods from there, so a 15-minute window asked from 12:20 is one
 * datapoint at 12:20. Each bucket holds the 60 s datapoints inside it.
 */
function bucketed(
  world: World,
  key: string,
  start: number,
  end: number,
  periodMs: number,
): Map<number, Datapoint[]> {
  world.advance();
  const out = new Map<number, Datapoint[]>();
  const origin = Math.floor(start / 60_000) * 60_000;
  for (const [t, point] of world.cw.visiblePoints(key)) {
    if (t < origin || t >= end) continue;
    const b = origin + Math.floor((t - origin) / periodMs) * periodMs;
    const arr = out.get(b) ?? [];
    arr.push(point);
    out.set(b, arr);
  }
  return out;
}

function getMetricStatistics(world: World, p: Params) {
  const ns = p.Namespace;
  const name = p.MetricName;
  if (typeof ns !== "string" || !ns)
    throw new AwsError("MissingParameter", "The parameter Namespace is required.");
  if (typeof name !== "string" || !name)
    throw new AwsError("MissingParameter", "The parameter MetricName is required.");
  const { start, end } = range(p);
  const per = period(p.Period);
  const stats = (Array.isArray(p.Statistics) ? p.Statistics : []) as string[];
  const ext = (Array.isArray(p.ExtendedStatistics) ? p.ExtendedStatistics : []) as string[];
  if (!stats.length && !ext.length) {
    throw new AwsError(
      "InvalidParameterCombination",
      "Must specify either Statistics or ExtendedStatistics, but not both.".replace(", but not both", ""),
    );
  }
  for (const s of stats) {
    if (!["SampleCount", "Average", "Sum", "Minimum", "Maximum"].includes(s)) {
      throw new AwsError(
        "InvalidParameterValue",
        `The parameter Statistics.member.1 must be a value in the set [ Maximum, Minimum, SampleCount, Sum, Average ].`,
      );
    }
  }
  for (const s of ext)
    if (!/^p\d{1,2}(\.\d+)?$/.test(s))
      throw new AwsError(
        "InvalidParameterValue",
        `The parameter ExtendedStatistics has an invalid value ${s}.`,
      );
  const key = metricKey(ns, name, dims(p.Dimensions));
  const datapoints = [...bucketed(world, key, start, end, per)].map(([t, pts]) => {
    const dp: Record<string, unknown> = { Timestamp: new Date(t), Unit: UNITS[name] ?? "None" };
    for (const s of stats) dp[s] = statistic(pts, s);
    if (ext.length) {
      const m = new Map<string, number>();
      for (const s of ext) {
        const v = statistic(pts, s);
        if (v !== undefined) m.set(s, v);
      }
      dp.ExtendedStatistics = m;
    }
    return dp;
  });
  return { Label: name, Datapoints: datapoints };
}

interface Query {
  Id: string;
  Label?: string;
  ReturnData: boolean;
  Expression?: string;
  Period?: number;
  MetricStat?: {
    ns: string;
    name: string;
    dims: { Name: string; Value: string }[];
    period: number;
    stat: string;
  };
}

function getMetricData(world: World, p: Params) {
  const { start, end } = range(p);
  const raw = p.MetricDataQueries;
  if (!Array.isArray(raw) || !raw.length)
    throw new AwsError("MissingParameter", "The parameter MetricDataQueries is required.");
  if (raw.length > 500)
    throw new AwsError(
      "ValidationError",
      "The collection MetricDataQueries must not have a size greater than 500.",
    );
  const queries: Query[] = raw.map((q: Params, i) => {
    const id = q?.Id;
    if (typeof id !== "string" || !/^[a-z][a-zA-Z0-9_]*$/.test(id)) {
      throw new AwsError(
        "ValidationError",
        `The value ${String(id)} for parameter MetricDataQueries.member.${i + 1}.Id is not valid: it must start with a lowercase letter and contain only letters, numbers and underscores.`,
      );
    }
    const ms = q.MetricStat as Params | undefined;
    const expr = q.Expression as string | undefined;
    if (!ms === !expr)
      throw new AwsError(
        "ValidationError",
        `Exactly one of MetricStat and Expression must be set for MetricDataQueries.member.${i + 1}.`,
      );
    const out: Query = {
      Id: id,
      Label: q.Label as string | undefined,
      ReturnData: String(q.ReturnData ?? "true") !== "false",
    };
    if (ms) {
      const metric = ms.Metric as Params | undefined;
      if (typeof metric?.Namespace !== "string" || typeof metric?.MetricName !== "string") {
        throw new AwsError(
          "ValidationError",
          `MetricDataQueries.member.${i + 1}.MetricStat.Metric needs Namespace and MetricName.`,
        );
      }
      if (typeof ms.Stat !== "string")
        throw new AwsError(
          "ValidationError",
          `MetricDataQueries.member.${i + 1}.MetricStat.Stat is required.`,
        );
      out.MetricStat = {
        ns: metric.Namespace,
        name: metric.MetricName,
        dims: dims(metric.Dimensions),
        period: period(ms.Period, `MetricDataQueries.member.${i + 1}.MetricStat.Period`),
        stat: ms.Stat,
      };
    } else {
      out.Expression = expr;
      if (q.Period !== undefined) out.Period = period(q.Period);
    }
    return out;
  });
  const ids = new Set<string>();
  for (const q of queries) {
    if (ids.has(q.Id))
      throw new AwsError("ValidationError", `The metric data query ID ${q.Id} is used more than once.`);
    ids.add(q.Id);
  }
  const values = new Map<string, Series>();
  const periods = new Map<string, number>();
  for (const q of queries) {
    if (!q.MetricStat) continue;
    const m = q.MetricStat;
    const key = metricKey(m.ns, m.name, m.dims);
    const s: Series = new Map();
    for (const [t, pts] of bucketed(world, key, start, end, m.period)) {
      const v = statistic(pts, m.stat);
      if (v !== undefined && Number.isFinite(v)) s.set(t, v);
    }
    values.set(q.Id, s);
    periods.set(q.Id, m.period);
  }
  const pending = queries.filter((q) => q.Expression);
  for (let guard = 0; pending.length && guard < queries.length + 1; guard++) {
    for (let i = pending.length - 1; i >= 0; i--) {
      const q = pending[i]!;
      const refs = [...q.Expression!.matchAll(/\b([a-z][a-zA-Z0-9_]*)\b/g)]
        .map((m) => m[1]!)
        .filter((r) => ids.has(r));
      if (!refs.every((r) => values.has(r))) continue;
      const per = q.Period ?? Math.max(PERIOD_MS, ...refs.map((r) => periods.get(r) ?? PERIOD_MS));
      values.set(q.Id, toSeries(evaluate(q.Expression!, q.Id, values, ids, { start, end, period: per })));
      periods.set(q.Id, per);
      pending.splice(i, 1);
    }
  }
  if (pending.length)
    throw new AwsError(
      "ValidationError",
      `Error in expression ${pending[0]!.Id}: circular reference between expressions`,
    );
  const descending = p.ScanBy !== "TimestampAscending";
  const results = queries
    .filter((q) => q.ReturnData)
    .map((q) => {
      const s = [...(values.get(q.Id) ?? new Map()).entries()].sort((a, b) =>
        descending ? b[0] - a[0] : a[0] - b[0],
      );
      return {
        Id: q.Id,
        Label: q.Label ?? q.MetricStat?.name ?? q.Id,
        Timestamps: s.map(([t]) => new Date(t)),
        Values: s.map(([, v]) => v),
        StatusCode: "Complete",
      };
    });
  return { MetricDataResults: results, Messages: [] };
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

function describeAlarms(world: World, p: Params) {
  world.advance();
  const green =
    world.alb.targetGroups.size > 1
      ? [...world.alb.targetGroups.values()][1]!
      : [...world.alb.targetGroups.values()][0]!;
  const dimsOf = [
    { Name: "TargetGroup", Value: green.dimension },
    { Name: "LoadBalancer", Value: world.alb.loadBalancer.dimension },
  ];
  const now = world.clock.now();
  const alarm = (name: string, metric: string, stat: string, threshold: number) => {
    const key = metricKey("AWS/ApplicationELB", metric, dimsOf);
    const pts = [...world.cw.visiblePoints(key)].sort((a, b) => b[0] - a[0]);
    const latest = pts[0];
    const value = latest ? statistic([latest[1]], stat) : undefined;
    const state = value === undefined ? "INSUFFICIENT_DATA" : value > threshold ? "ALARM" : "OK";
    return {
      AlarmName: name,
      AlarmArn: `arn:aws:cloudwatch:${world.region}:${world.account}:alarm:${name}`,
      StateValue: state,
      StateReason:
        value === undefined
          ? "Insufficient Data: no datapoints were received"
          : `Threshold Crossed: 1 datapoint [${value}] was ${state === "ALARM" ? "greater" : "not greater"} than the threshold (${threshold}).`,
      StateUpdatedTimestamp: new Date(latest ? latest[0] + PERIOD_MS : now),
      MetricName: metric,
      Namespace: "AWS/ApplicationELB",
      Statistic: stat.startsWith("p") ? undefined : stat,
      ExtendedStatistic: stat.startsWith("p") ? stat : undefined,
      Dimensions: dimsOf,
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: threshold,
      ComparisonOperator: "GreaterThanThreshold",
      ActionsEnabled: true,
    };
  };
  let alarms = [
    alarm(`${green.name}-5xx-high`, "HTTPCode_Target_5XX_Count", "Sum", 50),
    alarm(`${green.name}-p95-high`, "TargetResponseTime", "p95", 0.1),
  ];
  const names = Array.isArray(p.AlarmNames) ? (p.AlarmNames as string[]) : [];
  if (names.length) alarms = alarms.filter((a) => names.includes(a.AlarmName));
  if (typeof p.AlarmNamePrefix === "string")
    alarms = alarms.filter((a) => a.AlarmName.startsWith(p.AlarmNamePrefix as string));
  if (typeof p.StateValue === "string") alarms = alarms.filter((a) => a.StateValue === p.StateValue);
  return { MetricAlarms: alarms, CompositeAlarms: [] };
}
