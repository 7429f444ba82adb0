/**
 * The EKS rehearsal's two clocks that matter (issue 15), in real tmux on `golive demo --runbook
 * go-live --scenario crash-canary`: from the first canary pod entering CrashLoopBackOff (the
 * kubelet's first BackOff event, on the sandbox's clock as kubectl shows it) to the crash alert on
 * screen, and from `y` in the rollback dialog to the rollout shown COMPLETE again (and kubectl's
 * `rollout status` agreeing). Both in sandbox seconds (what a lead on a real cluster would wait,
 * whatever the demo's speed) and in wall milliseconds at the bench's speed.
 */
import { join } from "node:path";
import { freePortPair } from "../test/helpers/ports.js";
import { runKubectl } from "../test/helpers/sandbox.js";
import { sandboxNow, until } from "./cockpit.js";
import { BIN, cockpitEnv, type Summary, summarize, TmuxSession, tempDir } from "./lib.js";

const DEP = "nba-mcp-synthesis";
const NS = "nba-mcp";

export interface K8sResult {
  speed: number;
  crashToAlert: { sandboxS: Summary; wallMs: Summary };
  rollbackToComplete: { sandboxS: Summary; wallMs: Summary };
}

/** The first BackOff event's time (sandbox clock, whole seconds as Kubernetes stamps it), if any. */
async function firstBackOff(kubeconfig: string): Promise<number | undefined> {
  const r = await runKubectl(kubeconfig, ["get", "events", "-n", NS, "-o", "json"]);
  if (r.code !== 0) return undefined;
  const times = (
    JSON.parse(r.stdout).items as { reason: string; firstTimestamp?: string; eventTime?: string }[]
  )
    .filter((e) => e.reason === "BackOff")
    .map((e) => Date.parse(e.firstTimestamp ?? e.eventTime ?? ""))
    .filter(Number.isFinite);
  return times.length ? Math.min(...times) : undefined;
}

export async function benchK8s(trials: number, speed = 15): Promise<K8sResult> {
  const alert = { sb: [] as number[], wall: [] as number[] };
  const back = { sb: [] as number[], wall: [] as number[] };
  for (let i = 0; i < trials; i++) {
    const port = await freePortPair();
    const sessions = tempDir("bench-k8s-");
    const t = await TmuxSession.start(
      `k8s-${i}-${port}`,
      { columns: 200, rows: 50 },
      `node ${BIN} demo --runbook go-live --scenario crash-canary --speed ${speed} --port ${port}`,
      cockpitEnv(sessions, { NO_COLOR: "1" }),
    );
    try {
      const kubeconfig = join(sessions, `.sandbox-${port}`, "kubeconfig");
      await until(t, (s) => s.includes(`K8S ${NS}/${DEP} `), "the Kubernetes pane", 60_000);
      const shown = await until(
        t,
        (s) => s.includes(`CRITICAL: PAUSE TRIGGER: ${DEP} rev 2:`),
        "the crash alert",
        180_000,
        5,
      );
      const shownSb = await sandboxNow(port);
      if (!/CrashLoopBackOff/.test(shown)) throw new Error("bench: the alert did not name CrashLoopBackOff");
      const backOff = await firstBackOff(kubeconfig);
      if (backOff === undefined) throw new Error("bench: no BackOff event, yet the alert is on screen");
      alert.sb.push((shownSb - backOff) / 1000);
      alert.wall.push((shownSb - backOff) / speed);

      await t.keys("R");
      await until(t, (s) => s.includes("ROLL BACK to 100 % blue"), "the rollback dialog");
      const sb0 = await sandboxNow(port);
      const wall0 = Date.now();
      await t.keys("y");
      await until(
        t,
        (s) => s.includes(`K8S ${NS}/${DEP} COMPLETE`) && !s.includes("ROLLING BACK"),
        "the rollout complete again",
        180_000,
        5,
      );
      back.wall.push(Date.now() - wall0);
      back.sb.push(((await sandboxNow(port)) - sb0) / 1000);
      const status = await runKubectl(kubeconfig, [
        "rollout",
        "status",
        `deployment/${DEP}`,
        "-n",
        NS,
        "--timeout=10s",
      ]);
      if (!status.stdout.includes("successfully rolled out"))
        throw new Error(`bench: golive shows COMPLETE but kubectl says: ${status.stdout}${status.stderr}`);
      await t.keys("q");
    } finally {
      t.kill();
    }
  }
  return {
    speed,
    crashToAlert: { sandboxS: summarize(alert.sb), wallMs: summarize(alert.wall) },
    rollbackToComplete: { sandboxS: summarize(back.sb), wallMs: summarize(back.wall) },
  };
}

export function k8sMarkdown(r: K8sResult): string[] {
  const s = (x: Summary, unit: string, d = 1) =>
    `${x.p50.toFixed(d)} ${unit} (min ${x.min.toFixed(d)}, max ${x.max.toFixed(d)}, n=${x.n})`;
  return [
    "## 11. EKS: crash to alert, R to rollout complete (issue 15)",
    "",
    `\`golive demo --runbook go-live --scenario crash-canary --speed ${r.speed}\` in real tmux at 200×50; the sandbox's CD pipeline rolls out a crash-looping image. Sandbox seconds are what a lead would wait on a real cluster; wall time is at the demo's speed.`,
    "",
    "| interval | sandbox time | wall time |",
    "|---|---|---|",
    `| first pod in CrashLoopBackOff (kubelet's first BackOff event) → crash alert on screen | ${s(r.crashToAlert.sandboxS, "s")} | ${s(r.crashToAlert.wallMs, "ms", 0)}, derived: sandbox time ÷ ${r.speed} (the event is stamped on the sandbox's clock) |`,
    `| \`y\` in the rollback dialog → rollout COMPLETE on screen (kubectl rollout status agrees) | ${s(r.rollbackToComplete.sandboxS, "s")} | ${s(r.rollbackToComplete.wallMs, "ms", 0)} |`,
    "",
  ];
}
