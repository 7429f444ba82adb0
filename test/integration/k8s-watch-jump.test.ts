/**
 * A lead who moves a rehearsal's sandbox clock makes the Kubernetes pane's last read old at once.
 * The rollout watch reads the Deployment again at that moment (as the monitor does for AWS), not
 * when its poll comes round, so the pane does not sit on "STALE" for a whole poll period. A read
 * in flight at the jump began before it, so one more read follows it (one, however many jumps); a
 * stopped watch reads nothing more. The Deployment is the
 * sandbox's, read over HTTP by the real Kubernetes client; the poll period (10 minutes of real
 * time) never comes round within a test, so any read after the first is the jump's.
 */
import { describe, expect, it } from "vitest";
import { RolloutWatch, rolloutEvidence } from "../../source/engine/k8s-watch.js";
import { KubeRollouts } from "../../source/integrations/kubernetes/rollouts.js";
import { sandboxEachTest } from "../helpers/sandbox-each.js";

const t = sandboxEachTest();

function watchOnSandbox() {
  const { sb, kubeconfig } = t;
  const real = new KubeRollouts({ kubeconfig, context: "golive-sandbox", now: () => sb.clock.now() });
  const reads = { started: 0 };
  const watch = new RolloutWatch({
    rollouts: {
      read: (ns, name) => {
        reads.started++;
        return real.read(ns, name);
      },
      undo: (...a) => real.undo(...a),
    },
    namespace: "nba-mcp",
    deployment: "nba-mcp-synthesis",
    clock: {
      now: () => sb.clock.now(),
      sleep: async () => {},
      onJump: (fn) => sb.clock.onEveryMove(fn),
    },
    pollMs: 600_000,
    maxAgeMs: 60_000,
  });
  return { watch, reads };
}

/** Resolves once the watch holds a read made at or after `at` (sandbox clock). */
function readSince(watch: RolloutWatch, at: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if ((watch.snapshot.at ?? -1) >= at) {
        off();
        resolve();
      }
    };
    const off = watch.subscribe(check);
    check();
  });
}

describe("the rollout watch when the sandbox clock jumps", () => {
  it("reads the Deployment again at the jump: the pane is fresh, not stale until the next poll", async () => {
    const { sb } = t;
    const { watch, reads } = watchOnSandbox();
    watch.start();
    await readSince(watch, sb.clock.now());
    expect(reads.started).toBe(1);
    expect(rolloutEvidence(watch.snapshot, sb.clock.now())).toBeUndefined();

    sb.clock.advance(15 * 60_000);
    const jumped = sb.clock.now();
    await readSince(watch, jumped);
    // The jump alone made the second read (the poll is ten real minutes away).
    expect(reads.started).toBe(2);
    expect(watch.snapshot.view?.readAt).toBe(jumped);
    expect(rolloutEvidence(watch.snapshot, jumped)).toBeUndefined();
    watch.stop();
  });

  it("reads once more after a read in flight at the jump, and a stopped watch reads nothing", async () => {
    const { sb } = t;
    const { watch, reads } = watchOnSandbox();
    watch.start();
    // Two jumps while the first read is still in flight: never two reads at once, and the read
    // that began before them is followed by exactly one more.
    sb.clock.advance(60_000);
    sb.clock.advance(60_000);
    expect(reads.started).toBe(1);
    const jumped = sb.clock.now();
    await readSince(watch, jumped);
    expect(reads.started).toBe(2);
    expect(rolloutEvidence(watch.snapshot, jumped)).toBeUndefined();
    await watch.poll();
    expect(reads.started).toBe(2);

    watch.stop();
    sb.clock.advance(15 * 60_000);
    expect(reads.started).toBe(2);
    // Stale, as it should be: nothing read it since.
    expect(rolloutEvidence(watch.snapshot, sb.clock.now())).toMatch(/^STALE: last read \d+ s ago$/);
  });
});
