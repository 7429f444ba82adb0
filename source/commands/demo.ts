/**
 * `golive demo`: the sandbox plus the cockpit, a whole rehearsal with no cloud account. With the
 * EKS runbook (`--runbook go-live`, or any runbook that drives kubectl) the session releases the
 * sandbox's Deployment: the Kubernetes pane shows its rollout, R undoes it after the listener, and
 * the team's CD pipeline (the sandbox) rolls out the new image a sandbox minute after the start —
 * a crash-looping one in the crash-canary scenario.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ExitCode, UserError } from "../domain/errors.js";
import { parseT0 } from "../domain/t0.js";
import { PACKAGE_ROOT } from "../package-root.js";
import { keepParsedRunbook, parseRunbookCached } from "../runbook/cache.js";
import { readRunbookFile } from "../runbook/read.js";
import { parseShippedOr, SHIPPED } from "../runbook/shipped.js";
import { scheduleRollOut } from "../sandbox/k8s/pipeline.js";
import type { Scenario } from "../sandbox/scenario.js";
import { defaultScenario } from "../sandbox/scenario-defaults.js";
import { SessionStore } from "../session/store.js";
import { assertInteractive } from "../ui/app/run.js";
import { openCockpit, pollAtSpeed, terminal } from "./cockpit.js";
import { actor, type Ctx, type GlobalOpts, keepWriting, out, sessionsDir } from "./context.js";
import { type DemoPrometheus, startDemoPrometheus } from "./demo-prometheus.js";
import { envConfigOf } from "./env-config.js";
import { loadScenario, writeSandboxFiles } from "./sandbox.js";

/** Named rehearsals; a path to a JSON scenario works too. */
export function namedScenario(name: string): Scenario | undefined {
  const s = defaultScenario();
  const green = s.targetGroups.find((t) => t.key === "green")!;
  switch (name) {
    case "default":
    case "steady":
      return s;
    case "flaky-green":
      green.errorRate = 0.02;
      return s;
    case "slow-green":
      green.latency = { medianMs: 45, p95Ms: 80 };
      return s;
    // The EKS rehearsal's: the new image crash-loops (its traffic is the steady one's).
    case "crash-canary":
      return s;
    default:
      return undefined;
  }
}

/** Runbooks shipped in checklists/ that `--runbook NAME` names. */

export async function demo(
  ctx: Ctx,
  o: GlobalOpts & {
    speed: string;
    scenario: string;
    port: string;
    t0?: string;
    runbook?: string;
    ingress?: boolean;
    team?: boolean;
  },
): Promise<number> {
  const speed = Number(o.speed);
  if (!(speed >= 1 && speed <= 600))
    throw new UserError(`--speed must be 1 to 600, got "${o.speed}"`, ExitCode.usage);
  const port = Number(o.port);
  if (!Number.isInteger(port) || port < 1 || port > 65534)
    throw new UserError(`--port must be 1-65534, got "${o.port}"`, ExitCode.usage);
  const file = resolve(ctx.cwd, o.scenario);
  const named = namedScenario(o.scenario);
  if (!named && !existsSync(file)) {
    throw new UserError(
      `unknown scenario "${o.scenario}"`,
      ExitCode.usage,
      "use steady, flaky-green, slow-green, crash-canary, or a JSON scenario file",
    );
  }
  // A scenario file that exists but is wrong says what is wrong with it, field by field.
  const scenario = named ?? (await loadScenario(file));
  // The AWS Load Balancer Controller owns the listener: the written config names the Ingress, so
  // promote and rollback go through its annotation and are claimed from the listener (README).
  if (o.ingress) {
    const dep = scenario.kubernetes.deployments[0]?.name ?? "app";
    scenario.kubernetes.ingress = { name: dep, action: "blue-green", delaySeconds: 10 };
  }
  assertInteractive(terminal(ctx));
  // moto (a Python process) comes up while this one loads and starts the sandbox, not before it:
  // the lead's first frame with --team took 13 s at load 14, one start after the other.
  const teamStarting = o.team ? import("./demo-team.js").then((m) => m.startDemoTeam()) : undefined;
  // Only the demo needs the simulated AWS: `golive open` starts without loading it.
  // Its hour of history is simulated by the engine's first poll, after the first frame, which says
  // the panes are not read yet until then.
  const sbStarting = import("../sandbox/server.js").then(({ Sandbox }) =>
    Sandbox.start({ port, speed, scenario, historyOnFirstUse: true }).catch((e: Error) => {
      throw new UserError(e.message, ExitCode.usage);
    }),
  );
  const [teamStarted, sbStarted] = await Promise.allSettled([teamStarting, sbStarting]);
  if (teamStarted.status === "rejected" || sbStarted.status === "rejected") {
    // Whichever did start is stopped: a demo that cannot start leaves no moto or port behind.
    if (teamStarted.status === "fulfilled") await teamStarted.value?.stop();
    if (sbStarted.status === "fulfilled") await sbStarted.value.stop();
    throw teamStarted.status === "rejected"
      ? teamStarted.reason
      : (sbStarted as PromiseRejectedResult).reason;
  }
  const team = teamStarted.value;
  const sb = sbStarted.value;
  let stopPipeline: (() => void) | undefined;
  let prom: DemoPrometheus | undefined;
  try {
    const dir = join(sessionsDir(ctx, o), `.sandbox-${port}`);
    const files = await writeSandboxFiles(sb, dir);
    // Validated from the text just written, as loadEnvConfig would after reading it back.
    const env = envConfigOf(files.config, files.configText);
    // The team's own runbook, or a shipped one by name (deployment, go-live); its canary plan and
    // thresholds apply either way.
    const shipped = o.runbook && SHIPPED.includes(o.runbook) ? `checklists/${o.runbook}.md` : undefined;
    const runbookName = shipped ?? o.runbook ?? "checklists/deployment.md";
    const runbookFile = shipped
      ? join(PACKAGE_ROOT, shipped)
      : o.runbook
        ? resolve(ctx.cwd, o.runbook)
        : join(PACKAGE_ROOT, "checklists", "deployment.md");
    const { text, sha256 } = await readRunbookFile(runbookFile, runbookName);
    const rb = await parseShippedOr(runbookName, text, sha256, join(PACKAGE_ROOT, "dist"));
    // A runbook that drives kubectl is an EKS go-live: the session releases the sandbox's Deployment.
    if (team) env.config.team = team.team;
    const k = env.config.kubernetes;
    const eks = /\bkubectl\b/.test(text) && !!k?.deployment;
    if (eks && k) env.config.kubernetes = { ...k, release: true };
    // An EKS go-live reads its own monitoring: a real Prometheus scraping the sandbox, when installed.
    if (eks) {
      prom = await startDemoPrometheus({
        awsUrl: sb.awsUrl,
        dir,
        speed,
        periodSeconds: env.config.metrics.periodSeconds,
      });
      if (prom.ok) {
        env.config.prometheus = {
          url: prom.url,
          window: "1m",
          arms: { blue: "blue", green: "green" },
          queries: {},
          timeoutMs: 5000,
        };
        env.config.metrics = { ...env.config.metrics, source: "prometheus" };
      }
    }
    stopPipeline =
      eks && k?.deployment
        ? scheduleRollOut(sb.kube.cluster, sb.clock.now() + 60_000, {
            namespace: k.namespace,
            name: k.deployment,
            image: `${k.deployment}:${o.scenario === "crash-canary" ? "2.1-bad" : "2.1"}`,
          })
        : undefined;
    const sandboxClock = { now: () => sb.clock.now() };
    const user = actor(ctx, o);
    const t0 = o.t0 ? parseT0(o.t0, sb.clock.now()) : sb.clock.now() + 5 * 60_000;
    const created = await SessionStore.create(
      sessionsDir(ctx, o),
      {
        runbook: { file: runbookName, sha256, title: rb.title, text },
        t0: new Date(t0).toISOString(),
        version: "2.0",
        lead: user,
        env: "sandbox",
        config: { file: files.config, sha256: env.sha256, value: env.config },
        // Named, so `golive watch` in another terminal runs on the same (compressed) clock.
        clock: { source: "sandbox", url: sb.awsUrl, speed },
      },
      user,
      sandboxClock,
      undefined,
      // Without team mode this store is the cockpit's (below): its lock is the cockpit's from the start.
      team ? {} : { command: "golive open", amend: o.amend },
    );
    if (prom)
      await created.append(
        "note.added",
        {
          text: prom.ok
            ? `metrics: Prometheus ${prom.url} scraping the sandbox's /metrics/blue and /metrics/green every ${prom.scrapeMs} ms`
            : `metrics: ${prom.why}`,
        },
        user,
      );
    let viewer = "";
    if (team) {
      const { startTeam } = await import("./team.js");
      for (const l of await startTeam(ctx, o, created)) ctx.stderr.write(`${l.trim()}\n`);
      const { startDemoViewer } = await import("./demo-team.js");
      viewer = await startDemoViewer(
        dir,
        env.config,
        created.id,
        join(PACKAGE_ROOT, "bin", "golive.js"),
        ctx.env,
        team.people.approver,
      );
    }
    // Team mode closes the session it shared and the cockpit opens it again, linked to S3 as any
    // cockpit's is. Otherwise the cockpit goes on with this store: the lock is held throughout, never
    // released and taken again, and a crash at any point leaves the session on disk for `golive open`.
    if (team) await created.close();
    // The parse is of the text the session stores (nothing was redacted): later commands read it, and
    // the cockpit draws it. Anything redacted is parsed from the session's own text instead.
    const cacheDir = join(dirname(created.file), ".cache");
    const same = created.state.runbook.text === text;
    if (same) await keepParsedRunbook(cacheDir, runbookName, sha256, rb);
    const opened = team
      ? undefined
      : keepWriting(
          ctx,
          o,
          created,
          same ? rb : await parseRunbookCached(cacheDir, runbookName, created.state.runbook.text, sha256),
        );
    // The lead is one person to AWS (STS), the viewer another: the step to 100 % waits for its approval.
    const demoCtx: Ctx = { ...ctx, clock: sandboxClock, env: { ...ctx.env, ...team?.people.lead } };
    // At N× speed the monitor polls N× as often, so the screen keeps pace with sandbox time.
    await openCockpit(
      demoCtx,
      { ...o, session: created.file },
      {
        readOnly: false,
        opened,
        clock: {
          now: sandboxClock.now,
          sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
          onJump: (fn) => sb.clock.onEveryMove(fn),
        },
        clockRate: speed,
        tuneConfig: pollAtSpeed(speed),
        // People approve on the hosts' clock, not the sandbox's compressed one.
        approvalNow: () => ctx.clock.now(),
      },
      sandboxClock.now,
    );
    out(
      ctx,
      `demo ended; the session is ${created.file}\n${viewer ? `the viewer (second bastion): sh ${viewer}\n` : ""}reopen it with: golive open --sessions ${sessionsDir(ctx, o)} (the sandbox is gone, so AWS calls will fail)\nexport it with: golive export --sessions ${sessionsDir(ctx, o)}`,
    );
    return 0;
  } finally {
    stopPipeline?.();
    if (prom?.ok) await prom.stop();
    await sb.stop();
    await team?.stop();
  }
}
