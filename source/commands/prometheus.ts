/**
 * `golive prometheus`: blue's and green's error rate, p95 and throughput as the session's Prometheus
 * computes them (PromQL per arm), and its scrape targets' health. Read-only; no data is "no data".
 */
import { ExitCode, UserError } from "../domain/errors.js";
import { type ArmFigures, Prometheus, PrometheusError } from "../integrations/prometheus.js";
import { type Ctx, type GlobalOpts, openSession, out } from "./context.js";
import { configOf } from "./engine-context.js";

const fmt = (v: number | null, unit: string, digits: number) =>
  v === null ? "no data" : `${v.toFixed(digits)}${unit}`;

export async function run(ctx: Ctx, o: GlobalOpts & { json?: boolean }): Promise<number> {
  const { store } = await openSession(ctx, o, false, "golive prometheus");
  try {
    const c = configOf(store).prometheus;
    if (!c)
      throw new UserError(
        "the session's environment config has no prometheus section",
        ExitCode.usage,
        'add "prometheus": { "url": "http://prometheus:9090" } (queries and arm labels are optional)',
      );
    const p = new Prometheus(c);
    let arms: Record<"blue" | "green", ArmFigures>;
    let targets: Awaited<ReturnType<Prometheus["targets"]>>;
    try {
      const [blue, green, t] = await Promise.all([p.arm("blue"), p.arm("green"), p.targets()]);
      arms = { blue, green };
      targets = t;
    } catch (e) {
      if (e instanceof PrometheusError)
        throw new UserError(e.message, ExitCode.aws, `check it with: curl ${c.url}/-/ready`);
      throw e;
    }
    if (o.json) {
      const promql = Object.fromEntries(
        (["blue", "green"] as const).map((a) => [
          a,
          Object.fromEntries(
            (["errorRatePercent", "latencyP95Ms", "throughputRps"] as const).map((w) => [w, p.promql(w, a)]),
          ),
        ]),
      );
      out(ctx, JSON.stringify({ url: c.url, window: c.window, ...arms, targets, promql }));
      return 0;
    }
    out(
      ctx,
      [
        `Prometheus ${c.url} (rates over ${c.window})`,
        ...(["blue", "green"] as const).map(
          (a) =>
            `${a.padEnd(5)}  error rate ${fmt(arms[a].errorRatePercent, " %", 2)}  p95 ${fmt(arms[a].latencyP95Ms, " ms", 0)}  throughput ${fmt(arms[a].throughputRps, " req/s", 1)}`,
        ),
        `targets ${targets.up}/${targets.total} up${targets.down.length ? `: ${targets.down.join("; ")}` : ""}`,
      ].join("\n"),
    );
    // A scrape target down is the runbook's "monitoring issues": said, and exit 7.
    return targets.up < targets.total ? ExitCode.refused : 0;
  } finally {
    await store.close();
  }
}
