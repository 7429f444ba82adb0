/**
 * engine/k8s-watch.ts with the Kubernetes API, the alert book and the timers in memory: each read
 * kept with its time and verdict, a failed read kept as its error beside the last good view (with
 * its age), polls never overlapping and backing off while the API fails, a moved clock read again at
 * once; one crash alert per change in which pods are in trouble, one deadline alert per revision.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RolloutView } from "../../source/domain/rollout-views.js";
import {
  CRASH_ALERT,
  DEADLINE_ALERT,
  type RolloutSnapshot,
  RolloutWatch,
  rolloutEvidence,
} from "../../source/engine/k8s-watch.js";
import { crashing, DEADLINE, podView, rolloutView } from "../helpers/rollout-view.js";

const T = Date.parse("2026-12-04T12:00:00.000Z");
const pod = podView;
const view = (o: Partial<RolloutView> = {}): RolloutView =>
  rolloutView({ readAt: T, generation: 2, observedGeneration: 2, pods: [pod("web-a"), pod("web-b")], ...o });
const crash = (name: string, restarts: number, reason = "CrashLoopBackOff") =>
  crashing(name, restarts, reason);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());
/** A wait that never ends fails in seconds, not at the suite's minute (mutation runs meet many). */
const FAIL_FAST_MS = 5000;

function rig(o: { alerts?: false; fire?: boolean; pollMs?: number } = {}) {
  const reads: (RolloutView | Error | (() => Promise<RolloutView>))[] = [];
  const asked: string[][] = [];
  const log: unknown[][] = [];
  let jump: (() => void) | undefined;
  const clock = {
    t: T + 5000,
    now: () => clock.t,
    sleep: async () => {},
    onJump: (fn: () => void) => {
      jump = fn;
      return () => {
        jump = undefined;
      };
    },
  };
  let last: RolloutView = view();
  const rollouts = {
    read: async (namespace: string, deployment: string) => {
      asked.push([namespace, deployment]);
      const next = reads.shift() ?? last;
      if (next instanceof Error) throw next;
      if (typeof next === "function") return next();
      last = next;
      return next;
    },
  };
  const alerts = {
    breached: async (...a: unknown[]) => void log.push(["breached", ...a]),
    recovered: (key: string) => void log.push(["recovered", key]),
  };
  const w = new RolloutWatch({
    rollouts: rollouts as never,
    namespace: "shop",
    deployment: "web",
    clock,
    pollMs: o.pollMs ?? 1000,
    maxAgeMs: 30_000,
    ...(o.alerts === false ? {} : { alerts: alerts as never }),
    ...(o.fire ? { fire: async (...a: unknown[]) => void log.push(["fire", ...a]) } : {}),
  });
  const raised = () => log.filter((e) => e[0] !== "recovered");
  return { w, reads, asked, log, raised, clock, jump: () => jump?.(), jumpSet: () => !!jump };
}

describe("a read", { timeout: FAIL_FAST_MS }, () => {
  it("kept with its verdict and read time; a failure kept beside the last good view, counted", async () => {
    const r = rig();
    let told = 0;
    const off = r.w.subscribe(() => told++);
    expect(r.w.snapshot).toEqual({
      namespace: "shop",
      deployment: "web",
      at: null,
      failures: 0,
      maxAgeMs: 30_000,
    });
    await r.w.poll();
    expect(r.asked).toEqual([["shop", "web"]]);
    expect(r.w.snapshot).toMatchObject({
      at: T,
      failures: 0,
      verdict: {
        state: "complete",
        summary: 'deployment "web" successfully rolled out (revision 3)',
        causes: [],
      },
    });
    expect(r.w.snapshot.error).toBeUndefined();
    expect(told).toBe(1);
    r.reads.push(new Error("connect ECONNREFUSED\nat socket"), new Error("again"));
    await r.w.poll();
    await r.w.poll();
    expect(r.w.snapshot).toMatchObject({ at: T, error: "again", failures: 2, view: { readAt: T } });
    r.reads.push(view({ readAt: T + 9000 }));
    await r.w.poll();
    expect(r.w.snapshot).toMatchObject({ at: T + 9000, failures: 0 });
    expect(r.w.snapshot.error).toBeUndefined();
    expect(told).toBe(4);
    off();
    await r.w.poll();
    expect(told).toBe(4);
  });

  it("a view without its read time takes the engine clock's; a thrown non-error is its text", async () => {
    const r = rig();
    r.reads.push(view({ readAt: undefined as unknown as number }));
    await r.w.poll();
    expect(r.w.snapshot.at).toBe(T + 5000);
    r.reads.push(async () => Promise.reject("forbidden: pods"));
    await r.w.poll();
    expect(r.w.snapshot.error).toBe("forbidden: pods");
    r.reads.push(async () => Promise.reject(undefined));
    await r.w.poll();
    expect(r.w.snapshot).toMatchObject({ error: "undefined", failures: 2 });
  });

  it("a poll asked for while one runs shares it", async () => {
    const r = rig();
    let release!: (v: RolloutView) => void;
    r.reads.push(() => new Promise<RolloutView>((res) => (release = res)));
    const a = r.w.poll();
    const b = r.w.poll();
    expect(b).toBe(a);
    release(view());
    await a;
    expect(r.asked).toHaveLength(1);
    await r.w.poll();
    expect(r.asked).toHaveLength(2);
  });
});

describe("start, back-off, a moved clock, stop", { timeout: FAIL_FAST_MS }, () => {
  it("polls every pollMs; while the API fails 2×, 4×, 8× then 8× apart; back to pollMs once it answers", async () => {
    const r = rig();
    r.reads.push(view(), new Error("1"), new Error("2"), new Error("3"), new Error("4"));
    r.w.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(r.asked).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(r.asked).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.asked).toHaveLength(2);
    // One failure: 2 s; two: 4 s; three and more: 8 s.
    for (const gap of [2000, 4000, 8000, 8000]) {
      await vi.advanceTimersByTimeAsync(gap - 1);
      const n = r.asked.length;
      await vi.advanceTimersByTimeAsync(1);
      expect(r.asked.length).toBe(n + 1);
    }
    expect(r.w.snapshot.failures).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.asked).toHaveLength(7);
    r.w.stop();
    expect(r.jumpSet()).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(r.asked).toHaveLength(7);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("stopped while a read runs: no poll after it; a clock that cannot jump; stop before start", async () => {
    const r = rig();
    let release!: (v: RolloutView) => void;
    r.reads.push(() => new Promise<RolloutView>((res) => (release = res)));
    r.w.start();
    r.w.stop();
    release(view());
    await vi.advanceTimersByTimeAsync(10_000);
    expect([r.asked.length, vi.getTimerCount()]).toEqual([1, 0]);
    // A clock without jumps (no onJump), stopped before it ever started, then started.
    const deps = {
      rollouts: { read: async () => view() } as never,
      namespace: "shop",
      deployment: "web",
      clock: { now: () => T, sleep: async () => {} },
      pollMs: 1000,
      maxAgeMs: 1,
    };
    new RolloutWatch(deps).stop();
    const again = new RolloutWatch(deps);
    again.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(again.snapshot.at).toBe(T);
    again.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a moved clock reads again at once; during a read, once more after it; not after stop", async () => {
    const r = rig({ pollMs: 60_000 });
    r.w.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(r.asked).toHaveLength(1);
    r.jump();
    await vi.advanceTimersByTimeAsync(0);
    expect(r.asked).toHaveLength(2);
    let release!: (v: RolloutView) => void;
    r.reads.push(() => new Promise<RolloutView>((res) => (release = res)));
    r.jump();
    r.jump();
    r.jump();
    await vi.advanceTimersByTimeAsync(0);
    expect(r.asked).toHaveLength(3);
    release(view());
    await vi.advanceTimersByTimeAsync(0);
    expect(r.asked).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(0);
    expect(r.asked).toHaveLength(4);
    // A jump during a read that ends after stop: nothing more.
    r.reads.push(() => new Promise<RolloutView>((res) => (release = res)));
    r.jump();
    await vi.advanceTimersByTimeAsync(0);
    r.jump();
    r.w.stop();
    release(view());
    await vi.advanceTimersByTimeAsync(120_000);
    expect(r.asked).toHaveLength(5);
  });
});

describe("alerts", { timeout: FAIL_FAST_MS }, () => {
  it("a crash: one alert per change in which pods are in trouble, counted and summed; recovered when none", async () => {
    const r = rig();
    await r.w.poll();
    expect(r.log).toEqual([
      ["recovered", CRASH_ALERT],
      ["recovered", DEADLINE_ALERT],
    ]);
    r.log.length = 0;
    const one = view({ available: 1, pods: [pod("web-a"), crash("web-b", 1)] });
    r.reads.push(one, { ...one, readAt: T + 1 });
    await r.w.poll();
    await r.w.poll();
    expect(r.raised()).toEqual([
      ["breached", CRASH_ALERT, "critical", "web rev 3: 1 pod CrashLoopBackOff (1 restart)"],
    ]);
    // Another pod joins (one still creating, an old revision's crashing): a new sighting.
    const more = view({
      available: 0,
      pods: [
        crash("web-b", 4),
        crash("web-a", 2, "OOMKilled"),
        pod("web-c", { reason: "ContainerCreating" }),
        crash("old", 9),
      ].map((p) => (p.name === "old" ? { ...p, revision: 2 } : p)),
    });
    r.reads.push(more);
    await r.w.poll();
    expect(r.raised().at(-1)).toEqual([
      "breached",
      CRASH_ALERT,
      "critical",
      "web rev 3: 3 pods CrashLoopBackOff (6 restarts)",
    ]);
    r.reads.push(view({ available: 1, pods: [crash("web-b", 0, "ImagePullBackOff")] }));
    await r.w.poll();
    expect(r.raised().at(-1)).toEqual([
      "breached",
      CRASH_ALERT,
      "critical",
      "web rev 3: 1 pod ImagePullBackOff",
    ]);
    // The same trouble, other pods around it (healthy, or an old revision's) or listed in another order: no new sighting.
    const n = r.raised().length;
    const pulls = [crash("web-b", 0, "ImagePullBackOff"), crash("web-d", 0, "ImagePullBackOff")];
    r.reads.push(
      view({ available: 0, pods: pulls }),
      view({ available: 0, pods: [...pulls].reverse() }),
      view({ available: 0, pods: [pod("web-e"), ...pulls, { ...crash("old", 3), revision: 2 }] }),
    );
    for (let i = 0; i < 3; i++) await r.w.poll();
    expect(r.raised().slice(n)).toEqual([
      ["breached", CRASH_ALERT, "critical", "web rev 3: 2 pods ImagePullBackOff"],
    ]);
    r.log.length = 0;
    r.reads.push(view());
    await r.w.poll();
    expect(r.log).toContainEqual(["recovered", CRASH_ALERT]);
    // The same trouble after a recovery is a new episode.
    r.reads.push(view({ available: 1, pods: [crash("web-b", 0, "ImagePullBackOff")] }));
    await r.w.poll();
    expect(r.raised()).toHaveLength(1);
  });

  it("past the progress deadline: one alert per revision, again for the next, recovered when progressing", async () => {
    const r = rig();
    r.reads.push(view({ conditions: DEADLINE }), view({ conditions: DEADLINE, readAt: T + 1 }));
    await r.w.poll();
    await r.w.poll();
    expect(r.raised()).toEqual([
      [
        "breached",
        DEADLINE_ALERT,
        "critical",
        'deployment "web" exceeded its progress deadline (rev 3, ProgressDeadlineExceeded)',
      ],
    ]);
    r.reads.push(
      view({ conditions: DEADLINE, revision: 4, pods: [] }),
      view({ conditions: DEADLINE, revision: null, pods: [] }),
    );
    await r.w.poll();
    await r.w.poll();
    expect(
      r
        .raised()
        .slice(1)
        .map((e) => e[3]),
    ).toEqual([
      'deployment "web" exceeded its progress deadline (rev 4, ProgressDeadlineExceeded)',
      'deployment "web" exceeded its progress deadline (rev ?, ProgressDeadlineExceeded)',
    ]);
    r.log.length = 0;
    r.reads.push(
      view({ revision: null, pods: [] }),
      view({ conditions: DEADLINE, revision: null, pods: [] }),
    );
    await r.w.poll();
    expect(r.log).toEqual([
      ["recovered", CRASH_ALERT],
      ["recovered", DEADLINE_ALERT],
    ]);
    await r.w.poll();
    expect(r.raised()).toHaveLength(1);
  });

  it("at the trigger's trust level when the controller fires it; an alert that fails is not the poll's", async () => {
    const r = rig({ fire: true });
    r.reads.push(view({ conditions: DEADLINE, pods: [crash("web-b", 1)] }));
    await r.w.poll();
    expect(r.raised()).toEqual([
      ["fire", "k8s-crash", CRASH_ALERT, "web rev 3: 1 pod CrashLoopBackOff (1 restart)"],
      [
        "fire",
        "k8s-deadline",
        DEADLINE_ALERT,
        'deployment "web" exceeded its progress deadline: CrashLoopBackOff (rev 3, ProgressDeadlineExceeded)',
      ],
    ]);
    const failing = new RolloutWatch({
      rollouts: { read: async () => view({ conditions: DEADLINE }) } as never,
      namespace: "shop",
      deployment: "web",
      clock: { now: () => T, sleep: async () => {} },
      pollMs: 1000,
      maxAgeMs: 1,
      alerts: { breached: async () => Promise.reject(new Error("disk")), recovered: () => {} } as never,
    });
    await failing.poll();
    expect(failing.snapshot).toMatchObject({ failures: 0, verdict: { state: "failed" } });
  });

  it("a read-only viewer shows, never alerts", async () => {
    const r = rig({ alerts: false });
    r.reads.push(view({ conditions: DEADLINE, pods: [crash("web-b", 1)] }));
    await r.w.poll();
    expect(r.log).toEqual([]);
    expect(r.w.snapshot).toMatchObject({ verdict: { state: "failed" }, failures: 0 });
    expect(r.w.snapshot.error).toBeUndefined();
  });
});

describe("rolloutEvidence", { timeout: FAIL_FAST_MS }, () => {
  const snap = (o: Partial<RolloutSnapshot> = {}) =>
    ({ namespace: "shop", deployment: "web", at: T, failures: 0, maxAgeMs: 30_000, ...o }) as never;
  it("waiting, no evidence, stale with its age, or fresh", () => {
    expect(rolloutEvidence(snap({ at: null }), T)).toBe("waiting for the first read");
    expect(rolloutEvidence(snap({ at: null, error: "forbidden" }), T)).toBe("NO EVIDENCE: forbidden");
    expect(rolloutEvidence(snap({ error: "timeout" }), T + 12_400)).toBe("STALE (12 s old): timeout");
    expect(rolloutEvidence(snap({ error: "timeout" }), T - 5000)).toBe("STALE (0 s old): timeout");
    expect(rolloutEvidence(snap(), T + 30_000)).toBeUndefined();
    expect(rolloutEvidence(snap(), T + 30_001)).toBe("STALE: last read 30 s ago");
    expect(rolloutEvidence(snap(), T + 45_600)).toBe("STALE: last read 46 s ago");
  });
});
