/**
 * The Kubernetes pane on the one-second clock: its read ages on screen with no new read, and goes
 * STALE (no evidence) once older than its limit, drawn by the tick alone. A tick asks only whether
 * the read's evidence line reads differently (issue 14); the rest of the pane is the snapshot's.
 */
import { describe, expect, it } from "vitest";
import { judgeRollout } from "../../source/domain/rollout.js";
import type { RolloutSnapshot } from "../../source/engine/k8s-watch.js";
import { KubePane } from "../../source/ui/components/KubePane.js";
import { tickerFor } from "../../source/ui/hooks/clock.js";
import { theme } from "../helpers/cockpit.js";
import { renderAt } from "../helpers/ink.js";
import { rolloutView } from "../helpers/rollout-view.js";

const T = Date.parse("2026-11-23T12:00:00Z");

const view = rolloutView({
  readAt: T,
  generation: 2,
  observedGeneration: 2,
  revision: 2,
  revisions: [{ revision: 2, replicaSet: "web-b", images: ["web:2.1"], desired: 2, ready: 2 }],
  nodes: { ready: 2, total: 2 },
});

describe("the Kubernetes pane's tick", () => {
  it("goes STALE with its age when the read grows older than its limit, with no new read", async () => {
    let now = T + 5_000;
    const clock = { now: () => now };
    // A 20 ms ticker for this clock, taken by the pane's first render (tickerFor keeps one per
    // clock): the test is about what a tick draws, not its period, so it need not wait real seconds.
    tickerFor(clock, 20);
    const snapshot: RolloutSnapshot = {
      namespace: "shop",
      deployment: "web",
      view,
      verdict: judgeRollout(view),
      at: T,
      failures: 0,
      maxAgeMs: 30_000,
    };
    const size = { columns: 80, rows: 8 };
    const r = renderAt(
      <KubePane snapshot={snapshot} clock={clock} width={80} height={6} theme={theme} />,
      size,
    );
    await r.waitFor((f) => f.includes("rev 2 COMPLETE: 2/2 updated"), "the current read");
    expect(r.frame()).not.toContain("STALE");
    now = T + 31_000;
    const stale = await r.waitFor((f) => f.includes("STALE: last read 31 s ago"), "stale at the tick");
    // The old view is shown for what it was, never with its verdict as now.
    expect(stale).toContain("rev 2 STALE: 2/2 updated");
    expect(stale).not.toContain("COMPLETE");
    now = T + 42_000;
    await r.waitFor((f) => f.includes("STALE: last read 42 s ago"), "its age at the next tick");
    r.unmount();
  });
});
