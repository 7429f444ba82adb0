/** GetMetricData: MetricStat queries and the metric-math expressions over them. */
import { metricKey, PERIOD_MS, statistic, type World } from "../world.js";
import { evaluate, type Series, toSeries } from "./cloudwatch-math.js";
import { bucketed, dims, type Params, period, range } from "./cloudwatch-params.js";
import { AwsError } from "./protocol.js";

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

export function getMetricData(world: World, p: Params) {
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
