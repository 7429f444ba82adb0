/**
 * CloudWatch PutMetricData: how an application publishes its own metrics (a custom namespace such
 * as `Orbit/Search`), over JSON (the SDK) and awsQuery (both aws CLIs). Each value lands in its
 * 60 s period as CloudWatch aggregates it; `AWS/` namespaces are AWS's own and refused, as on AWS.
 */
import type { World } from "../world.js";
import { PERIOD_MS } from "../world.js";
import { AwsError, parseTimestamp } from "./protocol.js";

type Params = Record<string, unknown>;

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === "" ? [] : [v]);

function num(v: unknown, name: string): number {
  const n = Number(v);
  if (v === undefined || v === "" || !Number.isFinite(n))
    throw new AwsError("InvalidParameterValue", `The value ${String(v)} for parameter ${name} is invalid.`);
  return n;
}

export function putMetricData(world: World, p: Params): Record<string, unknown> {
  const ns = p.Namespace;
  if (typeof ns !== "string" || !ns)
    throw new AwsError("MissingParameter", "The parameter Namespace is required.");
  if (/^AWS\//.test(ns))
    throw new AwsError("InvalidParameterValue", `The value ${ns} for parameter Namespace is invalid.`);
  const data = list(p.MetricData) as Params[];
  if (!data.length) throw new AwsError("MissingParameter", "The parameter MetricData is required.");
  if (data.length > 1000)
    throw new AwsError(
      "InvalidParameterValue",
      "The collection MetricData must not have a size greater than 1000.",
    );
  world.advance();
  const now = world.clock.now();
  // Validate everything before storing anything: a rejected call changes nothing, as on AWS.
  const adds: (() => void)[] = [];
  data.forEach((d, i) => {
    const at = `MetricData.member.${i + 1}`;
    if (typeof d?.MetricName !== "string" || !d.MetricName)
      throw new AwsError("MissingParameter", `The parameter ${at}.MetricName is required.`);
    const dims = (list(d.Dimensions) as Params[]).map((x, j) => {
      if (typeof x?.Name !== "string" || x.Value === undefined)
        throw new AwsError("InvalidParameterValue", `${at}.Dimensions.member.${j + 1} needs Name and Value.`);
      return { Name: x.Name, Value: String(x.Value) };
    });
    const t = d.Timestamp === undefined ? now : parseTimestamp(d.Timestamp, `${at}.Timestamp`);
    const period = Math.floor(t / PERIOD_MS) * PERIOD_MS;
    const name = d.MetricName;
    const sv = d.StatisticValues as Params | undefined;
    const values = list(d.Values);
    if (sv) {
      const n = num(sv.SampleCount, `${at}.StatisticValues.SampleCount`);
      const sum = num(sv.Sum, `${at}.StatisticValues.Sum`);
      const min = num(sv.Minimum, `${at}.StatisticValues.Minimum`);
      const max = num(sv.Maximum, `${at}.StatisticValues.Maximum`);
      adds.push(() => world.cw.add(ns, name, dims, period, sum, n, min, max));
    } else if (values.length) {
      const counts = list(d.Counts);
      values.forEach((v, j) => {
        const value = num(v, `${at}.Values.member.${j + 1}`);
        const count = counts.length ? num(counts[j], `${at}.Counts.member.${j + 1}`) : 1;
        adds.push(() => world.cw.add(ns, name, dims, period, value * count, count, value, value));
      });
    } else {
      const value = num(d.Value, `${at}.Value`);
      adds.push(() => world.cw.add(ns, name, dims, period, value));
    }
  });
  for (const add of adds) add();
  return {};
}
