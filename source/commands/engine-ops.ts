/** Headless engine commands: metrics, monitor, baseline, and the ECS steps (run ITEM is in run.ts). */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { ExitCode, UserError } from "../domain/errors.js";
import { inForceJson, thresholdsText } from "../domain/in-force-text.js";
import type { ColorMetrics } from "../domain/metrics.js";
import { otherThresholdLines, otherThresholdsJson } from "../domain/stated-text.js";
import { shareJson, shareLine, trafficShare } from "../domain/traffic-share.js";
import { stepsJson, verdictJson, verdictLines } from "../domain/verdict-view.js";
import { actor, type Ctx, type GlobalOpts, out } from "./context.js";
import { confirm, needPart } from "./engine-context.js";
import { openEngine } from "./engine-open.js";

const fmt = (v: number | null, unit: string, digits: number) =>
  v === null ? "no data" : `${v.toFixed(digits)}${unit}`;

function colorLine(name: string, m: ColorMetrics): string {
  return `${name.padEnd(6)} error ${fmt(m.errorRate, " %", 2).padEnd(9)} p95 ${fmt(m.latencyP95, " ms", 0).padEnd(8)} throughput ${fmt(m.throughput, " req/s", 1)}`;
}

export async function metrics(ctx: Ctx, o: GlobalOpts): Promise<number> {
  const h = await openEngine(ctx, o, "golive metrics", { write: false });
  try {
    const m = h.engine.monitor;
    const ok = await m.pollMetrics();
    await m.pollProbes();
    const snap = m.snapshot;
    if (!ok)
      throw new UserError(
        `CloudWatch: ${snap.errors.find((e) => e.source === "metrics")?.message}`,
        ExitCode.aws,
      );
    const force = h.engine.inForce;
    if (o.json) {
      out(
        ctx,
        JSON.stringify({
          at: new Date(snap.metricsAt!).toISOString(),
          blue: snap.blue,
          green: snap.green,
          probes: snap.probes,
          thresholds: inForceJson(force).thresholds,
          percentiles: snap.percentiles ?? {},
          ...otherThresholdsJson(h.runbook, snap.percentiles),
          verdict: verdictJson(h.engine.verdict()),
          trafficShare: shareJson(trafficShare(h.store.state)),
          steps: stepsJson(h.store.state),
        }),
      );
      return 0;
    }
    out(
      ctx,
      [
        `metrics at ${new Date(snap.metricsAt!).toISOString()} (latest complete ${h.config.metrics.periodSeconds} s period with traffic)`,
        colorLine("blue", snap.blue.current),
        colorLine("green", snap.green.current),
        `thresholds ${thresholdsText(force)}`,
        ...otherThresholdLines(h.runbook, snap.percentiles).map((l) => `  ${l}`),
        ...verdictLines(h.engine.verdict()),
        ...[trafficShare(h.store.state)].flatMap((t) => (t ? [`traffic share: ${shareLine(t)}`] : [])),
        ...Object.entries(snap.probes).map(
          ([c, p]) => `health ${c}: ${p!.url} → ${p!.status ?? p!.error} (${p!.ms.toFixed(0)} ms)`,
        ),
      ].join("\n"),
    );
    return 0;
  } finally {
    await h.close();
  }
}

/** Headless watch over the deployment: drift, triggers, auto-rollback, checkpoints; --once for one pass. */
export async function monitor(ctx: Ctx, o: GlobalOpts & { once?: boolean }): Promise<number> {
  const h = await openEngine(ctx, o, "golive monitor");
  const m = h.engine.monitor;
  const seen = new Set(h.store.events.map((e) => e.seq));
  const print = () => {
    for (const e of h.store.events) {
      if (seen.has(e.seq)) continue;
      seen.add(e.seq);
      out(ctx, `${e.at} ${e.type} ${JSON.stringify(e.data).slice(0, 200)}`);
    }
  };
  try {
    if (o.once) {
      await m.pollListener();
      await m.pollProbes();
      await m.pollMetrics();
      print();
      out(ctx, colorLine("blue", m.snapshot.blue.current));
      out(ctx, colorLine("green", m.snapshot.green.current));
      for (const e of m.snapshot.errors) ctx.stderr.write(`golive: ${e.source}: ${e.message}\n`);
      return m.snapshot.errors.length ? ExitCode.aws : 0;
    }
    const unsubscribe = m.subscribe(print);
    m.start();
    out(ctx, "monitoring (drift, rollback triggers, checkpoints); Ctrl-C to stop");
    await new Promise<void>((done) => {
      // Whichever signal stops it, neither listener outlives the command.
      const stop = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        done();
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    unsubscribe();
    return 0;
  } finally {
    await h.close();
  }
}

export async function baseline(ctx: Ctx, o: GlobalOpts): Promise<number> {
  const h = await openEngine(ctx, o, "golive baseline");
  try {
    await h.engine.monitor.pollListener();
    const m = await h.engine.monitor.captureBaseline(actor(ctx, o));
    out(ctx, `baseline (last 15 min): ${colorLine("", m).trim()}`);
    return m.errorRate === null ? ExitCode.aws : 0;
  } finally {
    await h.close();
  }
}

// ---- ECS steps ----------------------------------------------------------------------------------------

export async function ecsSnapshot(ctx: Ctx, o: GlobalOpts): Promise<number> {
  const h = await openEngine(ctx, o, "golive ecs snapshot");
  try {
    const ecs = needPart(h, "ecs", "ecs snapshot");
    const r = await h.ecs.describe([ecs.blueService, ecs.greenService]);
    await h.store.append("ecs.state.recorded", { services: r.raw }, actor(ctx, o));
    for (const s of r.services)
      out(
        ctx,
        `${s.name}: ${s.running}/${s.desired} running, ${s.taskDefinition.split("/").at(-1)}, rollout ${s.rolloutState}`,
      );
    for (const m of r.missing) out(ctx, `${m}: MISSING`);
    return 0;
  } finally {
    await h.close();
  }
}

export async function ecsDeployGreen(
  ctx: Ctx,
  o: GlobalOpts & { taskDefinition?: string; file?: string; count: string; yes?: boolean; wait?: string },
): Promise<number> {
  const count = Number(o.count);
  if (!Number.isInteger(count) || count < 1)
    throw new UserError(`--count must be a positive whole number, got "${o.count}"`, ExitCode.usage);
  const h = await openEngine(ctx, o, "golive ecs deploy-green");
  const by = actor(ctx, o);
  try {
    const ecs = needPart(h, "ecs", "ecs deploy-green");
    const alb = needPart(h, "alb", "ecs deploy-green (green's service registers in its target group)");
    let td = o.taskDefinition;
    if (o.file) {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(await readFile(resolve(ctx.cwd, o.file), "utf8"));
      } catch (e) {
        throw new UserError(
          `${o.file}: cannot read task definition (${(e as Error).message})`,
          ExitCode.input,
        );
      }
      const r = await h.ecs.registerTaskDefinition(body);
      td = r.arn;
      await h.store.append(
        "ecs.action",
        { action: "RegisterTaskDefinition", detail: `${r.arn} from ${o.file}`, ok: true },
        by,
      );
      out(ctx, `registered ${r.arn}`);
    }
    const green = ecs.greenService;
    const existing = await h.ecs.describe([green]);
    const plan = existing.services.length
      ? `update ${green}: ${td ? `task definition ${td}, ` : ""}desired ${count}`
      : `create ${green} with ${td} × ${count} behind ${alb.greenTargetGroupArn}`;
    if (!existing.services.length && !td)
      throw new UserError(
        `${green} does not exist: pass --task-definition or --file to create it`,
        ExitCode.usage,
      );
    out(ctx, plan);
    await confirm(ctx, `Deploy green (${plan})?`, o.yes);
    const after = existing.services.length
      ? await h.ecs.updateService({ name: green, desiredCount: count, taskDefinition: td })
      : await h.ecs.createService({
          name: green,
          taskDefinition: td!,
          desiredCount: count,
          targetGroupArn: alb.greenTargetGroupArn,
          containerName: green,
          containerPort: 8080,
        });
    await h.store.append(
      "ecs.action",
      { action: existing.services.length ? "UpdateService" : "CreateService", detail: plan, ok: true },
      by,
    );
    const timeoutS = Number(o.wait ?? 600);
    out(
      ctx,
      `waiting for steady state (running = desired, rollout COMPLETED, targets healthy; up to ${timeoutS} s)…`,
    );
    const deadline = performance.now() + timeoutS * 1000;
    let last = after;
    while (performance.now() < deadline) {
      last = (await h.ecs.describe([green])).services[0]!;
      const t = await h.engine.d.health.targets("green");
      out(
        ctx,
        `  ${green}: ${last.running}/${last.desired} running, ${last.pending} pending, rollout ${last.rolloutState}; targets ${t.healthy}/${t.total} healthy`,
      );
      if (
        last.running === last.desired &&
        last.rolloutState === "COMPLETED" &&
        t.total > 0 &&
        t.healthy === t.total
      ) {
        await h.store.append(
          "ecs.action",
          {
            action: "WaitSteady",
            detail: `${green} steady: ${last.running}/${last.desired}, targets ${t.healthy}/${t.total} healthy`,
            ok: true,
          },
          by,
        );
        out(ctx, "✓ green is steady");
        return 0;
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
    await h.store.append(
      "ecs.action",
      { action: "WaitSteady", detail: `${green} not steady after ${timeoutS} s`, ok: false },
      by,
    );
    throw new UserError(
      `${green} not steady after ${timeoutS} s (${last.running}/${last.desired} running, rollout ${last.rolloutState})`,
      ExitCode.aws,
    );
  } finally {
    await h.close();
  }
}

/** Blue to zero: only when the gate is open (or with an override reason), confirmed. */
export async function ecsScaleBlue(
  ctx: Ctx,
  o: GlobalOpts & { count: string; override?: string; yes?: boolean },
): Promise<number> {
  const count = Number(o.count);
  if (!Number.isInteger(count) || count < 0)
    throw new UserError(`--count must be a whole number, got "${o.count}"`, ExitCode.usage);
  const h = await openEngine(ctx, o, "golive ecs scale-blue");
  try {
    const ecs = needPart(h, "ecs", "ecs scale-blue");
    needPart(h, "alb", "ecs scale-blue (blue is drained only once the listener shows it)");
    await h.engine.reconcileOnOpen(actor(ctx, o));
    await h.engine.refreshForGate();
    // Through the traffic actor: a rollback fences it, and it judges the listener as AWS shows it now.
    const r = await h.engine.controller.scaleBlue(async (listener, send) => {
      // The one gate (domain/gate.ts): green confirmed at 100 % for the stable hour, blue serving
      // nothing, no rollback since, no unacknowledged critical alert, fresh evidence; and AWS, read
      // inside this intent, must show blue serving nothing right now.
      const problems = [...h.engine.gate("scale-blue", { withinIntent: true }).reasons];
      const w = listener.weights;
      if (!(listener.raw.blue === 0 && listener.raw.green > 0))
        problems.unshift(`blue still takes traffic: AWS shows blue ${w.blue} / green ${w.green} now`);
      if (problems.length && count === 0 && !o.override) {
        throw new UserError(
          `scaling blue to 0 refused: ${problems.join("; ")}`,
          ExitCode.refused,
          "wait, or pass --override REASON (recorded)",
        );
      }
      out(ctx, `scale ${ecs.blueService} to ${count}${problems.length ? ` (override: ${o.override})` : ""}`);
      await confirm(
        ctx,
        `Scale blue (${ecs.blueService}) to ${count}? After this, rollback needs blue scaled up again.`,
        o.yes,
      );
      const done = await send(() => h.ecs.updateService({ name: ecs.blueService, desiredCount: count }));
      await h.store.append(
        "ecs.action",
        {
          action: "ScaleBlue",
          detail: `${done.name} desired ${count}${problems.length ? `; override: ${o.override}` : ""}`,
          ok: true,
        },
        actor(ctx, o),
      );
      return done;
    });
    out(ctx, `✓ ${r.name} desired ${r.desired}`);
    return 0;
  } finally {
    await h.close();
  }
}
