import { beforeEach, describe, expect, it } from "vitest";
import { RolloutWatch } from "../../source/engine/k8s-watch.js";
import { KubeRollouts } from "../../source/integrations/kubernetes/rollouts.js";
import { App } from "../../source/ui/app/App.js";
import { terminalSafeModel } from "../../source/ui/app/safe-model.js";
import { model, theme } from "../helpers/cockpit.js";
import { renderAt } from "../helpers/ink.js";
import { k8sSuite } from "../helpers/k8s-suite.js";
import { runKubectl } from "../helpers/sandbox.js";

/**
 * What the cluster says is data: an image string set by someone else (the API server takes any
 * non-empty string) carrying OSC 52 and a bidi override reaches the Kubernetes pane, `golive k8s
 * status` and the export (through an undo that names it) shown escaped, never emitted.
 */
const DEP = "nba-mcp-synthesis";
const HOSTILE = `${DEP}\u001b]52;c;cHduZWQ=\u0007\u202e:2.1-bad`;
const SHOWN = `${DEP}\\e]52;c;cHduZWQ=\\a\\u202e:2.1-bad`;
const k8s = k8sSuite();
const { g, whileClockMoves } = k8s;

beforeEach(async () => {
  const set = await runKubectl(k8s.kubeconfig, [
    "set",
    "image",
    `deployment/${DEP}`,
    `${DEP}=${HOSTILE}`,
    "-n",
    "nba-mcp",
  ]);
  expect(set.code, set.stderr).toBe(0);
  for (let i = 0; i < 12; i++) k8s.sb.clock.advance(10_000);
});

describe("hostile strings from Kubernetes", () => {
  it("the Kubernetes pane draws the image escaped", async () => {
    const watch = new RolloutWatch({
      rollouts: new KubeRollouts({
        kubeconfig: k8s.kubeconfig,
        context: "golive-sandbox",
        now: () => k8s.sb.clock.now(),
      }),
      namespace: "nba-mcp",
      deployment: DEP,
      clock: { now: () => k8s.sb.clock.now(), sleep: async () => {} },
      pollMs: 60_000,
      maxAgeMs: 600_000,
    });
    await watch.poll();
    expect(JSON.stringify(watch.snapshot.view)).toContain("\\u001b]52");
    const { m } = await model({ now: k8s.sb.clock.now() });
    m.rollout = () => watch.snapshot;
    const size = { columns: 200, rows: 50 };
    const r = renderAt(<App model={terminalSafeModel(m)} theme={theme} copy={() => {}} size={size} />, size);
    const frame = await r.waitFor((x) => x.includes(SHOWN), "the pane with the image escaped");
    expect(frame).toContain(`K8S nba-mcp/${DEP}`);
    expect(frame).not.toMatch(/[\u001b\u0007\u202e]/);
    r.unmount();
  });

  it("golive k8s status and the export (after an undo naming it) show it escaped", async () => {
    const status = await g(["k8s", "status"]);
    expect(status.stdout).toContain(SHOWN);
    expect(status.stdout + status.stderr).not.toMatch(/[\u001b\u0007\u202e]/);
    const undo = await whileClockMoves(g(["k8s", "undo", "--yes", "--reason", "hostile image"]));
    expect(undo.code, undo.stdout + undo.stderr).toBe(0);
    expect(undo.stdout).toContain(SHOWN);
    expect(undo.stdout).not.toMatch(/[\u001b\u0007\u202e]/);
    const md = await g(["export", "--out", "-"]);
    expect(md.code, md.stderr).toBe(0);
    // Escaped for the terminal, then for Markdown (its backslashes and bracket escaped in turn).
    expect(md.stdout).toMatch(
      /from revision 2 \(nba-mcp-synthesis\\\\e\\\]52;c;cHduZWQ=\\\\a\\\\u202e:2\.1-bad\)/,
    );
    expect(md.stdout).not.toMatch(/[\u001b\u0007\u202e]/);
  });
});
