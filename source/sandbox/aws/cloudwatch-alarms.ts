/** DescribeAlarms: the two alarms a team sets on the green target group, judged on the latest datapoint. */
import { metricKey, PERIOD_MS, statistic, type World } from "../world.js";
import type { Params } from "./cloudwatch-params.js";

export function describeAlarms(world: World, p: Params) {
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
