/**
 * The EKS rehearsal in real tmux: `golive demo --runbook go-live --scenario crash-canary`. The
 * sandbox's CD pipeline rolls out a crash-looping image; the Kubernetes pane shows the rollout
 * stall and the alert names the runbook's "Application Crash" row within two polls; R, y moves the
 * listener back and undoes the rollout; the real kubectl confirms it complete on the previous image.
 */
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fits, recorded, waitOnClock } from "../helpers/demo.js";
import { BIN, tempDir } from "../helpers/paths.js";
import { freePortPair } from "../helpers/ports.js";
import { runKubectl } from "../helpers/sandbox.js";
import { cockpitEnv, killTmuxServer, TmuxSession } from "../helpers/tmux.js";
import { which } from "../helpers/which.js";

afterAll(() => killTmuxServer());

const DEP = "nba-mcp-synthesis";

describe.each([
  { columns: 80, rows: 24 },
  { columns: 200, rows: 50 },
])("EKS rehearsal at $columns×$rows", (size) => {
  it("bad image → crash alert → R → rollout complete on the previous revision (kubectl agrees)", async () => {
    const port = await freePortPair();
    const sessions = tempDir("eks-rehearsal-");
    const t = await TmuxSession.start(
      `eks-${size.columns}-${port}`,
      size,
      `node ${BIN} demo --runbook go-live --scenario crash-canary --speed 15 --port ${port}`,
      cockpitEnv(sessions, { NO_COLOR: "1" }),
    );
    try {
      const kubeconfig = join(sessions, `.sandbox-${port}`, "kubeconfig");
      const k = (...a: string[]) => runKubectl(kubeconfig, a);
      await t.waitFor(
        // Complete, or already rolling out 2.1-bad when a loaded machine starts the cockpit late.
        (x) => x.includes(`K8S nba-mcp/${DEP} `),
        "the Kubernetes pane",
        40_000,
      );
      // Its metrics are a real Prometheus's when one is installed (.ci/run installs it), else the
      // sandbox's CloudWatch, and the session says which.
      const note = (await recorded(sessions)).find((e) => e.type === "note.added");
      if (which("prometheus")) {
        expect(note?.data.text).toMatch(
          /^metrics: Prometheus http:\/\/127\.0\.0\.1:\d+ scraping the sandbox's/,
        );
        if (size.columns >= 200)
          await t.waitFor((x) => /BLUE 100 % .*· Prometheus/.test(x), "the blue pane fed by Prometheus");
      } else expect(note?.data.text).toMatch(/Prometheus is not installed \(apt-get install prometheus/);
      // The pipeline rolls out 2.1-bad a sandbox minute in; its pods crash-loop. The clock moves
      // the rollout on (no golive action is under way to be hurried by it).
      const stalled = await waitOnClock(
        { t, port },
        // go-live.md's "Application Crash → Immediate rollback" row sets k8s-crash to rollback
        // (auto-rollback is off in the demo: the lead presses R).
        (x) => x.includes("STALLED") && x.includes("ROLLBACK TRIGGER"),
        "the rollout stalled and the crash alert",
      );
      expect(fits(stalled, size)).toBe(true);
      // At 80 columns the rollback trigger's level and source fill the alert line before the pod's
      // reason; the recorded alert below carries it whole.
      expect(stalled).toMatch(
        size.columns >= 200 ? /CrashLoopBackOff/ : /ROLLBACK TRIGGER .*nba-mcp-synthesis/,
      );
      if (size.columns >= 200)
        expect(stalled).toContain("runbook matrix: Application Crash / Critical → Immediate rollback");
      const alert = (await recorded(sessions)).find((e) => e.type === "alert.raised");
      expect(alert?.data.message).toMatch(
        /CrashLoopBackOff .*runbook matrix: Application Crash \/ Critical → Immediate rollback/,
      );
      const before = JSON.parse((await k("get", `deployment/${DEP}`, "-n", "nba-mcp", "-o", "json")).stdout);
      expect(before.spec.template.spec.containers[0].image).toBe(`${DEP}:2.1-bad`);
      await t.keys("R");
      const dialog = await t.waitFor((x) => x.includes("ROLL BACK to 100 % blue"), "rollback dialog");
      if (size.columns >= 200)
        expect(dialog).toContain(`then undo nba-mcp/${DEP}: revision 2 (${DEP}:2.1-bad) → 1 (${DEP}:2.0)`);
      await t.keys("y");
      await t.waitFor(
        (x) => x.includes(`K8S nba-mcp/${DEP} COMPLETE`) && !x.includes("ROLLING BACK"),
        "the rollout complete again",
        60_000,
      );
      const after = JSON.parse((await k("get", `deployment/${DEP}`, "-n", "nba-mcp", "-o", "json")).stdout);
      expect(after.spec.template.spec.containers[0].image).toBe(`${DEP}:2.0`);
      expect(after.metadata.annotations["deployment.kubernetes.io/revision"]).toBe("3");
      const status = await k("rollout", "status", `deployment/${DEP}`, "-n", "nba-mcp", "--timeout=10s");
      expect(status.stdout).toContain("successfully rolled out");
      await t.keys("q");
      await t.waitFor((x) => !x.includes("K8S"), "the cockpit closed", 20_000);
      const undo = (await recorded(sessions)).filter((e) => e.type === "k8s.action").map((e) => e.data.phase);
      expect(undo).toEqual(["requested", "confirmed"]);
    } finally {
      t.kill();
    }
  }, 240_000);
});
