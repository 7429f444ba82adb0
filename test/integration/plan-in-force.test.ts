/**
 * The canary plan and thresholds in force, with their sources, as `new`, `status --json`,
 * `metrics --json` and the export show them — for three runbooks written in different styles,
 * with and without an environment config (the config from a real sandbox).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock, golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { startSandbox, T0 } from "../helpers/sandbox.js";

type Sb = Awaited<ReturnType<typeof startSandbox>>;
let s: Sb;
beforeAll(async () => {
  s = await startSandbox();
});
afterAll(async () => {
  await s.sb.stop();
});

interface Expected {
  runbook: string;
  plan: [number, number, string, string][];
  go: [number, string][];
  rollback: [number, string][];
}

const CASES: Expected[] = [
  {
    runbook: "checklists/deployment.md",
    plan: [
      [10, 10, "runbook deployment.md:174", "runbook deployment.md:177"],
      [50, 10, "runbook deployment.md:174", "runbook deployment.md:181"],
      [100, 10, "runbook deployment.md:174", "runbook deployment.md:185"],
    ],
    go: [
      [1, "runbook deployment.md:178"],
      [50, "runbook deployment.md:37"],
    ],
    rollback: [
      [5, "runbook deployment.md:312"],
      [100, "runbook deployment.md:313"],
    ],
  },
  {
    runbook: "checklists/go-live.md",
    plan: [
      [10, 10, "default", "default"],
      [50, 10, "default", "default"],
      [100, 10, "default", "default"],
    ],
    go: [
      [1, "default"],
      [50, "default"],
    ],
    rollback: [
      [5, "default"],
      [100, "default"],
    ],
  },
  {
    runbook: "test/fixtures/search-rollout.md",
    plan: [
      [5, 15, "runbook search-rollout.md:13", "runbook search-rollout.md:15"],
      [25, 15, "runbook search-rollout.md:13", "runbook search-rollout.md:15"],
      [100, 15, "runbook search-rollout.md:13", "runbook search-rollout.md:15"],
    ],
    go: [
      [0.5, "runbook search-rollout.md:18"],
      [300, "runbook search-rollout.md:19"],
    ],
    rollback: [
      [2, "runbook search-rollout.md:20"],
      [800, "runbook search-rollout.md:21"],
    ],
  },
];

interface Src {
  label: string;
}
interface StatusJson {
  canary: {
    steps: number[];
    plan: { green: number; dwellMinutes: number; step: Src; dwell: Src }[];
    warnings: unknown[];
  };
  thresholds: Record<"go" | "rollback", Record<"errorRate" | "latencyP95", { value: number; label: string }>>;
}

const planOf = (j: StatusJson) =>
  j.canary.plan.map((p) => [p.green, p.dwellMinutes, p.step.label, p.dwell.label]);
const thOf = (j: StatusJson, kind: "go" | "rollback") =>
  (["errorRate", "latencyP95"] as const).map((m) => [
    j.thresholds[kind][m].value,
    j.thresholds[kind][m].label,
  ]);

describe("the plan and thresholds in force, with their source", () => {
  for (const c of CASES) {
    it(`${c.runbook}: new, status --json and the export agree, without a config and with one`, async () => {
      const sessions = tempDir("plan-it-");
      const clock = fixedClock(new Date(T0).toISOString());
      const g = async (args: string[]) => {
        const r = await golive(args, { sessions, clock });
        if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
        return r.stdout;
      };
      const created = await g(["new", "--runbook", c.runbook, "--t0", "now+1h"]);
      expect(created).toContain(`canary   ${c.plan.map((p) => `${p[0]} %`).join(" → ")} (${c.plan[0]![2]})`);
      // The seeds' message templates have slots only the lead can fill (warned about, issue 13):
      // nothing else may warn.
      expect(
        created.split("\n").filter((l) => l.startsWith("warning:") && !l.includes("message template")),
      ).toEqual([]);
      const status = JSON.parse(await g(["status", "--json"])) as StatusJson;
      expect(planOf(status)).toEqual(c.plan);
      expect(thOf(status, "go")).toEqual(c.go);
      expect(thOf(status, "rollback")).toEqual(c.rollback);
      const text = await g(["status"]);
      expect(text).toContain(`canary plan: ${c.plan.map((p) => `${p[0]} %`).join(" → ")}`);
      expect(text).toContain(`go: error rate < ${c.go[0]![0]} % (${c.go[0]![1]})`);
      const record = await g(["export", "--out", "-"]);
      expect(record).toContain(`- **Canary plan:** ${c.plan.map((p) => `${p[0]} %`).join(" → ")}`);
      for (const p of c.plan) expect(record).toContain(`(step: ${p[2]} · dwell: ${p[3]})`);
      // The record is Markdown: < and > are escaped so a comparison never becomes an HTML tag.
      expect(record).toContain(`p95 &lt; ${c.go[1]![0]} ms (${c.go[1]![1]})`);
      expect(record).toContain(`p95 &gt; ${c.rollback[1]![0]} ms (${c.rollback[1]![1]})`);

      // The config overrides one dwell and one threshold; every view says "config" for exactly those.
      const cfg = join(tempDir("plan-cfg-"), "team-env.json");
      writeFileSync(
        cfg,
        JSON.stringify({
          ...s.config,
          canary: { dwellMinutes: 3 },
          thresholds: { go: { latencyP95Ms: 222 } },
        }),
      );
      const withCfg = tempDir("plan-it-cfg-");
      const h = async (args: string[]) => {
        const r = await golive(args, { sessions: withCfg, clock });
        if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
        return r.stdout;
      };
      await h(["new", "--runbook", c.runbook, "--config", cfg, "--t0", "now+1h"]);
      const st = JSON.parse(await h(["status", "--json"])) as StatusJson;
      expect(planOf(st)).toEqual(c.plan.map((p) => [p[0], 3, p[2], "config team-env.json"]));
      expect(thOf(st, "go")).toEqual([c.go[0], [222, "config team-env.json"]]);
      expect(thOf(st, "rollback")).toEqual(c.rollback);
      const metrics = JSON.parse(await h(["metrics", "--json"])) as Pick<StatusJson, "thresholds">;
      expect(metrics.thresholds).toEqual(st.thresholds);
      const rec = await h(["export", "--out", "-"]);
      expect(rec).toContain("p95 &lt; 222 ms (config team-env.json)");
      expect(rec).toContain(`dwell: config team-env.json)`);
    });
  }

  it("a runbook that states two different plans: a warning at new, with file:line", async () => {
    const dir = tempDir("plan-two-");
    const file = join(dir, "two-plans.md");
    writeFileSync(
      file,
      [
        "# Release",
        "",
        "## Canary",
        "",
        "Gradual rollout: 10% → 50% → 100%",
        "",
        "- [ ] Route 10% traffic to green",
        "",
        "## Appendix: the old plan",
        "",
        "- [ ] Route 5% traffic to green",
        "- [ ] Route 25% traffic to green",
        "- [ ] Route 100% traffic to green",
        "",
      ].join("\n"),
    );
    const r = await golive(["new", "--runbook", file, "--t0", "now+1h"], {
      sessions: tempDir("plan-two-s-"),
      clock: fixedClock(new Date(T0).toISOString()),
    });
    expect(r.code).toBe(0);
    const warning = r.stdout.split("\n").find((l) => l.startsWith("warning:"));
    expect(warning).toBe(
      `warning: ${file}:11: the runbook states two different canary plans: 10 % → 50 % → 100 % (percent list) at line 5 and 5 % → 25 % → 100 % (route items) at line 11; golive follows line 5 — make them agree, or say which with <!-- golive canary steps=… dwell=… --> or canary.steps in the config`,
    );
  });

  it("a prose plan and a modify-listener block that disagree: a warning at new, in status --json and in the export", async () => {
    const dir = tempDir("plan-two-ml-");
    const file = join(dir, "payments.md");
    writeFileSync(
      file,
      [
        "# Payments cutover",
        "",
        "## Canary",
        "",
        "We shift 5 % … 25 % … 100 % of traffic to green. Watch for 15 minutes after each shift.",
        "",
        "- [ ] Shift traffic",
        "",
        "```bash",
        "aws elbv2 modify-listener --listener-arn $L --default-actions 'Type=forward,ForwardConfig={TargetGroups=[{TargetGroupArn=$TG_BLUE,Weight=90},{TargetGroupArn=$TG_GREEN,Weight=10}]}'",
        "sleep 600",
        "aws elbv2 modify-listener --listener-arn $L --default-actions Type=forward,TargetGroupArn=$TG_GREEN",
        "```",
        "",
      ].join("\n"),
    );
    const sessions = tempDir("plan-two-ml-s-");
    const clock = fixedClock(new Date(T0).toISOString());
    const r = await golive(["new", "--runbook", file, "--t0", "now+1h"], { sessions, clock });
    expect(r.code, r.stderr).toBe(0);
    const message =
      "the runbook states two different canary plans: 5 % → 25 % → 100 % (percent list) at line 5 and 10 % → 100 % (modify-listener) at line 10; golive follows line 5";
    expect(r.stdout).toContain(`canary   5 % → 25 % → 100 % (runbook payments.md:5), dwell 15 min`);
    expect(r.stdout).toContain(`warning: ${file}:10: ${message} — make them agree`);
    const status = JSON.parse((await golive(["status", "--json"], { sessions, clock })).stdout) as {
      canary: { steps: number[]; warnings: { line: number; message: string }[] };
    };
    expect(status.canary.steps).toEqual([5, 25, 100]);
    expect(status.canary.warnings.map((w) => [w.line, w.message.split(" — ")[0]])).toEqual([[10, message]]);
    const record = (await golive(["export", "--out", "-"], { sessions, clock })).stdout;
    expect(record).toContain(`- warning, line 10: ${message} — make them agree`);
  });
});
