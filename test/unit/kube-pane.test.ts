import { describe, expect, it } from "vitest";
import { judgeRollout } from "../../source/domain/rollout.js";
import type { RolloutView } from "../../source/domain/rollout-views.js";
import type { RolloutSnapshot } from "../../source/engine/k8s-watch.js";
import { kubeLines } from "../../source/ui/components/KubePane.js";
import { bodyHeight, columnHeight, layout } from "../../source/ui/layout.js";

const T = Date.parse("2026-11-23T12:00:00Z");

function view(over: Partial<RolloutView> = {}): RolloutView {
  return {
    namespace: "nba-mcp",
    deployment: "web",
    readAt: T,
    generation: 2,
    observedGeneration: 2,
    paused: false,
    desired: 3,
    updated: 1,
    ready: 2,
    available: 2,
    total: 3,
    conditions: [],
    revision: 2,
    revisions: [
      { revision: 1, replicaSet: "web-a", images: ["web:2.0"], desired: 2, ready: 2 },
      { revision: 2, replicaSet: "web-b", images: ["web:2.1-bad"], desired: 1, ready: 0 },
    ],
    pods: [
      {
        name: "web-b-x",
        revision: 2,
        phase: "Running",
        ready: false,
        restarts: 4,
        reason: "CrashLoopBackOff",
        node: "n1",
      },
      { name: "web-a-y", revision: 1, phase: "Running", ready: true, restarts: 0, reason: null, node: "n1" },
    ],
    warnings: [],
    nodes: { ready: 3, total: 3 },
    ...over,
  };
}

function snap(v: RolloutView | undefined, o: Partial<RolloutSnapshot> = {}): RolloutSnapshot {
  return {
    namespace: "nba-mcp",
    deployment: "web",
    view: v,
    verdict: v ? judgeRollout(v) : undefined,
    at: v ? v.readAt : null,
    failures: 0,
    maxAgeMs: 60_000,
    ...o,
  };
}

describe("the Kubernetes pane", () => {
  it("says why a rollout is stuck: the verdict, replicas, the crash-looping pod with restarts, revisions", () => {
    const { title, lines } = kubeLines(snap(view()), T + 1000);
    expect(title).toBe("K8S nba-mcp/web STALLED");
    expect(lines[0]!.text).toBe("rev 2 STALLED: 1/3 updated, 2 ready, 2 available, 2 old");
    expect(lines[0]!.tone).toBe("red");
    expect(lines[1]!.text).toBe("pod web-b-x rev 2 CrashLoopBackOff not ready, restarts 4");
    expect(lines.map((l) => l.text)).toContain("→ rev 2 web:2.1-bad 0/1 ready");
    expect(lines.map((l) => l.text)).toContain("  rev 1 web:2.0 2/2 ready");
  });

  it("a complete rollout is green with no pod lines", () => {
    const v = view({
      updated: 3,
      ready: 3,
      available: 3,
      total: 3,
      pods: [],
      revisions: [{ revision: 2, replicaSet: "web-b", images: ["web:2.1"], desired: 3, ready: 3 }],
    });
    const { title, lines } = kubeLines(snap(v), T);
    expect(title).toBe("K8S nba-mcp/web COMPLETE");
    expect(lines[0]).toEqual({ text: "rev 2 COMPLETE: 3/3 updated, 3 ready, 3 available", tone: "green" });
  });

  it("stale or failed reads are no evidence: never the old verdict as now", () => {
    const old = kubeLines(snap(view({ updated: 3, available: 3, ready: 3, pods: [] })), T + 120_000);
    expect(old.title).toBe("K8S nba-mcp/web STALE");
    expect(old.lines[0]!.text).toBe("STALE: last read 120 s ago");
    expect(old.lines[1]!.text).toMatch(/^rev 2 STALE:/);
    const failed = kubeLines(
      snap(view(), { error: "Kubernetes API refused list pods (HTTP 403)" }),
      T + 5000,
    );
    expect(failed.lines[0]!.text).toBe("STALE (5 s old): Kubernetes API refused list pods (HTTP 403)");
    const never = kubeLines(snap(undefined, { error: "connection refused" }), T);
    expect(never.lines).toEqual([{ text: "NO EVIDENCE: connection refused", tone: "yellow" }]);
  });

  it("ProgressDeadlineExceeded and NotReady nodes are named", () => {
    const v = view({
      conditions: [
        {
          type: "Progressing",
          status: "False",
          reason: "ProgressDeadlineExceeded",
          message: 'ReplicaSet "web-b" has timed out progressing.',
        },
      ],
      nodes: { ready: 2, total: 3 },
    });
    const texts = kubeLines(snap(v), T).lines.map((l) => l.text);
    expect(texts[1]).toBe('ProgressDeadlineExceeded: ReplicaSet "web-b" has timed out progressing.');
    expect(texts.at(-1)).toBe("nodes ready 2/3");
  });

  it.each([
    [80, 24],
    [120, 40],
    [200, 50],
  ])("has a place in the %i×%i layout of an EKS session, within the body", (cols, rows) => {
    for (const alerts of [0, 1, 3]) {
      const l = layout(cols, rows, alerts, true);
      expect(l.kube.height).toBeGreaterThanOrEqual(2);
      expect(l.columnsOf.flat()).toContain("kube");
      for (const col of l.columnsOf) expect(columnHeight(l, col)).toBeLessThanOrEqual(bodyHeight(l));
      // Without Kubernetes the pane takes nothing.
      expect(layout(cols, rows, alerts).kube.height).toBe(0);
    }
    expect(layout(80, 24, 1, true).checklist.height).toBeGreaterThanOrEqual(8);
  });
});
