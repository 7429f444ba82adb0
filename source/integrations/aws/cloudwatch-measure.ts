/** The measures a gate asks over a window: 4xx rate and counts, 5xx counts per target group, and custom metrics per arm. */
import type { Color, MeasureSpec } from "../../domain/ports.js";
import { type MetricQuery, type MetricValues, windowValue } from "./cloudwatch-query.js";

/** The queries for `specs`: the target group counts only when a spec needs them, one query per arm per custom metric. */
export function measureQueries(
  arms: () => [string, MetricQuery["dims"]][],
  specs: MeasureSpec[],
): MetricQuery[] {
  const queries: MetricQuery[] = [];
  if (specs.some((s) => s.kind !== "custom"))
    for (const [c, dims] of arms()) {
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
  return queries;
}

/** Each spec's value per arm from the window's one datapoint; null is no evidence. */
export function measured(
  values: MetricValues,
  from: number,
  specs: MeasureSpec[],
): Record<string, Record<Color, number | null>> {
  const one = (id: string) => windowValue(values, id, from);
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
