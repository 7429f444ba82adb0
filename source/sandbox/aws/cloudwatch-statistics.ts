/** GetMetricStatistics, with ExtendedStatistics pNN. */
import { metricKey, statistic, type World } from "../world.js";
import { bucketed, dims, type Params, period, range } from "./cloudwatch-params.js";
import { AwsError } from "./protocol.js";

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

export function getMetricStatistics(world: World, p: Params) {
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
