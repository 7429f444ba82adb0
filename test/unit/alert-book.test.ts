/**
 * engine/alerts.ts over a recorder in memory that folds what it records with golive's own reducer:
 * an alert is an episode (raised once, repeated while breached, ended by a recovery), a rise in
 * level is a new alert, an alert seen minutes ago is resumed after a reopen, an alert the session
 * cannot take is kept, shown and recorded in order later (never dropped), and an acknowledgement
 * takes each alert once even when keys are pressed in a burst.
 */
import { describe, expect, it } from "vitest";
import type { EventMap, SessionEvent, SessionState } from "../../source/domain/events.js";
import { apply } from "../../source/domain/reduce.js";
import { AlertBook, unacknowledged } from "../../source/engine/alerts.js";
import { gate } from "../helpers/gate.js";

const T0 = Date.parse("2026-12-04T12:00:00.000Z");
const ISO0 = "2026-12-04T12:00:00.000Z";

function rig(alerts: SessionState["alerts"] = []) {
  const clock = { t: T0 };
  let state = { alerts, items: {}, fields: {}, amendments: [] } as unknown as SessionState;
  const events: { type: string; data: Record<string, unknown>; by: string }[] = [];
  /** While set, every append fails with it (the disk full). */
  let refuse: Error | undefined;
  /** Appends wait for it before they land (a slow disk). */
  const slow = gate();
  let seq = 0;
  const recorder = {
    get state() {
      return state;
    },
    append: async <T extends keyof EventMap>(type: T, data: EventMap[T], by: string) => {
      await slow.wait;
      if (refuse) throw refuse;
      events.push({ type, data: data as Record<string, unknown>, by });
      const e = { type, data, by, at: new Date(clock.t).toISOString(), seq: ++seq, hash: "" } as SessionEvent;
      state = apply(state, e);
      return e;
    },
  };
  return {
    clock,
    events,
    recorder,
    refuse: (e?: Error) => {
      refuse = e;
    },
    hold: () => slow.shut(),
    book: (by?: string, annotate?: (key: string, m: string) => string) =>
      new AlertBook(recorder, () => clock.t, by, annotate),
    types: () => events.map((e) => e.type),
    get state() {
      return state;
    },
  };
}

describe("an episode", () => {
  it("raised once, repeated while breached with its count, ended by a recovery; a new breach is a new alert", async () => {
    const r = rig();
    const b = r.book();
    const id = await b.breached("error-rate:green", "critical", "5 %", "rollback");
    expect(id).toBe(`error-rate:green@${ISO0}`);
    expect(b.isOpen("error-rate:green")).toBe(true);
    r.clock.t += 60_000;
    expect(await b.breached("error-rate:green", "critical", "6 %", "rollback")).toBe(id);
    expect(r.events).toEqual([
      {
        type: "alert.raised",
        data: { alert: id, severity: "critical", message: "5 %", key: "error-rate:green", trust: "rollback" },
        by: "golive",
      },
      { type: "alert.repeated", data: { alert: id, count: 2, message: "6 %" }, by: "golive" },
    ]);
    b.recovered("error-rate:green");
    expect(b.isOpen("error-rate:green")).toBe(false);
    // Seen a minute ago, but it ended in this process: a new alert, the book's second.
    const next = await b.breached("error-rate:green", "critical", "7 %");
    expect(next).toBe("error-rate:green@2026-12-04T12:01:00.000Z#2");
    expect(r.events.at(-1)).toEqual({
      type: "alert.raised",
      data: { alert: next, severity: "critical", message: "7 %", key: "error-rate:green" },
      by: "golive",
    });
  });

  it("recorded by whom the book says, with what the runbook says to do about it", async () => {
    const r = rig();
    const b = r.book("golive (watch)", (key, m) => `${m} — runbook: roll back (${key})`);
    await b.breached("probe:green", "warning", "503");
    await b.breached("probe:green", "warning", "504");
    // A warning seen again is the same episode.
    expect(r.events.map((e) => [e.type, e.by, e.data.message])).toEqual([
      ["alert.raised", "golive (watch)", "503 — runbook: roll back (probe:green)"],
      ["alert.repeated", "golive (watch)", "504 — runbook: roll back (probe:green)"],
    ]);
  });

  it("a rise in severity or trust level is a new alert; the same or a lower one repeats", async () => {
    const r = rig();
    const b = r.book();
    const a = await b.breached("latency-p95:green", "warning", "p95", "advisory");
    const up = await b.breached("latency-p95:green", "critical", "p95", "advisory");
    expect(up).not.toBe(a);
    const pause = await b.breached("latency-p95:green", "critical", "p95", "pause");
    expect(pause).not.toBe(up);
    expect(await b.breached("latency-p95:green", "critical", "p95", "pause")).toBe(pause);
    expect(await b.breached("latency-p95:green", "warning", "p95", "advisory")).toBe(pause);
    const roll = await b.breached("latency-p95:green", "critical", "p95", "rollback");
    expect(roll).not.toBe(pause);
    // A level where none was recorded is a rise; none where one was is not.
    const unlevelled = await b.breached("listener:outside", "warning", "drift");
    const levelled = await b.breached("listener:outside", "warning", "drift", "advisory");
    expect(levelled).not.toBe(unlevelled);
    expect(await b.breached("listener:outside", "warning", "drift")).toBe(levelled);
    // No level on either side: the severity alone decides.
    const plain = await b.breached("k8s:crash", "critical", "crash");
    expect(await b.breached("k8s:crash", "critical", "crash")).toBe(plain);
    expect(await b.breached("k8s:crash", "warning", "crash")).toBe(plain);
    expect(r.types()).toEqual([
      "alert.raised",
      "alert.raised",
      "alert.raised",
      "alert.repeated",
      "alert.repeated",
      "alert.raised",
      "alert.raised",
      "alert.raised",
      "alert.repeated",
      "alert.raised",
      "alert.repeated",
      "alert.repeated",
    ]);
  });
});

describe("after a reopen", () => {
  const seen = (o: Partial<SessionState["alerts"][number]>) =>
    ({
      id: "error-rate:green@old",
      key: "error-rate:green",
      severity: "critical",
      message: "5 %",
      acknowledged: false,
      at: "2026-12-04T11:50:00.000Z",
      ...o,
    }) as SessionState["alerts"][number];

  it("an alert of the key seen in the last five minutes is the same episode, its count going on", async () => {
    const r = rig([
      seen({ id: "other", key: "probe:blue", lastSeenAt: ISO0 }),
      seen({ count: 4, lastSeenAt: "2026-12-04T11:55:00.000Z", trust: "rollback" }),
    ]);
    const b = r.book();
    expect(await b.breached("error-rate:green", "critical", "6 %", "rollback")).toBe("error-rate:green@old");
    expect(r.events).toEqual([
      {
        type: "alert.repeated",
        data: { alert: "error-rate:green@old", count: 5, message: "6 %" },
        by: "golive",
      },
    ]);
  });

  it("seen longer ago than that, or at a lower level, a new alert; no count recorded counts as one", async () => {
    const old = rig([seen({ lastSeenAt: "2026-12-04T11:54:59.999Z" })]);
    expect(await old.book().breached("error-rate:green", "critical", "x")).not.toBe("error-rate:green@old");
    // Without lastSeenAt, when it was raised is when it was last seen.
    const raised = rig([seen({ at: "2026-12-04T11:56:00.000Z" })]);
    await raised.book().breached("error-rate:green", "critical", "x");
    expect(raised.events[0]?.data).toEqual({ alert: "error-rate:green@old", count: 2, message: "x" });
    const lower = rig([seen({ lastSeenAt: ISO0, trust: "pause" })]);
    expect(await lower.book().breached("error-rate:green", "critical", "x", "rollback")).not.toBe(
      "error-rate:green@old",
    );
    // Of two alerts of the key, the newest is the episode.
    const two = rig([
      seen({ id: "first", lastSeenAt: "2026-12-04T11:50:00.000Z" }),
      seen({ id: "second", lastSeenAt: "2026-12-04T11:58:00.000Z" }),
    ]);
    expect(await two.book().breached("error-rate:green", "critical", "x")).toBe("second");
    const same = rig([seen({ lastSeenAt: ISO0, trust: "pause" })]);
    expect(await same.book().breached("error-rate:green", "critical", "x", "pause")).toBe(
      "error-rate:green@old",
    );
  });
});

describe("an alert the session cannot take", () => {
  it("is kept and shown with why, then recorded in order before anything newer", async () => {
    const r = rig();
    const b = r.book();
    r.refuse(new Error("ENOSPC: no space left on device"));
    const a = await b.breached("probe:green", "critical", "503");
    await b.breached("probe:green", "critical", "504");
    const c = await b.breached("listener:outside", "warning", "drift");
    expect(r.events).toEqual([]);
    expect(b.pending).toEqual([
      { id: a, severity: "critical", message: "503", error: "ENOSPC: no space left on device" },
      { id: c, severity: "warning", message: "drift", error: "ENOSPC: no space left on device" },
    ]);
    expect(await b.flush()).toBe(false);
    r.refuse(undefined);
    expect(await b.flush()).toBe(true);
    expect(r.events.map((e) => [e.type, e.data.message])).toEqual([
      ["alert.raised", "503"],
      ["alert.repeated", "504"],
      ["alert.raised", "drift"],
    ]);
    expect(b.pending).toEqual([]);
  });

  it("one still on its way to a slow disk is shown meanwhile, with no error (none happened)", async () => {
    const r = rig();
    const b = r.book();
    const open = r.hold();
    const raised = b.breached("probe:green", "critical", "503");
    expect(b.pending).toEqual([{ id: expect.any(String), severity: "critical", message: "503", error: "" }]);
    open();
    await raised;
    expect(b.pending).toEqual([]);
  });

  it("once the disk takes them again, a later alert on its way says no error (the old one is over)", async () => {
    const r = rig();
    const b = r.book();
    r.refuse(new Error("ENOSPC: the disk is full"));
    await b.breached("probe:green", "critical", "503");
    expect(b.pending.map((p) => p.error)).toEqual(["ENOSPC: the disk is full"]);
    r.refuse(undefined);
    expect(await b.flush()).toBe(true);
    const open = r.hold();
    const raised = b.breached("probe:blue", "critical", "503");
    expect(b.pending).toEqual([{ id: expect.any(String), severity: "critical", message: "503", error: "" }]);
    open();
    await raised;
  });

  it("flushes one after another: nothing recorded twice", async () => {
    const r = rig();
    const b = r.book();
    r.refuse(new Error("EROFS"));
    await b.breached("probe:green", "critical", "503");
    await b.breached("probe:blue", "critical", "503");
    r.refuse(undefined);
    const open = r.hold();
    const both = Promise.all([b.flush(), b.flush(), b.flush()]);
    open();
    expect(await both).toEqual([true, true, true]);
    expect(r.types()).toEqual(["alert.raised", "alert.raised"]);
  });

  it("a flush that failed does not stop the next one", async () => {
    const r = rig();
    const b = r.book();
    r.refuse(new Error("EIO"));
    await b.breached("probe:green", "critical", "503");
    const open = r.hold();
    const first = b.flush();
    r.refuse(undefined);
    r.refuse(new Error("EIO again"));
    open();
    expect(await first).toBe(false);
    expect(b.pending[0]?.error).toBe("EIO again");
    r.refuse(undefined);
    expect(await b.flush()).toBe(true);
    expect(r.types()).toEqual(["alert.raised"]);
  });
});

describe("acknowledging", () => {
  it("the newest unacknowledged alert, each once even when pressed in a burst; none left, nothing", async () => {
    const r = rig();
    const b = r.book();
    const a = await b.breached("probe:green", "critical", "503");
    const c = await b.breached("probe:blue", "critical", "503");
    const open = r.hold();
    const burst = Promise.all([
      b.acknowledgeNewest("ann"),
      b.acknowledgeNewest("ann"),
      b.acknowledgeNewest("ann"),
    ]);
    open();
    expect(await burst).toEqual([c, a, undefined]);
    expect(r.events.slice(2)).toEqual([
      { type: "alert.acknowledged", data: { alert: c }, by: "ann" },
      { type: "alert.acknowledged", data: { alert: a }, by: "ann" },
    ]);
    expect(unacknowledged(r.state)).toEqual([]);
    expect(await b.acknowledgeNewest("ann")).toBeUndefined();
  });

  it("a refused acknowledgement leaves the alert to acknowledge again", async () => {
    const r = rig();
    const b = r.book();
    const a = await b.breached("probe:green", "critical", "503");
    r.refuse(new Error("ENOSPC"));
    await expect(b.acknowledgeNewest("ann")).rejects.toThrow("ENOSPC");
    await expect(b.acknowledgeAll("ann")).rejects.toThrow("ENOSPC");
    r.refuse(undefined);
    expect(await b.acknowledgeNewest("ann")).toBe(a);
    const c = await b.breached("probe:blue", "critical", "503");
    r.refuse(new Error("ENOSPC"));
    await expect(b.acknowledgeAll("ann")).rejects.toThrow("ENOSPC");
    r.refuse(undefined);
    expect(await b.acknowledgeAll("ann")).toEqual([c]);
  });

  it("all of them in one event, leaving out one being acknowledged meanwhile; none, no event", async () => {
    const r = rig();
    const b = r.book();
    const ids = [
      await b.breached("probe:green", "critical", "503"),
      await b.breached("probe:blue", "critical", "503"),
      await b.breached("listener:outside", "warning", "drift"),
    ];
    const open = r.hold();
    const one = b.acknowledgeNewest("bob");
    const all = b.acknowledgeAll("ann");
    open();
    expect(await one).toBe(ids[2]);
    expect(await all).toEqual(ids.slice(0, 2));
    expect(r.events.slice(3)).toEqual([
      { type: "alert.acknowledged", data: { alert: ids[2] }, by: "bob" },
      { type: "alert.acknowledged", data: { alerts: ids.slice(0, 2) }, by: "ann" },
    ]);
    expect(await b.acknowledgeAll("ann")).toEqual([]);
    expect(r.events).toHaveLength(5);
    // Two at once: the second finds them all being acknowledged.
    await b.breached("k8s:deadline", "critical", "again");
    const hold = r.hold();
    const two = Promise.all([b.acknowledgeAll("ann"), b.acknowledgeAll("bob")]);
    hold();
    expect((await two).map((x) => x.length)).toEqual([1, 0]);
  });

  it("the cockpit's: exactly the alert or alerts it drew, never a newer one not on screen yet", async () => {
    const r = rig();
    const b = r.book();
    const drawn = await b.breached("probe:green", "critical", "503");
    const other = await b.breached("listener:outside", "warning", "drift");
    const undrawn = await b.breached("probe:blue", "critical", "503");
    expect(await b.acknowledgeNewest("ann", drawn)).toBe(drawn);
    expect(await b.acknowledgeNewest("ann", drawn)).toBeUndefined();
    expect(await b.acknowledgeNewest("ann", "no-such-alert")).toBeUndefined();
    expect(await b.acknowledgeAll("ann", [drawn, other])).toEqual([other]);
    expect(await b.acknowledgeAll("ann", [])).toEqual([]);
    expect(r.events.slice(3)).toEqual([
      { type: "alert.acknowledged", data: { alert: drawn }, by: "ann" },
      { type: "alert.acknowledged", data: { alerts: [other] }, by: "ann" },
    ]);
    expect(unacknowledged(r.state).map((a) => a.id)).toEqual([undrawn]);
  });
});
