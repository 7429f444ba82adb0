/**
 * engine/checks.ts and check-record.ts with every port in memory: what each kind of check says it
 * will run (the confirmation's words), what it runs and the evidence it returns, and how a run is
 * recorded (always `check.ran`; the item ticked only when an item's own check passed).
 */
import { describe, expect, it } from "vitest";
import type { EnvConfig } from "../../source/domain/config.js";
import { planCheck, runCheck } from "../../source/engine/checks.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { CONFIG, item, plan, ports, rb, shows, state } from "../helpers/check-ports.js";

describe("planCheck: what the confirmation says will run", () => {
  it("each kind in its words, with the item's arguments and the config's names", () => {
    expect(
      ["i1", "i2", "i3", "i6", "i7", "i8", "i9", "i10", "i11", "i12", "i13", "i14", "i15"].map((id) =>
        shows(id, CONFIG),
      ),
    ).toEqual([
      "GET http://svc/health (expect 2xx)",
      "GET http://svc/h (expect 204)",
      "ecs:DescribeServices green in shop (running = desired, rollout COMPLETED)",
      "elbv2:DescribeTargetHealth green (all targets healthy)",
      "elbv2:DescribeTargetHealth blue (all targets healthy)",
      "elbv2:DescribeListeners (green = 10 %)",
      "elbv2:DescribeListeners",
      "GET /version on the Kubernetes API",
      "list nodes (all Ready)",
      "list deployments in shop -l app=web (all available)",
      "list pods in prod (all ready)",
      "list warning events in prod (last 30m)",
      "CloudWatch GetMetricData: last 15 minutes of the serving color (p95, error rate, throughput)",
    ]);
    expect(plan("i1")).toEqual({
      item: item("i1"),
      kind: "http",
      shows: "GET http://svc/health (expect 2xx)",
      dangerous: false,
    });
  });

  it("without a config: no ECS cluster named, Kubernetes' default namespace", () => {
    expect([shows("i3", undefined), shows("i13", undefined), shows("i12", undefined)]).toEqual([
      "ecs:DescribeServices green in (no ecs section in the config) (running = desired, rollout COMPLETED)",
      "list pods in default (all ready)",
      "list deployments in shop -l app=web (all available)",
    ]);
    const bare = parseRunbook(
      "b.md",
      "# B\n\n- [ ] Events <!-- golive check k8s-events -->\n- [ ] Deps <!-- golive check k8s-deployments -->\n- [ ] Pods <!-- golive check k8s-pods selector=tier=api -->\n",
      "0",
    );
    expect(bare.items.map((i) => planCheck(bare, i, state, undefined).shows)).toEqual([
      "list warning events in default (last 15m)",
      "list deployments in default (all available)",
      "list pods in default -l tier=api (all ready)",
    ]);
    // A config without an ECS section or a Kubernetes namespace (EKS-only).
    const eks = { aws: { region: "x" }, kubernetes: {} } as unknown as EnvConfig;
    expect(
      [item("i3"), ...bare.items].map((i) => planCheck(i.id === "i3" ? rb : bare, i, state, eks).shows),
    ).toEqual([
      "ecs:DescribeServices green in (no ecs section in the config) (running = desired, rollout COMPLETED)",
      "list warning events in default (last 15m)",
      "list deployments in default (all available)",
      "list pods in default -l tier=api (all ready)",
    ]);
    const bareConfig = { aws: { region: "x" } } as unknown as EnvConfig;
    expect(bare.items.map((i) => planCheck(bare, i, state, bareConfig).shows)[2]).toBe(
      "list pods in default -l tier=api (all ready)",
    );
  });

  it("a command: its block, dangerous; an item without a check or a bound command without a block is refused", () => {
    expect(plan("i16")).toMatchObject({ kind: "command", command: "echo flipped", dangerous: true });
    expect(plan("i18")).toMatchObject({ kind: "command", command: "echo tag", dangerous: true });
    expect(() => plan("i17")).toThrow(
      "i17 has no check: bind one with <!-- golive check KIND --> or give the item a code block",
    );
    // The parser refuses such a binding; an item bound by other means still is.
    const bound = { ...item("i17"), binding: { kind: "command" as const, args: {}, line: 22 } };
    expect(() => planCheck(rb, bound, state, undefined)).toThrow(
      "i17 is bound to check command but has no runnable code block",
    );
  });
});

describe("runCheck: what runs and the evidence", () => {
  it("a command under set -e with its timeout, environment and the lead's directory; the last 20 lines", async () => {
    const p = ports();
    expect(await p.run("i16")).toEqual({ ok: true, exitCode: 0, evidence: "exit 0 in 1.2 s\nflipped" });
    expect(p.asked).toEqual([
      ["run", "set -e\necho flipped", { env: plan("i16").env, timeoutMs: 5000, cwd: "/lead" }],
    ]);
    expect(plan("i16").env).toMatchObject({ CLUSTER: "shop", AWS_REGION: "eu-west-1" });
    const lines = Array.from({ length: 25 }, (_, i) => `line ${i + 1}`).join("\n");
    const failed = ports({ shell: { exitCode: 3, output: `${lines}\n\n`, timedOut: false, ms: 50 } });
    const r = await failed.run("i18");
    expect(r).toMatchObject({ ok: false, exitCode: 3 });
    expect(r.evidence.split("\n")).toEqual(["exit 3 in 0.1 s", ...lines.split("\n").slice(5)]);
    expect((failed.asked[0]![2] as { timeoutMs: number }).timeoutMs).toBe(120_000);
  });

  it("a command that timed out says so, with no exit code", async () => {
    const p = ports({ shell: { exitCode: null, output: "half\n", timedOut: true, ms: 5000 } });
    expect(await p.run("i16")).toEqual({
      ok: false,
      exitCode: undefined,
      evidence: "timed out after 5 s\nhalf",
    });
  });

  it("http: 2xx by default, the exact status when asked; the body redacted and cut at 200", async () => {
    const p = ports();
    expect(await p.run("i1")).toEqual({ ok: true, evidence: "GET http://svc/health → 200 in 12 ms" });
    expect(p.asked).toEqual([["probe", "http://svc/health", 2500]]);
    const body = `password=hunter2 ${"x".repeat(300)}`;
    const exact = ports({ probe: { url: "http://svc/h", status: 200, ms: 3, ok: true, body } });
    const r = await exact.run("i2");
    expect(r.ok).toBe(false);
    expect(exact.asked).toEqual([["probe", "http://svc/h", 3000]]);
    expect(r.evidence).not.toContain("hunter2");
    expect(r.evidence.startsWith("GET http://svc/h → 200 in 3 ms: password=")).toBe(true);
    expect(r.evidence.endsWith("x".repeat(183))).toBe(true);
    expect(r.evidence).not.toContain("x".repeat(184));
    const hit = ports({ probe: { url: "http://svc/h", status: 204, ms: 3, ok: true } });
    expect((await hit.run("i2")).ok).toBe(true);
    const down = ports({
      probe: { url: "http://svc/health", status: null, ms: 9, ok: false, error: "ECONNREFUSED" },
    });
    expect(await down.run("i1")).toEqual({
      ok: false,
      evidence: "GET http://svc/health → ECONNREFUSED in 9 ms",
    });
  });

  it("ecs-service: blue and green by the config's names, any other by its own; settled only when all agree", async () => {
    const p = ports();
    expect(await p.run("i3")).toEqual({
      ok: true,
      evidence: "web-green: 2/2 running, 0 pending, rollout COMPLETED, web:7",
    });
    await p.run("i4");
    await p.run("i5");
    expect(p.asked).toEqual([
      ["describe", ["web-green"]],
      ["describe", ["web-blue"]],
      ["describe", ["worker"]],
    ]);
    const svc = {
      name: "web-green",
      status: "ACTIVE",
      desired: 2,
      running: 2,
      pending: 0,
      rolloutState: "COMPLETED",
      taskDefinition: "td/web:8",
      deployments: 1,
    };
    for (const off of [
      { status: "DRAINING" },
      { running: 1 },
      { pending: 1 },
      { rolloutState: "IN_PROGRESS" },
    ]) {
      const r = await ports({ ecs: { services: [{ ...svc, ...off }], missing: [], raw: {} } }).run("i3");
      expect(r.ok).toBe(false);
    }
    expect(await ports({ ecs: { services: [], missing: ["web-green"], raw: {} } }).run("i3")).toEqual({
      ok: false,
      evidence: "service web-green is MISSING in shop",
    });
    const noEcs = ports();
    (noEcs.d as { config: unknown }).config = { ...CONFIG, ecs: undefined };
    await expect(noEcs.run("i3")).rejects.toThrow("no ECS configured for this environment (config: ecs)");
  });

  it("target-health: every target of the color healthy, and at least one", async () => {
    const p = ports();
    expect(await p.run("i6")).toEqual({
      ok: true,
      evidence: "green: 2/2 targets healthy (healthy, healthy)",
    });
    await p.run("i7");
    expect(p.asked).toEqual([
      ["targets", "green"],
      ["targets", "blue"],
    ]);
    expect(await ports({ health: { healthy: 0, total: 0, states: [] } }).run("i7")).toEqual({
      ok: false,
      evidence: "blue: 0/0 targets healthy (no targets)",
    });
    expect(
      (await ports({ health: { healthy: 1, total: 2, states: ["healthy", "draining"] } }).run("i6")).ok,
    ).toBe(false);
  });

  it("listener: at the stated green share, or any when none is stated", async () => {
    expect(await ports().run("i8")).toEqual({
      ok: true,
      evidence: "listener: blue 90 / green 10 (raw 900/100)",
    });
    const at50 = { weights: { blue: 50, green: 50 }, raw: { blue: 1, green: 1 } };
    expect((await ports({ traffic: at50 }).run("i8")).ok).toBe(false);
    expect((await ports({ traffic: at50 }).run("i9")).ok).toBe(true);
  });

  it("Kubernetes: each check with its namespace, selector and minutes; summary then details", async () => {
    const p = ports();
    expect(await p.run("i10")).toEqual({ ok: true, evidence: "apiReachable summary\napiReachable detail" });
    expect(await p.run("i13")).toEqual({ ok: false, evidence: "podsReady summary\npodsReady detail" });
    await p.run("i11");
    await p.run("i12");
    await p.run("i14");
    expect(p.asked).toEqual([
      ["apiReachable"],
      ["podsReady", "prod", undefined],
      ["nodesReady"],
      ["deploymentsAvailable", "shop", "app=web"],
      ["warningEvents", "prod", 30],
    ]);
    const bare = parseRunbook(
      "b.md",
      "# B\n\n- [ ] E <!-- golive check k8s-events -->\n- [ ] F <!-- golive check k8s-events since=soon -->\n- [ ] G <!-- golive check k8s-events since=m30 -->\n",
      "0",
    );
    const q = ports();
    (q.d as { config: unknown }).config = { aws: { region: "x" } };
    for (const i of bare.items) await runCheck(planCheck(bare, i, state, undefined), q.d, "ann");
    // Minutes as "30m" or "30"; anything else is the default quarter hour.
    expect(q.asked).toEqual([
      ["warningEvents", "default", 15],
      ["warningEvents", "default", 15],
      ["warningEvents", "default", 15],
    ]);
    await expect(ports({ kube: null }).run("i10")).rejects.toThrow(
      "no Kubernetes configured for this environment (config: kubernetes)",
    );
  });

  it("baseline: the serving color's numbers, captured by the one who asked; none is a failed check", async () => {
    const p = ports();
    expect(await p.run("i15")).toEqual({ ok: true, evidence: "p95 88 ms, errors 0.12 %, 41.3 req/s" });
    expect(p.asked).toEqual([["baseline", "ann"]]);
    expect(await ports({ baseline: { errorRate: 1, latencyP95: null, throughput: 2 } }).run("i15")).toEqual({
      ok: true,
      evidence: "p95 unknown, errors 1.00 %, 2.0 req/s",
    });
    expect(
      await ports({ baseline: { errorRate: 0.5, latencyP95: 40, throughput: null } }).run("i15"),
    ).toEqual({
      ok: true,
      evidence: "p95 40 ms, errors 0.50 %, throughput unknown",
    });
    expect(
      await ports({ baseline: { errorRate: null, latencyP95: null, throughput: null } }).run("i15"),
    ).toEqual({
      ok: false,
      evidence: "no datapoints in the last 15 minutes",
    });
  });
});
